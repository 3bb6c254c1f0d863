"""Normalisation and tokenisation: text in, one :class:`Analysis` out.

Every token keeps its character span in the ORIGINAL text, so the classifier's
features and the scorer's findings point at the words the person wrote.
URLs, e-mails, phone numbers, numbers and emoticons become placeholder norms
(``<url>``, ``<email>``, ``<phone>``, ``<num>``, ``<smile>``, ``<sad>``,
``<emoji>``); words get a lemma and grammemes from :mod:`nlp.morph`.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from . import morph

MAX_WORD = 40  # longer "words" (base64, keyboard mashing) are not sent to pymorphy3
TOKEN_CACHE = 100_000  # distinct token texts whose analysis is kept
RUN_CACHE = 50_000  # distinct whitespace-free runs whose tokens are kept
MAX_RUN = 64  # longer runs are tokenised each time
WARM_CHUNK = 2_000  # runs per spaCy call when many are tokenised at once

# Spans found before tokenisation; the first group that matches names the kind.
# Runs start only at the beginning of a word and never backtrack (possessive ++),
# so the scan stays linear even on a 100,000-character "word".
_URL = r"(?P<url>(?:https?://|www\.)\S+|(?<![\w-])[\w-]++\.(?:ru|com|рф|net|org|su)\b(?:/\S*)?)"
_EMAIL = r"(?P<email>(?<![\w.+-])[\w.+-]++(?<!\.)@[\w-]+\.[\w.-]+)"
_PHONE = r"(?P<phone>(?<!\d)(?:\+7|8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?!\d)|\[(?:телефон|phone)\])"
_EMOJI = "\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764"
_EMO = r"(?P<emo>[:;=][-o^]?[)(DdPpрР3*]+|\){2,}|\({2,}|[" + _EMOJI + r"]\ufe0f?)"
_SPECIAL = re.compile("|".join((_URL, _EMAIL, _PHONE, _EMO)), re.IGNORECASE)
# The URL and e-mail branches try every word; a text without «@», «://», «www.» or a
# «.ru»-like ending cannot match them, and the rest can only start at a few characters
# (the look-ahead lets the scan skip to those): the same matches, ten times faster.
_SPECIAL_SHORT = re.compile("(?=[+8\\[:;=)(" + _EMOJI + "])(?:" + _PHONE + "|" + _EMO + ")", re.IGNORECASE)
_TLD = re.compile(r"\.(?:ru|com|рф|net|org|su)\b", re.IGNORECASE)


# The first character where _SPECIAL_SHORT could start: a plain character-class scan (fast in
# C) finds it, and the look-ahead scan starts there (most texts have none at all).
_SHORT_START = re.compile("[+8\\[:;=)(" + _EMOJI + "]")


def _specials(text: str):
    """The placeholder spans of a text, as ``_SPECIAL.finditer`` finds them."""
    if "@" in text or "://" in text or "www." in text.lower() or _TLD.search(text):
        return _SPECIAL.finditer(text)
    return _short_specials(text)


def _short_specials(text: str):
    """``_SPECIAL_SHORT.finditer(text)``, trying a match only where one can start."""
    pos = 0
    while (start := _SHORT_START.search(text, pos)) is not None:
        m = _SPECIAL_SHORT.match(text, start.start())  # look-behinds still see the text before it
        if m is None:
            pos = start.start() + 1
        else:
            yield m
            pos = m.end()


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


class Token(NamedTuple):
    """One token: its original text and span, normal form, lemma and grammemes.

    Immutable like the frozen dataclasses elsewhere, but a named tuple: about 40 are
    built per text, and a tuple is built three times faster than a frozen dataclass.
    """

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


# A swear word masked at its end («бл*», «ж***», «х@»): spaCy splits the marks off as suffixes and
# leaves «бл». A short stem with an obscene word's first letter keeps its marks («руб*», a footnote
# mark after a longer word, does not). (Done after spaCy, only for texts holding a mark: spaCy's own
# token_match hook would cost every run a call.)
_MASKED_END = re.compile(r"[бжхпеёсБЖХПЕЁС][^\W\d_]{0,3}[*@#$]+")
_MARKS = frozenset("*@#$")


def _spacy_tokens(text: str) -> list[tuple[int, str]]:
    """spaCy's tokens of a text as (offset, text), a word masked at its end kept whole."""
    toks = [(t.idx, t.text) for t in _tokenizer()(text)]
    if _MARKS.isdisjoint(text):
        return toks
    out: list[tuple[int, str]] = []
    for idx, t in toks:
        if out and t and _MARKS.issuperset(t):
            pidx, prev = out[-1]
            if pidx + len(prev) == idx and _MASKED_END.fullmatch(prev + t):
                out[-1] = (pidx, prev + t)
                continue
        out.append((idx, t))
    return out


def warm_up() -> None:
    """Load what analysing a text may need (spaCy's tokenizer, its exceptions, pymorphy3)."""
    _tokenizer()
    _spaced_parts()
    morph.analyzer()


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
    pseudo = (_LETTER if norm in _LETTER_NAMES else _NONE) | (_ACRO if _acronym(text, norm) else _NONE)
    return norm, p.lemma, "word", p.pos, (p.grammemes | pseudo) if pseudo else p.grammemes


# A pseudo-grammeme the analysis adds to acronym-shaped words, for patterns (``@ACRO``): two to six
# Cyrillic capitals that are no ordinary word in capitals («ИВП», «МОП», «ШУ», «ДК»; not a shouted
# «ПОКА»), or, as speech recognition writes them, two to four lower-case Cyrillic consonants
# («ркф», «дк»), or spelled out in one word («тэтээн», _SPELLED_ACRONYM); either way no dictionary
# word, or (the first two) one pymorphy3 reads as an abbreviation (Abbr) or an indeclinable noun
# (Fixd). Units and everyday acronyms are left to the rules (jargon.abbreviation's `unless`). And
# ``@LETTER``: the name of a consonant letter as speech recognition writes a spelled-out acronym
# («гэ пэ ха», «бэ гэ»). And ``@HOTLINE`` on a written toll-free number («8 800 555 35 35»,
# «+7 (800) …»): a firm's line, not a person's, which the ``<phone>`` token alone does not tell apart
# (contacts.learned's `unless`). pymorphy3 knows no such grammemes: patterns may name them (PSEUDO_GRAMMEMES).
ACRO = "ACRO"
LETTER = "LETTER"
HOTLINE = "HOTLINE"
PSEUDO_GRAMMEMES = frozenset((ACRO, LETTER, HOTLINE))
_ACRO = frozenset((ACRO,))
_LETTER = frozenset((LETTER,))
_HOTLINE = frozenset((HOTLINE,))
_TOLL_FREE = re.compile(r"(?:\+7|8)[\s(-]*800")   # the area code after the prefix (_PHONE fixes its length)
_NONE: frozenset[str] = frozenset()
_LETTER_NAMES = frozenset("бэ вэ гэ дэ жэ зэ ка эл эм эн пэ эр эс тэ эф ха цэ ша".split())
_CAPS_ACRONYM = re.compile(r"[А-ЯЁ]{2,6}")
_SPOKEN_ACRONYM = re.compile(r"[бвгджзйклмнпрстфхцчшщъь]{2,4}")
# An acronym spelled out and written as one word by speech recognition («упэдэ» УПД, «тэтээн» ТТН,
# «кагээм» КГМ, «пэгэпэ» ПГП, «акапэпэ» АКПП): at least two consonant letters' names, vowel letters
# between them, no dictionary word; laughter («хаха», «ахаха») is none.
_SPELLED_ACRONYM = re.compile(
    r"[аеиоуыэюя]{0,2}(?:(?:бэ|вэ|гэ|дэ|жэ|зэ|ка|кэ|эль|эл|эм|эн|нэ|пэ|эр|эс|тэ|эф|ха|хэ|цэ|че|ша)[аеиоуыэюя]{0,2}){2,6}")
_LAUGHTER = re.compile(r"[ахеиэ]+")


def _acronym(text: str, norm: str) -> bool:
    if _CAPS_ACRONYM.fullmatch(text) or _SPOKEN_ACRONYM.fullmatch(text):
        return not morph.is_known(norm) or morph.read_as_abbreviation(norm)
    return (len(norm) >= 4 and _SPELLED_ACRONYM.fullmatch(norm) is not None
            and _LAUGHTER.fullmatch(norm) is None and not morph.is_known(norm))


# The same token text always gets the same fields: keep them for the common forms
# (bounded like the morph cache; over-long "words" are not kept).
_cached_fields = lru_cache(maxsize=TOKEN_CACHE)(_word_fields)


def _fields(text: str) -> tuple:
    return _cached_fields(text) if len(text) <= MAX_WORD else _word_fields(text)


def _tokenize_spacy(text: str, offset: int, out: list[Token]) -> None:
    for idx, t in _spacy_tokens(text):
        if t.strip():
            out.append(Token(t, offset + idx, offset + idx + len(t), *_fields(t)))


@lru_cache(maxsize=1)
def _spaced_parts() -> re.Pattern:
    """Finds, in a lower-cased run, the longest part of each tokenizer exception that spans a
    space («канд. техн. наук») and changes the tokens («и др.» becomes one token; «а также»,
    «и т.д.» give the same tokens as their words tokenised one by one, so they need no care)."""
    tok = _tokenizer()
    out = set()
    for k in tok.rules:
        words = k.split()
        if len(words) > 1 and [t.text for t in tok(k)] != [t.text for w in words for t in tok(w)]:
            out.add(max(words, key=len).lower())
    return re.compile("|".join(map(re.escape, sorted(out))) or "(?!)")


# A word with only simple punctuation around it («(мастер», «пришёл!!!», «вчера.»): spaCy
# splits off each quote, bracket and mark (a run of dots is one token) unless a tokenizer
# exception applies; _simple_run gives those tokens without calling spaCy (about 90 % of
# runs; tests/test_speedups.py compares it with spaCy).
_SIMPLE = re.compile(r"(?P<pre>[(«\"]*)(?P<core>[^\W\d_]+)(?P<suf>[,!?;:)»\"]*|\.\.+|\.)")


def _simple_run(run: str) -> list[str] | None:
    m = _SIMPLE.fullmatch(run)
    if m is None:
        return None
    pre, core, suf = m.group("pre", "core", "suf")
    rules = _tokenizer().rules
    if run in rules or core in rules:
        return None
    if suf.startswith("."):
        if len(suf) == 1 and (not core[-1].islower() or core + "." in rules):
            return None  # «А.», «ул.»: spaCy keeps the dot with the word
        return [*pre, core, suf]
    if any(core + suf[:k] in rules for k in range(1, len(suf))) or \
            any(suf[i:j] in rules for i in range(len(suf)) for j in range(i + 2, len(suf) + 1)):
        return None  # an exception («):») inside the trailing marks
    return [*pre, core, *suf]


def _run_tokens(run: str) -> tuple[tuple[tuple[int, str, tuple], ...], bool]:
    """spaCy's tokens of one whitespace-free run as (offset, text, fields), and whether the
    run may belong to an exception that spans a space."""
    low = run.lower()
    spaced = _spaced_parts().search(low) is not None
    simple = None if spaced else _simple_run(run)
    if simple is not None:
        out, pos = [], 0
        for piece in simple:
            out.append((pos, piece, _fields(piece)))
            pos += len(piece)
        return tuple(out), False
    return tuple((idx, t, _fields(t)) for idx, t in _spacy_tokens(run)), spaced


class _RunCache:
    """Bounded run -> tokens cache that can also be filled for many runs at once.

    When full, the oldest quarter is dropped (a dict keeps insertion order).
    """

    def __init__(self, size: int):
        self.size = size
        self.data: dict[str, tuple] = {}

    def __call__(self, run: str) -> tuple:
        got = self.data.get(run)
        if got is None:
            got = self.data[run] = _run_tokens(run)
            if len(self.data) > self.size:
                self._shrink()
        return got

    def _shrink(self) -> None:
        for key in list(itertools.islice(self.data, max(1, self.size // 4))):
            del self.data[key]

    def cache_clear(self) -> None:
        self.data.clear()

    def warm(self, runs) -> None:
        """Tokenise the runs not yet kept with ONE spaCy call (runs joined by spaces).

        spaCy tokenises each whitespace-free run on its own, so this gives the
        tokens that one call per run gives; a run that may belong to an exception
        spanning a space is tokenised alone (tests/test_speedups.py compares).
        """
        todo = [r for r in dict.fromkeys(runs) if r not in self.data and len(r) <= MAX_RUN]
        parts = _spaced_parts()
        joined = []
        for r in todo:
            if parts.search(r.lower()) or _SIMPLE.fullmatch(r):
                self(r)  # alone: a possible spaced exception, or no spaCy call needed
            else:
                joined.append(r)
        joined = joined[: self.size]
        for k in range(0, len(joined), WARM_CHUNK):
            chunk = joined[k:k + WARM_CHUNK]
            starts, pos = [], 0
            for r in chunk:
                starts.append(pos)
                pos += len(r) + 1
            found: list[list] = [[] for _ in chunk]
            j = 0
            for idx, t in _spacy_tokens(" ".join(chunk)):
                while j + 1 < len(chunk) and idx >= starts[j + 1]:
                    j += 1
                if t.strip():
                    found[j].append((idx - starts[j], t, _fields(t)))
            for r, toks in zip(chunk, found):
                self.data[r] = (tuple(toks), False)
        if len(self.data) > self.size:
            self._shrink()


# spaCy tokenises each whitespace-free run on its own, except for the exceptions that
# span a space: the runs are tokenised once and kept, and a text with a run that may
# take part in such an exception goes to spaCy whole (tests/test_text.py checks both
# ways agree).
_cached_run = _RunCache(RUN_CACHE)


def warm_pieces(keys) -> None:
    """Tokenise the runs among many pieces (:func:`piece_keys`) that are not kept yet, with one spaCy call."""
    _cached_run.warm(k for k in keys if k[0] != " ")


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
    kept = _cached_run.data
    for m in _RUN.finditer(text):
        run = m.group()
        got = kept.get(run)
        if got is None:
            got = _cached_run(run) if len(run) <= MAX_RUN else _run_tokens(run)
        if got[1]:  # may take part in an exception that spans a space
            _tokenize_spacy(text, offset, out)
            return
        runs.append((offset + m.start(), got[0]))
    new = tuple.__new__  # Token(...) without the named tuple's Python-level __new__
    for start, toks in runs:
        for rel, t, fields in toks:
            out.append(new(Token, (t, start + rel, start + rel + len(t), *fields)))


_TRANSLIT = [("eto", "это"), ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
             ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("ju", "ю"), ("ja", "я"), ("iy", "ий"), ("yi", "ый"),
             *zip("abcdefghijklmnopqrstuvwyz'", "абцдефгхийклмнопкрстуввызь"), ("x", "кс")]
_TRANSLIT_RE = re.compile("|".join(re.escape(a) for a, _ in _TRANSLIT))
_TRANSLIT_MAP = dict(_TRANSLIT)


def cyrillic(text: str) -> str | None:
    """Russian written in Latin letters («privet! eto Anya»), in Cyrillic («привет! это аня»: «eto»
    is the common word with «э»); None when most letters of the text are Cyrillic already.

    >>> cyrillic("menya zovut Katya"), cyrillic("Мастер Bosch")
    ('меня зовут катя', None)
    """
    latin = len(_LATIN.findall(text))
    if latin <= len(_CYRILLIC.findall(text)):
        return None
    return _TRANSLIT_RE.sub(lambda m: _TRANSLIT_MAP[m.group()], text.lower())


def check_unicode(text) -> None:
    """Raise TypeError for a non-string and ValueError for a text that cannot be analysed (a lone
    surrogate from a JSON escape)."""
    if not isinstance(text, str):
        raise TypeError(f"expected text as str, got {type(text).__name__}")
    bad = _SURROGATE.search(text)
    if bad:  # from a JSON "\ud800" escape; no UTF-8 encoder (spaCy's, ours) accepts it
        raise ValueError(f"expected valid Unicode text, got a lone surrogate at character {bad.start()}")


def piece_keys(text: str) -> list[str]:
    """The pieces :func:`analyze` tokenises independently, in order.

    A piece is a whitespace-free run of plain text, or a placeholder written as a
    space plus its norm (no run holds a space). Batch code maps each piece to
    cached features once, without building :class:`Token` objects; the tokens of a
    piece come from :func:`piece_tokens`.

    >>> piece_keys("Мастер не пришёл :(")
    ['Мастер', 'не', 'пришёл', ' <sad>']
    """
    check_unicode(text)
    out: list[str] = []
    pos = 0
    for m in _specials(text):
        out += text[pos:m.start()].split()
        kind = m.lastgroup
        out.append(" " + (_emo_norm(m.group()) if kind == "emo" else f"<{kind}>"))
        pos = m.end()
    out += text[pos:].split()
    return out


def piece_parts(key: str) -> list[str] | None:
    """The token texts of a plain piece when they need no spaCy call (about 90 % of pieces:
    a word with simple punctuation around it, cut as :func:`analyze` cuts it), else None.

    >>> piece_parts("(пришёл!»"), piece_parts("т.д."), piece_parts(" <sad>")
    (['(', 'пришёл', '!', '»'], None, None)
    """
    if key[0] == " " or len(key) > MAX_RUN or _spaced_parts().search(key.lower()):
        return None
    return _simple_run(key)


def token_fields(text: str) -> tuple[str, str, str]:
    """(norm, lemma, kind) of one token text, as :func:`analyze` gives them (cached)."""
    return _fields(text)[:3]


def piece_tokens(key: str) -> tuple[tuple[str, str, str], ...] | None:
    """(norm, lemma, kind) of each token of a piece, as :func:`analyze` makes them; None when
    the piece may take part in a tokenizer exception that spans a space (analyse the text whole)."""
    if key[0] == " ":
        return ((key[1:], key[1:], "special"),)
    if len(key) > MAX_RUN:
        return tuple(_fields(p.group())[:3] for p in _PIECE.finditer(key))
    toks, spaced = _cached_run(key)
    return None if spaced else tuple(f[:3] for _, _, f in toks)


def analyze(text: str) -> Analysis:
    """Tokenise, normalise and lemmatise a text once.

    >>> [t.lemma for t in analyze("Мастер не пришёл!").tokens]
    ['мастер', 'не', 'прийти', '!']
    """
    check_unicode(text)
    tokens: list[Token] = []
    pos = 0
    for m in _specials(text):
        _tokenize_plain(text[pos:m.start()], pos, tokens)
        kind = m.lastgroup
        norm = _emo_norm(m.group()) if kind == "emo" else f"<{kind}>"
        grammemes = _HOTLINE if kind == "phone" and _TOLL_FREE.match(m.group()) else _NONE
        tokens.append(Token(m.group(), m.start(), m.end(), norm, norm, kind, None, grammemes))
        pos = m.end()
    _tokenize_plain(text[pos:], pos, tokens)
    return Analysis(text, tuple(tokens))
