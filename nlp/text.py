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
TOKEN_CACHE = 100_000  # distinct token texts whose analysis is kept
RUN_CACHE = 50_000  # distinct whitespace-free runs whose tokens are kept
MAX_RUN = 64  # longer runs are tokenised each time

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
_RUN = re.compile(r"\S+")
# spaCy's affix splitting is quadratic in the length of a whitespace-free run (20,000 colons
# took 45 s): longer runs are split here, linearly, into words and single other characters
_LONG_RUN = re.compile(r"(?<!\S)\S{%d,}" % (MAX_RUN + 1))
_PIECE = re.compile(r"\w+|[^\w\s]")
_SURROGATE = re.compile("[\ud800-\udfff]")


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


def _word_fields(text: str) -> tuple:
    """(norm, lemma, kind, pos, grammemes) of one token's text: everything but its span."""
    norm = morph.fold(text.translate(_INVISIBLE))
    if not norm:
        return "", "", "punct", None, frozenset()
    if _DIGIT.search(norm):
        return "<num>", "<num>", "num", None, frozenset()
    if not _WORDLIKE.search(norm) and not any(c in norm for c in "*@#$%"):
        return norm, norm, "punct", None, frozenset()
    if _CYRILLIC.search(norm) and _LATIN.search(norm):
        norm = norm.translate(_LOOKALIKE)
    if len(norm) > MAX_WORD:
        return norm, norm, "word", None, frozenset()
    p = morph.parse(norm)
    return norm, p.lemma, "word", p.pos, p.grammemes


# The same token text always gets the same fields: keep them for the common forms
# (bounded like the morph cache; over-long "words" are not kept).
_cached_fields = lru_cache(maxsize=TOKEN_CACHE)(_word_fields)


def _fields(text: str) -> tuple:
    return _cached_fields(text) if len(text) <= MAX_WORD else _word_fields(text)


def _tokenize_spacy(text: str, offset: int, out: list[Token]) -> None:
    for t in _tokenizer()(text):
        if t.text.strip():
            out.append(Token(t.text, offset + t.idx, offset + t.idx + len(t.text), *_fields(t.text)))


@lru_cache(maxsize=1)
def _spaced_parts() -> tuple[str, ...]:
    """The longest part of each tokenizer exception that spans a space («канд. техн. наук»)."""
    return tuple(sorted({max(k.split(), key=len).lower() for k in _tokenizer().rules if len(k.split()) > 1}))


def _run_tokens(run: str) -> tuple[tuple[tuple[int, str, tuple], ...], bool]:
    """spaCy's tokens of one whitespace-free run as (offset, text, fields), and whether the
    run may belong to an exception that spans a space."""
    low = run.lower()
    return (tuple((t.idx, t.text, _fields(t.text)) for t in _tokenizer()(run)),
            any(p in low for p in _spaced_parts()))


# spaCy tokenises each whitespace-free run on its own, except for the exceptions that
# span a space: the runs are tokenised once and kept, and a text with a run that may
# take part in such an exception goes to spaCy whole (tests/test_text.py checks both
# ways agree).
_cached_run = lru_cache(maxsize=RUN_CACHE)(_run_tokens)


def _tokenize_plain(text: str, offset: int, out: list[Token]) -> None:
    pos = 0
    for m in _LONG_RUN.finditer(text):
        _tokenize_runs(text[pos:m.start()], offset + pos, out)
        for p in _PIECE.finditer(m.group()):
            start = offset + m.start() + p.start()
            out.append(Token(p.group(), start, start + len(p.group()), *_fields(p.group())))
        pos = m.end()
    _tokenize_runs(text[pos:], offset + pos, out)


def _tokenize_runs(text: str, offset: int, out: list[Token]) -> None:
    if not text.strip():
        return
    runs = []
    for m in _RUN.finditer(text):
        run = m.group()
        toks, spaced = _cached_run(run) if len(run) <= MAX_RUN else _run_tokens(run)
        if spaced:
            _tokenize_spacy(text, offset, out)
            return
        runs.append((offset + m.start(), toks))
    for start, toks in runs:
        for rel, t, fields in toks:
            out.append(Token(t, start + rel, start + rel + len(t), *fields))


def analyze(text: str) -> Analysis:
    """Tokenise, normalise and lemmatise a text once.

    >>> [t.lemma for t in analyze("Мастер не пришёл!").tokens]
    ['мастер', 'не', 'прийти', '!']
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text as str, got {type(text).__name__}")
    bad = _SURROGATE.search(text)
    if bad:  # from a JSON "\ud800" escape; no UTF-8 encoder (spaCy's, ours) accepts it
        raise ValueError(f"expected valid Unicode text, got a lone surrogate at character {bad.start()}")
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
