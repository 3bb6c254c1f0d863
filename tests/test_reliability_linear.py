"""The scorer runs in linear time: pathological inputs cost a bounded multiple of a normal input
of the same size, and that multiple does not grow when the input grows.

Work is counted, not timed: every look at a word, every element test and every pattern attempt
of the matcher (the rule findings and the checklist phrases all go through them). Analysis (tokens, lemmas) is timed,
as a ratio against a normal text of the same size and against the same input four times smaller.
The figures for the report come from ``scripts/reliability/linear.py``.
"""
from __future__ import annotations

import json
import time
from collections import Counter

import pytest

from nlp import checks, matcher, morph
from nlp import text as text_module
from nlp.scoring import score_transcript
from nlp.text import analyze
from nlp.transcript import parse_transcript
from tests.conftest import CORPUS

# A pathological input may cost at most this many times the work of a normal input of the same
# size (measured: at most ~30x, for a turn of nothing but «не», the lemma most patterns start with)...
MAX_WORK_RATIO = 100
# ...and that multiple may grow by at most this factor when the input grows four times
# (a quadratic matcher would grow it about four times).
MAX_RATIO_GROWTH = 1.3
SIZE = 5_000  # characters; the larger input is 4 x SIZE = 20,000 (the API's per-text limit)


def _normal_texts(chars: int, turns: int = 1, skip: int = 0) -> list[str]:
    """Real appeal texts from the corpus, cut to the size."""
    corpus = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    out, i = [], skip
    for _ in range(turns):
        s = ""
        while len(s) < chars // turns:
            s += corpus[i % len(corpus)] + " "
            i += 1
        out.append(s[:chars // turns])
    return out


def _repeat(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


PATHOLOGICAL = {
    # the lemma that starts most patterns, over and over: every position tries them all
    "«не» repeated": lambda n: [_repeat("не ", n)],
    # the starts of many any-order criticism patterns with windows, never completed
    "rule prefixes repeated": lambda n: [_repeat("у наш мастер не ", n)],
    "«ничем не» repeated": lambda n: [_repeat("ничем не ", n)],
    # a finding at every word, of a rule with an `unless` exclusion (was quadratic)
    "a finding per word": lambda n: [_repeat("понимаешь ", n)],
    # a finding at every word, all of one category (overlap check was quadratic)
    "fillers repeated": lambda n: [_repeat("ну короче ", n)],
    # thousands of short turns (2,000 at the larger size): every check walks all of them
    "2,000 short turns": lambda n: [("Подождите.", "Да, жду.", "Ну вот, ты", "Меня зовут")[k % 4]
                                    for k in range(n // 10)],
}


class _CountedWords(list):
    """A turn's word list that counts every look at a word (the matcher's loops go through it)."""

    counter: Counter

    def __getitem__(self, i):
        self.counter["work"] += 1
        return super().__getitem__(i)

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]


@pytest.fixture()
def work(monkeypatch):
    """Count the matcher's word visits, element tests and pattern attempts."""
    counter = Counter()
    test, match_at = matcher.Element.test, matcher.Pattern.match_at
    words_of = checks.words_of
    _CountedWords.counter = counter

    def counted_words_of(tokens):
        words, clause = words_of(tokens)
        return _CountedWords(words), clause

    monkeypatch.setattr(checks, "words_of", counted_words_of)

    def counted_test(self, t):
        counter["work"] += 1
        return test(self, t)

    def counted_match_at(self, words, i):
        counter["work"] += 1
        return match_at(self, words, i)

    monkeypatch.setattr(matcher.Element, "test", counted_test)
    monkeypatch.setattr(matcher.Pattern, "match_at", counted_match_at)
    return counter


def _transcript(texts: list[str]):
    turns = [{"speaker": "operator" if k % 2 == 0 else "client", "text": t} for k, t in enumerate(texts)]
    if len(turns) == 1:
        turns[0]["speaker"] = "operator"
    return parse_transcript({"turns": turns})


def _work_of(counter, rulebook, texts: list[str]) -> int:
    t = _transcript(texts)  # analysed here, outside the count
    # the scan-list memo would hide work done once and reused: every measurement starts empty
    for idx in [rulebook.index, *(pl.index for pl in rulebook.phrases.values()), *(r.unless for r in rulebook.rules)]:
        idx._scan_cache.clear()
    counter.clear()
    score_transcript(t, rulebook)
    return counter["work"]


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_matcher_work_is_linear(work, rulebook, name):
    make = PATHOLOGICAL[name]
    ratios = {}
    for n in (SIZE, 4 * SIZE):
        texts = make(n)
        assert abs(sum(map(len, texts)) - n) <= n * 0.05  # the same size as the normal input
        normal_turns = 1 if len(texts) == 1 else 20  # a normal call: 20 turns of real sentences
        ratios[n] = _work_of(work, rulebook, texts) / _work_of(work, rulebook, _normal_texts(n, normal_turns))
    small, large = ratios[SIZE], ratios[4 * SIZE]
    assert large <= MAX_WORK_RATIO, f"{name}: {large:.1f} x the work of a normal input of the same size"
    assert large <= small * MAX_RATIO_GROWTH, f"{name}: the ratio grew from {small:.1f} to {large:.1f} (not linear)"
    # what the counter cannot see (bookkeeping outside the matcher), timed: sixteen times the
    # input costs about 16 x the time when linear, about 256 x when quadratic
    growth = _best_score_time(rulebook, make(4 * SIZE)) / max(_best_score_time(rulebook, make(SIZE // 4)), 1e-4)
    assert growth <= 16 * 3, f"{name}: 16 x the input took {growth:.1f} x the time to score"


def _best_score_time(rulebook, texts: list[str]) -> float:
    t = _transcript(texts)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        score_transcript(t, rulebook)
        best = min(best, time.perf_counter() - t0)
    return best


def test_the_counter_sees_quadratic_work(work, rulebook, monkeypatch):
    # the measurement itself can fail: a matcher that rescans the turn at every word is caught
    find = matcher.PatternIndex.find
    probe = rulebook.rules[0].patterns[0].elements[0]

    def rescanning_find(self, words, lo=0, hi=None):
        for i in range(len(words)):
            for k in range(i):  # quadratic busywork through the counted element test
                probe.test(words[k])
        yield from find(self, words, lo, hi)

    monkeypatch.setattr(matcher.PatternIndex, "find", rescanning_find)
    texts = {n: PATHOLOGICAL["«не» repeated"](n) for n in (SIZE // 16, SIZE // 4)}
    ratio = _work_of(work, rulebook, texts[SIZE // 4]) / _work_of(work, rulebook, texts[SIZE // 16])
    assert ratio > 4 * MAX_RATIO_GROWTH


# Analysis: tokens and lemmas, timed (best of three) because spaCy's tokenizer cannot be counted.
ANALYSIS_PATHOLOGICAL = {
    "one long word": lambda n: "а" * n,
    "a run of colons": lambda n: ":" * n,  # spaCy's affix splitting took 45 s on 20,000
    "a run of quotes": lambda n: "'" * n,
    "hyphenated parts": lambda n: _repeat("а-", n),
    "mixed-script word": lambda n: _repeat("мaстер", n),
    "e-mail-like run": lambda n: _repeat("a.b@", n),
}
MAX_TIME_RATIO = 20  # generous: a timing ratio on a shared machine; quadratic was 300 x and more


def _cold_time(make, n: int) -> float:
    """Best of three first analyses: each of a text not seen before (spaCy and nlp.text keep the
    tokens of runs they saw, which would hide the cost), with the lemma caches emptied."""
    best = float("inf")
    for k in range(3):
        text = make(n, k)
        for owner, name in ((text_module, "_cached_run"), (text_module, "_cached_fields"),
                            (morph, "_parse_folded")):
            cached = getattr(owner, name, None)
            if hasattr(cached, "cache_clear"):
                cached.cache_clear()
        t0 = time.perf_counter()
        analyze(text)
        best = min(best, time.perf_counter() - t0)
    return best


def _fresh(make):
    return lambda n, k: "ёжз"[k] + make(n)[1:]  # the same input with another first character


def _fresh_normal(n, k):
    return " ".join(_normal_texts(n, 1, skip=400 * k))


@pytest.mark.parametrize("name", ANALYSIS_PATHOLOGICAL)
def test_analysis_time_is_linear(name):
    make = _fresh(ANALYSIS_PATHOLOGICAL[name])
    n = 4 * SIZE
    analyze("прогрев: мастер пришёл")  # load spaCy and pymorphy3 before timing anything
    ratio_to_normal = _cold_time(make, n) / _cold_time(_fresh_normal, n)
    # sixteen times the input: linear is about 16 x the time, quadratic about 256 x
    growth = _cold_time(make, n) / max(_cold_time(make, n // 16), 1e-4)
    assert ratio_to_normal <= MAX_TIME_RATIO, f"{name}: {ratio_to_normal:.1f} x a normal text of {n} characters"
    assert growth <= 16 * 3, f"{name}: 16 x the input took {growth:.1f} x the time"
