"""The one process-wide pymorphy3 analyzer, with a bounded cache.

Nothing else in the project imports pymorphy3: every lemma and grammeme comes
from here, so the classifier and the scorer see the same analysis.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

CACHE_SIZE = 200_000  # distinct word forms kept; about 60 MB at the limit


@dataclass(frozen=True, slots=True)
class Parse:
    """The most probable analysis of one word form."""

    lemma: str
    pos: str | None
    grammemes: frozenset[str]

    def has(self, *grammemes: str) -> bool:
        return all(g in self.grammemes for g in grammemes)


@lru_cache(maxsize=1)
def analyzer():
    """Return the shared ``pymorphy3.MorphAnalyzer`` (built on first use)."""
    try:
        import pymorphy3
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError(
            "pymorphy3 is not installed; run `pip install -e .` in the project "
            "(it brings pymorphy3 and pymorphy3-dicts-ru)"
        ) from exc
    return pymorphy3.MorphAnalyzer(lang="ru")


def fold(word: str) -> str:
    """Lower-case and fold ё to е: the key every lookup uses.

    >>> fold("Ещё")
    'еще'
    """
    return word.lower().replace("ё", "е")


def _parses(form: str) -> list:
    try:
        return analyzer().parse(form)
    except ValueError:  # pymorphy3 asks unicodedata.name() of letters that have none (U+17000 𗀀)
        return []


@lru_cache(maxsize=CACHE_SIZE)
def _parse_folded(form: str) -> Parse:
    parses = _parses(form)
    if not parses:
        return Parse(lemma=form, pos=None, grammemes=frozenset())
    best = parses[0]
    if best.tag is not None and "impr" in best.tag and len(parses) > 1 and not _known(form):
        # a guess: an unknown word the analyser can read as a noun is one, not an imperative («айпи»,
        # «прокси», «тиви», «Чалтырь», names like «Илемби»); a slang imperative has no noun reading
        # («маякни», «чекни»)
        best = next((p for p in parses[1:] if p.tag is not None and p.tag.POS == "NOUN"), best)
    if best.tag is not None and "impr" in best.tag and len(parses) > 1:
        # a tie between an imperative and a noun in the nominative is the noun: «слесарь» (not
        # «слесарь!»), «знахарь», a brand «ГенСтрой»
        best = next((p for p in parses[1:] if p.score >= best.score and p.tag.POS == "NOUN"
                     and "nomn" in p.tag), best)
    elif best.tag is not None and "Geox" in best.tag and "nomn" not in best.tag and len(parses) > 1:
        # the other way round: a place name in an oblique case ties with an imperative, which wins:
        # «не ори» (not the genitive of a place «Орь»); «от накипи» stays the noun
        best = next((p for p in parses[1:] if p.score >= best.score and "impr" in p.tag), best)
    tag = best.tag
    grammemes = frozenset(tag.grammemes) if tag is not None else frozenset()
    lemma = fold(best.normal_form) if best.normal_form else form
    return Parse(lemma=lemma, pos=tag.POS if tag is not None else None, grammemes=grammemes)


def parse(word: str) -> Parse:
    """Analyse one word; unknown words and typos get a guessed lemma too.

    >>> parse("пришёл").lemma
    'прийти'
    """
    if not isinstance(word, str):
        raise TypeError(f"expected a str word, got {type(word).__name__}")
    form = fold(word)
    if not form.strip():
        return Parse(lemma=form, pos=None, grammemes=frozenset())
    return _parse_folded(form)


def lemma(word: str) -> str:
    """Return the dictionary form of a word (lower-case, ё folded)."""
    return parse(word).lemma


def lexeme_forms(lemmas) -> frozenset[str]:
    """Every form (lower-case, ё folded) of the readings of these words whose lemma is one of them;
    archaic forms left out («те» as an old dative of «ты»).

    >>> "частного" in lexeme_forms(["частный"]), "те" in lexeme_forms(["ты"])
    (True, False)
    """
    lemmas = {fold(w) for w in lemmas}
    return frozenset(fold(f.word) for w in lemmas for p in _parses(w) if fold(p.normal_form) in lemmas
                     and p.tag.POS in _LEXEME_POS for f in p.lexeme if "Arch" not in f.tag)


# the classes whose forms are read as another lemma («частного» as the noun «частное»); a verb's
# hundred forms (participles included) would cost start-up time for little
_LEXEME_POS = frozenset({"NOUN", "ADJF", "ADJS", "NUMR", "NPRO"})


def cache_info():
    """Hit/miss statistics of the parse cache (for benchmarks)."""
    return _parse_folded.cache_info()


@lru_cache(maxsize=50_000)
def _name_lemmas(form: str) -> frozenset[str]:
    return frozenset(fold(p.normal_form) for p in _parses(form)
                     if p.tag is not None and ({"Name", "Patr"} & p.tag.grammemes) and p.score >= 0.01)


def name_lemmas(word: str) -> frozenset[str]:
    """Lemmas of the word's readings as a first name or patronymic (any reading, not only the best).

    >>> sorted(name_lemmas("Надежда"))
    ['надежда']
    """
    return _name_lemmas(fold(word)) if len(word) <= 40 else frozenset()


@lru_cache(maxsize=50_000)
def _known(form: str) -> bool:
    return analyzer().word_is_known(form)


@lru_cache(maxsize=10_000)
def read_as_abbreviation(form: str) -> bool:
    """Can pymorphy3 read the word as an abbreviation or an indeclinable noun («дк», «мкад», «шу»)?"""
    return any("Abbr" in p.tag or "Fixd" in p.tag for p in analyzer().parse(form))


def is_known(word: str) -> bool:
    """Is the word in the dictionary (not a guess)? Coined brand names are not."""
    form = fold(word)
    return len(form) <= 40 and _known(form)
