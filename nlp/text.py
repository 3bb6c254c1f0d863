"""Normalisation and tokenisation: text in, one :class:`Analysis` out.

Every token keeps its character span in the ORIGINAL text, so the classifier's
features and the scorer's findings point at the words the person wrote.
URLs, e-mails, phone numbers, numbers and emoticons become placeholder norms
(``<url>``, ``<email>``, ``<phone>``, ``<num>``, ``<smile>``, ``<sad>``,
``<emoji>``); words get a lemma and grammemes from :mod:`nlp.morph`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import morph

MAX_WORD = 40  # longer "words" (base64, keyboard mashing) are not sent to pymorphy3

# Spans found before tokenisation; the first group that matches names the kind.
# Runs start only at the beginning of a word and never backtrack (possessive ++),
# so the scan stays linear even on a 100,000-character "word".
_SPECIAL = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+|(?<![\w-])[\w-]++\.(?:ru|com|рф|net|org|su)\b(?:/\S*)?)"
    r"|(?P<email>(?<![\w.+-])[\w.+-]++(?<!\.)@[\w-]+\.[\w.-]+)"
    r"|(?P<phone>(?<!\d)(?:\+7|8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?!\d)"
    r"|\[(?:телефон|phone)\])"
    r"|(?P<emo>[:;=][-o^]?[)(DdPpрР3*]+|\){2,}|\({2,}"
    r"|[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764]\ufe0f?)",
    re.IGNORECASE,
)

_POSITIVE_EMOJI = set("😊🙂😀😃😄😁😉👍🙏❤💪🔥👏🥰😍🤗⭐✨💐🌹😇🤝✅")
_NEGATIVE_EMOJI = set("😡😠🤬👎😢😭😞😤💩🙄😒😫😩😱🤦❌😔")

# Latin letters that look like Cyrillic ones, folded inside mixed-script words.
_LOOKALIKE = str.maketrans("aceopxykmthbACEOPXYKMTHB", "асеорхукмтнвАСЕОРХУКМТНВ")
# Invisible characters dropped from norms (offsets still point into the original).
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"), None)
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_WORDLIKE = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its original text and span, normal form, lemma and grammemes."""

    text: str
    start: int
    end: int
    norm: str
    lemma: str
    kind: str  # word | num | punct | url | email | phone | emo
    pos: str | None = None
    grammemes: frozenset[str] = frozenset()

    @property
    def is_word(self) -> bool:
        return self.kind == "word"


@dataclass(frozen=True, slots=True)
class Analysis:
    """The one analysis of a text that every downstream component reads."""

    text: str
    tokens: tuple[Token, ...]

    @property
    def lemmas(self) -> list[str]:
        """Lemmas of words and placeholders, punctuation left out."""
        return [t.lemma for t in self.tokens if t.kind != "punct"]

    @property
    def normalized(self) -> str:
        """Lower-cased, ё-folded, placeholder-masked text (for character features)."""
        return " ".join(t.norm for t in self.tokens)


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("ru").tokenizer


def _emo_norm(text: str) -> str:
    if text[0] in _POSITIVE_EMOJI or ")" in text or text[-1:] in "DdPpрР3*":
        return "<smile>"
    if text[0] in _NEGATIVE_EMOJI or "(" in text:
        return "<sad>"
    return "<emoji>"


def _word_token(text: str, start: int) -> Token:
    end = start + len(text)
    norm = morph.fold(text.translate(_INVISIBLE))
    if not norm:
        return Token(text, start, end, "", "", "punct")
    if _DIGIT.search(norm):
        return Token(text, start, end, "<num>", "<num>", "num")
    if not _WORDLIKE.search(norm) and not any(c in norm for c in "*@#$%"):
        return Token(text, start, end, norm, norm, "punct")
    if _CYRILLIC.search(norm) and _LATIN.search(norm):
        norm = norm.translate(_LOOKALIKE)
    if len(norm) > MAX_WORD:
        return Token(text, start, end, norm, norm, "word")
    p = morph.parse(norm)
    return Token(text, start, end, norm, p.lemma, "word", p.pos, p.grammemes)


def _tokenize_plain(text: str, offset: int, out: list[Token]) -> None:
    if not text.strip():
        return
    for t in _tokenizer()(text):
        if not t.text.strip():
            continue
        out.append(_word_token(t.text, offset + t.idx))


def analyze(text: str) -> Analysis:
    """Tokenise, normalise and lemmatise a text once.

    >>> [t.lemma for t in analyze("Мастер не пришёл!").tokens]
    ['мастер', 'не', 'прийти', '!']
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text as str, got {type(text).__name__}")
    tokens: list[Token] = []
    pos = 0
    for m in _SPECIAL.finditer(text):
        _tokenize_plain(text[pos:m.start()], pos, tokens)
        kind = m.lastgroup
        norm = _emo_norm(m.group()) if kind == "emo" else f"<{kind}>"
        tokens.append(Token(m.group(), m.start(), m.end(), norm, norm, kind))
        pos = m.end()
    _tokenize_plain(text[pos:], pos, tokens)
    return Analysis(text, tuple(tokens))
