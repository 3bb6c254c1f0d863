"""The speed-ups keep the analysis and the matches exactly as they were.

* nlp/text.py tokenises whitespace-free runs once and keeps them: the tokens must
  be those of spaCy's tokenizer run over the whole text;
* nlp/matcher.py memoises which scan-list patterns can start at a word: the
  matches must be those of trying every pattern at every word.
"""
import json
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nlp import text as T
from nlp.matcher import words_of
from nlp.text import analyze

from .conftest import CORPUS, ROOT

GOLD = ROOT / "corpora" / "transcripts" / "gold_dev.jsonl"


def _short_runs(s: str) -> bool:
    """No whitespace-free run longer than MAX_RUN (those are cut into pieces without spaCy)."""
    return all(len(run) <= T.MAX_RUN for run in s.split())


def _reference_tokens(s: str) -> tuple:
    """The analysis as before the run cache: spaCy over each stretch between special spans."""
    toks, pos = [], 0
    for m in T._SPECIAL.finditer(s):
        if s[pos:m.start()].strip():
            T._tokenize_spacy(s[pos:m.start()], pos, toks)
        norm = T._emo_norm(m.group()) if m.lastgroup == "emo" else f"<{m.lastgroup}>"
        toks.append(T.Token(m.group(), m.start(), m.end(), norm, norm, m.lastgroup))
        pos = m.end()
    if s[pos:].strip():
        T._tokenize_spacy(s[pos:], pos, toks)
    return tuple(toks)


def _texts() -> list[str]:
    out = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    if GOLD.is_file():
        out += [t["text"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()
                for t in json.loads(line)["turns"]]
    return out


def test_run_cache_gives_spacy_tokens_on_the_corpora():
    texts = _texts()
    assert len(texts) > 1000
    for s in filter(_short_runs, texts):
        assert analyze(s).tokens == _reference_tokens(s), s[:80]


@pytest.mark.parametrize("s", [
    "канд. техн. наук Иванов",  # exceptions that span a space («канд. техн. наук», «ж/д бл-ст»)
    "ж/д бл-ст и в т.ч. (канд. социол. наук)",
    "Зам. директора А.В. Гуров",
    "мастер\u00a0не\u2009пришёл\u3000вчера\x1cутром",  # unusual whitespace
    "ма\u200bстер  не\n\nпришёл\t!",
    "тел +7 900 123-45-67, почта a.b@mail.ru :) ok",
    "x" * 60 + " мастер",
])
def test_run_cache_on_tricky_texts(s):
    assert analyze(s).tokens == _reference_tokens(s)


_ALPHABET = st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВabcXYZ0189.,!?;:-—()«»/@#*+=")
                            + [" ", "  ", "\n", "\t", "\u00a0", "\u2009", "\u200b", "😊", "т.ч.", "канд.",
                               "техн.", "наук", "в", "н.в.", "ж/д", "бл-ст", "др.", "и", "а", "также",
                               "т.д.", "пр."])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_run_cache_on_random_texts(s):
    assume(_short_runs(s))
    assert analyze(s).tokens == _reference_tokens(s)


def test_simple_runs_are_split_as_spacy_splits_them():
    runs = {r for s in _texts() for r in s.split()}
    checked = 0
    for r in runs:
        simple = T._simple_run(r)
        if simple is not None:
            assert simple == [t.text for t in T._tokenizer()(r)], r
            checked += 1
    assert checked > 0.8 * len(runs)


_RUN_ALPHABET = st.sampled_from(list("абвгдеёжзийАБВГЯxyzXYZ.,!?;:)(«»\"-…'") + ["т.", "г.", "ул.", "др.", "):", ":)"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_RUN_ALPHABET, min_size=1, max_size=8).map("".join))
def test_simple_runs_on_random_runs(run):
    simple = T._simple_run(run)
    if simple is not None:
        assert simple == [t.text for t in T._tokenizer()(run)]


def test_many_runs_tokenised_at_once_are_tokenised_as_one_by_one():
    runs = list(dict.fromkeys(r for s in _texts()[:3000] for r in s.split() if len(r) <= T.MAX_RUN))
    T._cached_run.cache_clear()
    T._cached_run.warm(runs)
    at_once = {r: T._cached_run.data[r] for r in runs}
    T._cached_run.cache_clear()
    assert all(at_once[r] == T._run_tokens(r) for r in runs)


_SPECIAL_ALPHABET = st.sampled_from(list("аб xyZ.,:;=()@+-8079[]/") + ["www.", "http://", ".ru", ".рф", "+7", "😊", "☀",
                                                                       "телефон", "Phone", "\ufe0f", "D", "р"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_SPECIAL_ALPHABET, max_size=25).map("".join))
def test_special_spans_short_scan_finds_what_the_full_scan_finds(s):
    full = [(m.start(), m.end(), m.lastgroup) for m in T._SPECIAL.finditer(s)]
    assert [(m.start(), m.end(), m.lastgroup) for m in T._specials(s)] == full


def test_cached_and_fresh_analyses_are_equal():
    texts = _texts()[:300]
    warm = [analyze(s).tokens for s in texts]
    T._cached_run.cache_clear()
    T._cached_fields.cache_clear()
    assert [analyze(s).tokens for s in texts] == warm


def _brute_force(index, words):
    """Every pattern of the index tried at every word."""
    patterns = [(pid, p) for group in index._by_key.values() for pid, p in group] + list(index._scan)
    unique = list({(pid, id(p)): (pid, p) for pid, p in patterns}.values())
    return sorted((i, pid, p.source, pos) for i in range(len(words)) for pid, p in unique
                  if (pos := p.match_at(words, i)) is not None)


def _operator_words(n=300):
    from bench import data

    out = []
    for t in data.transcripts(20, turns=20, seed=11):
        for turn in t["turns"]:
            out.append(words_of(analyze(turn["text"]).tokens)[0])
    extra = ["Ты чё, совсем? Короче, звони сам, блин, х*р знает", "не могу знать, это не ко мне, сам разбирайся"]
    out += [words_of(analyze(s).tokens)[0] for s in extra]
    random.Random(0).shuffle(out)
    return out[:n]


def test_index_finds_what_brute_force_finds(rulebook):
    indexes = [rulebook.index] + [pl.index for pl in rulebook.phrases.values()]
    for words in _operator_words():
        for ix in indexes:
            got = sorted((pos[0], pid, p.source, pos) for pid, p, pos in ix.find(words))
            assert got == _brute_force(ix, words)


def test_scan_memo_does_not_change_matches(rulebook):
    words_list = _operator_words(100)
    rulebook.index._scan_cache.clear()
    cold = [list(rulebook.index.find(w)) for w in words_list]
    warm = [list(rulebook.index.find(w)) for w in words_list]
    assert cold == warm


def _any_order_reference(p, words, i):
    """Pattern.match_at for any-order patterns as first written (generators, same rule)."""
    els = p.elements
    limit = min(len(words) - 1, i + p.reach)
    first = next((k for k, el in enumerate(els) if el.test(words[i])), None)
    if first is None:
        return None
    pos, used = [i], {first}
    for j in range(i + 1, limit + 1):
        k = next((k for k, el in enumerate(els) if k not in used and el.test(words[j])), None)
        if k is not None:
            used.add(k)
            pos.append(j)
            if len(used) == len(els):
                return tuple(pos)
    return None if len(used) < len(els) else tuple(pos)


def test_any_order_matching_is_unchanged(rulebook):
    patterns = [p for r in rulebook.rules for p in r.patterns if p.any_order]
    patterns += [p for pl in rulebook.phrases.values() for g in pl.index._by_key.values() for _, p in g if p.any_order]
    assert patterns
    found = 0
    for words in _operator_words():
        for p in patterns:
            for i in range(len(words)):
                ref = _any_order_reference(p, words, i)
                assert p.match_at(words, i) == ref
                found += ref is not None
    assert found > 0
