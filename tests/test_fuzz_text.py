"""Property tests of nlp.text.analyze: any Unicode string gives an analysis whose spans point into it."""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nlp.text import Analysis, analyze
from tests.fuzz_strategies import EMOJI, PUNCT, RUSSIAN, VOCABULARY, texts

KINDS = {"word", "num", "punct", "url", "email", "phone", "emo"}


def check_analysis(text: str, a: Analysis) -> None:
    assert isinstance(a, Analysis) and a.text == text
    last_end = 0
    for t in a.tokens:
        assert 0 <= t.start < t.end <= len(text), (t.start, t.end, len(text))
        assert text[t.start:t.end] == t.text
        assert t.start >= last_end, "tokens overlap or go backwards"
        last_end = t.end
        assert t.kind in KINDS
        assert isinstance(t.norm, str) and isinstance(t.lemma, str)
        assert t.text.strip(), "a token of only whitespace"
    assert isinstance(a.normalized, str) and all(isinstance(x, str) for x in a.lemmas)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts(300))
@example(text="")
@example(text=" \n\t\u3000")
@example(text="\u200b\u200e\u200f\u202e\ufeff")
@example(text="\ud800мастер\udfff")
@example(text="\U00017000")  # a letter without a Unicode name: pymorphy3 raised ValueError
@example(text="м\u0301астер 🤦🏽‍♀️ 👨‍👩‍👧 🇷🇺")
@example(text="Mастер пришёл: 8 (900) 123-45-67, почта a.b@c.ru, сайт www.x.ru :)")
def test_analyze_any_text(text):
    try:
        a = analyze(text)
    except ValueError as exc:  # the one refusal: a lone surrogate, which no UTF-8 encoder accepts
        assert any(0xD800 <= ord(c) <= 0xDFFF for c in text) and "lone surrogate" in str(exc)
        return
    check_analysis(text, a)


@given(value=st.one_of(st.none(), st.integers(), st.binary(max_size=10), st.lists(st.text(max_size=3))))
@settings(max_examples=50, deadline=None)
def test_analyze_refuses_non_text_with_type_error(value):
    with pytest.raises(TypeError, match="expected text as str"):
        analyze(value)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    pytest.param("а" * 100_000, id="one 100,000-letter word"),
    pytest.param("x" * 99_999 + "щ", id="one 100,000-letter mixed-script word"),
    pytest.param("ab" * 50_000 + "@mail.ru", id="a 100,000-character e-mail-like word"),
    pytest.param(":" * 100_000, id="100,000 colons"),
    pytest.param("а-" * 50_000, id="50,000 hyphenated parts"),
    pytest.param("1mb", id="1 MB of varied text"),
])
def test_huge_inputs(text):
    if text == "1mb":
        text = one_megabyte()
    check_analysis(text, analyze(text))


def one_megabyte() -> str:
    """About a million characters of varied words, numbers, symbols and emoji (seeded)."""
    rnd = random.Random(8)
    vocab = VOCABULARY + EMOJI + list(PUNCT)
    parts, size = [], 0
    while size < 1_000_000:
        w = rnd.choice(vocab) if rnd.random() < 0.7 else "".join(rnd.choices(RUSSIAN, k=rnd.randint(1, 12)))
        parts.append(w + rnd.choice(" \n,."))
        size += len(parts[-1])
    return "".join(parts)[:1_000_000]
