"""Lemma-sequence matching with gaps, free order and context exclusions.

A pattern is a short string of elements separated by spaces; an element is a
set of alternatives separated by ``|``:

=========  ==========================================================
``word``   the word's lemma (pattern words are lemmatised too)
``=form``  the exact form (lower-case, ё folded)
``~re``    a regular expression searched in the form (the whole element;
           its ``|`` belong to the regex)
``@G,H``   a word whose grammemes include G and H (``@VERB,2per,sing``);
           besides pymorphy3's, ``ACRO`` (an acronym-shaped word) and ``LETTER``
           (a letter's name, «гэ», «пэ»): nlp/text.py
``w@G``    lemma ``w`` with grammemes G
``*``      any word
=========  ==========================================================

Matching skips punctuation, allows up to ``window`` inserted words between
elements and, with ``any_order``, any order of the elements. Candidates come
from a lemma-keyed index, so the cost grows with the text, not with the number
of rules: each word looks up the few patterns that contain it. A regex anchored
on a literal start (``~^грунтозацеп``) is keyed by its first two letters; only
the few patterns whose first word has no key are tested against every word.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from . import pattern_words
from .morph import analyzer, fold, lexeme_forms, parse
from .text import PSEUDO_GRAMMEMES, Token


@dataclass(frozen=True, slots=True)
class Alt:
    lemma: str | None = None
    form: str | None = None
    regex: re.Pattern | None = None
    grammemes: frozenset[str] = frozenset()

    def test(self, t: Token) -> bool:
        if self.lemma is not None and t.lemma != self.lemma:
            return False
        if self.form is not None and t.norm != self.form:
            return False
        if self.regex is not None and not self.regex.search(t.norm):
            return False
        return self.grammemes <= t.grammemes


@dataclass(frozen=True, slots=True)
class Element:
    alts: tuple[Alt, ...]
    # the alternatives that are a bare lemma or a bare form, as sets (an element such as
    # «наш|компания|фирма|…» with 50 words is one look-up), and the others in order
    lemmas: frozenset[str] = field(init=False, repr=False, compare=False)
    forms: frozenset[str] = field(init=False, repr=False, compare=False)
    rest: tuple[Alt, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        is_bare = [a.regex is None and not a.grammemes and (a.lemma is None) != (a.form is None) for a in self.alts]
        bare = [a for a, b in zip(self.alts, is_bare) if b]
        object.__setattr__(self, "lemmas", frozenset(a.lemma for a in bare if a.lemma is not None))
        object.__setattr__(self, "forms", frozenset(a.form for a in bare if a.form is not None))
        object.__setattr__(self, "rest", tuple(a for a, b in zip(self.alts, is_bare) if not b))

    def test(self, t: Token) -> bool:
        if t.lemma in self.lemmas or t.norm in self.forms:
            return True
        for a in self.rest:  # a plain loop: this is the matcher's innermost call
            if a.test(t):
                return True
        return False

    def keys(self) -> list[str] | None:
        """Index keys (lemma or form); None when an alternative cannot be indexed."""
        return self._keys(prefixes=False)

    def index_keys(self) -> list[str] | None:
        """Keys for the candidate index: the lemma or form keys, and for a regular expression
        anchored on a literal start («~^грунтозацеп») the first two letters every word it matches
        begins with; None when an alternative has neither."""
        return self._keys(prefixes=True)

    def _keys(self, prefixes: bool) -> list[str] | None:
        out = []
        for a in self.alts:
            if a.lemma is not None:
                out.append("L:" + a.lemma)
            elif a.form is not None:
                out.append("F:" + a.form)
            elif prefixes and a.regex is not None and len(prefix := literal_prefix(a.regex.pattern)) >= PREFIX_KEY:
                out.append("P:" + prefix[:PREFIX_KEY])
            else:
                return None
        return out


PREFIX_KEY = 2  # letters of a regular expression's literal start used as its index key
_REGEX_META = set(".^$*+?{}[]\\|()")


def literal_prefix(pattern: str) -> str:
    """The literal text every match of ``pattern`` starts with, if it is anchored by ``^`` and has
    no top-level ``|`` (in ``^a|b`` the second branch is not anchored); '' otherwise."""
    if not pattern.startswith("^") or _has_top_level_bar(pattern):
        return ""
    out = []
    for ch in pattern[1:]:
        if ch in _REGEX_META:
            if ch in "?*{" and out:  # the last letter may be absent («^ab?c»)
                out.pop()
            break
        out.append(ch)
    return "".join(out)


def _has_top_level_bar(pattern: str) -> bool:
    depth, k, n = 0, 0, len(pattern)
    while k < n:
        ch = pattern[k]
        if ch == "\\":
            k += 2
            continue
        if ch == "[":  # a character class: skip to its closing bracket («[]|]» holds «]» and «|»)
            k += 1
            if k < n and pattern[k] == "^":
                k += 1
            if k < n and pattern[k] == "]":
                k += 1
            while k < n and pattern[k] != "]":
                k += 2 if pattern[k] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
        k += 1
    return False


@lru_cache(maxsize=20_000)  # a rulebook repeats its words across patterns and exclusions
def _alts(src: str, exact: bool) -> tuple[Alt, ...]:
    if src == "*":
        return (Alt(),)
    if src.startswith("~"):
        return (Alt(regex=re.compile(src[1:])),)
    word, _, gram = src.partition("@")
    grams = frozenset(g for g in gram.split(",") if g)
    unknown = sorted(grams - analyzer().TagClass.KNOWN_GRAMMEMES - PSEUDO_GRAMMEMES)
    if unknown:  # a typo would silently never match
        raise ValueError(f"{src!r}: unknown grammeme {', '.join(map(repr, unknown))} (pymorphy3's OpenCorpora tags, "
                         "e.g. NOUN, VERB, INFN, impr, 1per, plur, Name, or ACRO, LETTER; case matters)")
    if not word:
        return (Alt(grammemes=grams),)
    if word.startswith("="):
        return (Alt(form=fold(word[1:]), grammemes=grams),)
    if exact:
        return (Alt(form=fold(word), grammemes=grams),)
    lemmas, extra = pattern_words.get(word, _readings)   # (kept on disk between starts)
    alts = tuple(Alt(lemma=lem, grammemes=grams) for lem in lemmas)
    if grams:
        return alts
    return alts + tuple(Alt(form=f) for f in extra)


def _readings(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A pattern word's lemmas, and the forms of them a text's word can be read under otherwise."""
    # the word as written is a lemma too: pymorphy3's best reading of a lone pattern word can differ
    # from its reading inside a text («наличные» alone is the adjective «наличный», «наличными» the noun)
    lemmas = tuple(dict.fromkeys((parse(word).lemma, fold(word))))
    # and every form of those lemmas matches, whatever reading a text's word gets: «частного» is read as
    # the noun «частное», yet it is a form of «частный». Only such forms are kept: the others carry the
    # lemma already, and every extra key costs the matcher time on each word of a text
    return lemmas, tuple(f for f in sorted(lexeme_forms(lemmas)) if parse(f).lemma not in lemmas)


_HYPHEN_IN_WORD = re.compile(r"\w-(?![?*])")   # «патч-?корд» may drop it


def _hyphen_inside(el: str) -> bool:
    """Whether an element that is not split (a regex, alternatives, grammemes) asks for a hyphen inside
    a word: the tokenizer splits «гола-профиль» into «гола» «профиль», so such an element never matches."""
    if el.startswith("~"):
        el = re.sub(r"\[(?:\\.|[^\]])*\]", "", el).replace("\\-", "-")   # a class may hold «-» as a range
    return bool(_HYPHEN_IN_WORD.search(el))


def compile_elements(pattern: str, exact: bool = False) -> tuple[Element, ...]:
    """Parse a pattern string into elements.

    >>> [e.alts[0].lemma for e in compile_elements("ничем не могу помочь")]
    ['ничто', 'не', 'мочь', 'помочь']
    """
    if not isinstance(pattern, str) or not pattern.split():
        raise ValueError(f"expected a non-empty pattern string, got {pattern!r}")
    raw = []
    for el in pattern.split():  # the tokenizer splits hyphenated words, so patterns do too
        if el.startswith("~") or "|" in el or "@" in el:
            if _hyphen_inside(el):
                raise ValueError(f"pattern {pattern!r}: {el!r} can never match: texts are split at hyphens "
                                 "(«гола-профиль» is the two words «гола» «профиль»), so write the parts as "
                                 "separate elements («=гола ~^профил»)")
            raw.append(el)
        else:
            raw.extend(p for p in el.split("-") if p)
    try:
        return tuple(Element(_alts(el, exact) if el.startswith("~") else
                             tuple(x for a in el.split("|") for x in _alts(a, exact))) for el in raw)
    except re.error as exc:
        raise ValueError(f"pattern {pattern!r}: bad regular expression ({exc})") from None


@dataclass(frozen=True, slots=True)
class Pattern:
    source: str
    elements: tuple[Element, ...]
    window: int = 0
    any_order: bool = False
    # for each element that has index keys: its (lemmas, forms), one of which a text must hold
    required: tuple[tuple[frozenset[str], frozenset[str]], ...] = field(init=False, repr=False, compare=False)
    # largest distance (in words) between the first and last matched word
    reach: int = field(init=False, repr=False, compare=False)

    def __post_init__(self):  # (in order, the first element is the word the index found)
        req = []
        for el in (self.elements if self.any_order else self.elements[1:]):
            if el.keys() is not None:
                req.append((frozenset(a.lemma for a in el.alts if a.lemma is not None),
                            frozenset(a.form for a in el.alts if a.lemma is None)))
        object.__setattr__(self, "required", tuple(req))
        object.__setattr__(self, "reach", (len(self.elements) - 1) * (self.window + 1))

    def match_at(self, words: list[Token], i: int) -> tuple[int, ...] | None:
        """Positions of a match whose leftmost word is ``words[i]``, or None."""
        els = self.elements
        limit = min(len(words) - 1, i + self.reach)
        if not self.any_order:
            if not els[0].test(words[i]):
                return None
            pos, last = [i], i
            for el in els[1:]:
                for j in range(last + 1, min(limit, last + 1 + self.window) + 1):
                    if el.test(words[j]):
                        pos.append(j)
                        last = j
                        break
                else:
                    return None
            return tuple(pos)
        # plain loops (no generator per word): each word takes the first unused element it fits
        t = words[i]
        for first, el in enumerate(els):
            if el.test(t):
                break
        else:
            return None
        pos, used, n = [i], {first}, len(els)
        for j in range(i + 1, limit + 1):
            t = words[j]
            for k, el in enumerate(els):
                if k not in used and el.test(t):
                    used.add(k)
                    pos.append(j)
                    if len(used) == n:
                        return tuple(pos)
                    break
        return None if len(used) < n else tuple(pos)


SCAN_CACHE = 50_000  # distinct (lemma, form, grammemes) keys remembered per index


class PatternIndex:
    """Patterns keyed by the lemmas/forms of their elements, plus a scan list."""

    def __init__(self, patterns):
        self._by_key: dict[str, list[tuple[int, Pattern]]] = defaultdict(list)
        self._scan: list[tuple[int, Pattern]] = []
        self._scan_cache: dict[tuple, tuple[tuple[int, Pattern], ...]] = {}
        self.size = 0
        self.reach = 0  # the longest reach of a pattern: how far right of its first word a match can end
        for pid, p in patterns:
            self.size += 1
            self.reach = max(self.reach, p.reach)
            anchors = p.elements if p.any_order else p.elements[:1]
            keys = [el.index_keys() for el in anchors]
            if any(k is None for k in keys):
                self._scan.append((pid, p))
                continue
            for k in {k for ks in keys for k in ks}:
                self._by_key[k].append((pid, p))

    def _candidates(self, key: tuple) -> tuple[tuple[int, Pattern], ...]:
        """The patterns that may start at a word with these (lemma, form, grammemes): those under
        its lemma or form key, and the scan-list patterns whose first-word test it passes.
        Memoised: these three fields are all an element reads."""
        lemma, norm, grammemes = key
        t = Token("", 0, 0, norm, lemma, "word", None, grammemes)
        out, seen = [], set()
        # (a prefix key only narrows the regexes down: they are tested here, once per key, as the scan list is)
        prefixed = self._by_key.get("P:" + norm[:PREFIX_KEY], ()) if len(norm) >= PREFIX_KEY else ()
        for group in (self._by_key.get("L:" + lemma, ()), self._by_key.get("F:" + norm, ()), prefixed, self._scan):
            tested = group is self._scan or group is prefixed
            for pid, p in group:
                if (pid, id(p)) in seen:
                    continue
                if tested and not (any(el.test(t) for el in p.elements) if p.any_order else p.elements[0].test(t)):
                    continue
                seen.add((pid, id(p)))
                out.append((pid, p))
        hit = tuple(out)
        if len(self._scan_cache) >= SCAN_CACHE:
            self._scan_cache.clear()
        self._scan_cache[key] = hit
        return hit

    def find(self, words: list[Token], lo: int = 0, hi: int | None = None):
        """Yield ``(pid, pattern, positions)`` for every match whose first word is in ``words[lo:hi]``."""
        cache = self._scan_cache
        present = None
        for i in range(max(lo, 0), len(words) if hi is None else min(hi, len(words))):
            t = words[i]
            key = (t.lemma, t.norm, t.grammemes)
            hit = cache.get(key)
            if hit is None:
                hit = self._candidates(key)
            for pid, p in hit:
                if p.required:  # a word the pattern needs is nowhere in the text: no need to look
                    if present is None:
                        present = keys_present(words)
                    lemmas, forms = present
                    missing = False
                    for rl, rf in p.required:
                        if rl.isdisjoint(lemmas) and rf.isdisjoint(forms):
                            missing = True
                            break
                    if missing:
                        continue
                pos = p.match_at(words, i)
                if pos is not None:
                    yield pid, p, pos


_PRESENT: dict[int, tuple] = {}  # id(words) -> (words, keys): the checks and rules read each turn many times
PRESENT_CACHE = 64  # word lists remembered (about the turns of a few transcripts)


def per_turn(cache: dict, words: list[Token], make):
    """``make()`` for a turn's word list, remembered for the last PRESENT_CACHE lists: the rules
    and checks read each turn many times. Keyed by the list's identity (kept alive in the value)."""
    hit = cache.get(id(words))
    if hit is not None and hit[0] is words:
        return hit[1]
    out = make()
    if len(cache) >= PRESENT_CACHE:
        cache.clear()
    cache[id(words)] = (words, out)
    return out


def keys_present(words: list[Token]) -> tuple[set[str], set[str]]:
    """The lemmas and the forms of the words of a list, remembered for recent lists."""
    return per_turn(_PRESENT, words, lambda: ({t.lemma for t in words}, {t.norm for t in words}))


def words_of(tokens) -> tuple[list[Token], list[int]]:
    """Non-punctuation tokens, and for each the index of the clause it belongs to."""
    words, clause, c = [], [], 0
    for t in tokens:
        if t.kind == "punct":
            if any(ch in t.text for ch in ".,!?;:()—–…"):
                c += 1
            continue
        words.append(t)
        clause.append(c)
    return words, clause
