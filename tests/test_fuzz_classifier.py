"""Property tests of the appeal classifier: any Unicode text gets a well-formed prediction or a clear ValueError."""
from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nlp.appeals import MAX_TEXT_CHARS
from nlp.labels import LABELS, LABELS_RU
from tests.fuzz_strategies import texts


def _has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def check_prediction(p, explain: bool) -> None:
    assert p.label in LABELS and p.label_ru == LABELS_RU[p.label]
    assert set(p.scores) == set(LABELS)
    assert all(math.isfinite(v) and 0.0 <= v <= 1.0 for v in p.scores.values())
    assert math.isclose(sum(p.scores.values()), 1.0, abs_tol=1e-6)
    assert p.confidence == max(p.scores.values()) and p.scores[p.label] == p.confidence
    assert isinstance(p.needs_review, bool)
    if explain:
        assert p.explanation is not None
        assert all(e.kind in ("lemma", "chars") and e.weight > 0 and math.isfinite(e.weight)
                   for e in p.explanation)
    json.dumps(p.to_dict(), allow_nan=False)  # what the API and the CLI write


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts(300), explain=st.booleans())
@example(text="\u200b", explain=True)
@example(text="👍", explain=True)
@example(text="\U00017000", explain=False)
@example(text="ааааааааааааааааааааааааааааааааааааааааааааааааа" * 10, explain=True)
def test_any_text_gets_a_prediction_or_a_clear_value_error(classifier, text, explain):
    try:
        (p,) = classifier.predict([text], ids=["x"], explain=explain)
    except ValueError as exc:
        msg = str(exc)
        if not text.strip():
            assert "expected a non-empty text" in msg
        elif len(text) > MAX_TEXT_CHARS:
            assert f"expected at most {MAX_TEXT_CHARS} characters" in msg
        else:
            assert _has_surrogate(text) and "lone surrogate" in msg
        return
    assert p.id == "x"
    check_prediction(p, explain)


@settings(max_examples=30, deadline=None)
@given(batch=st.lists(texts(80).filter(lambda t: t.strip() and not _has_surrogate(t)), min_size=1, max_size=8))
def test_a_batch_equals_its_items_one_by_one(classifier, batch):
    together = classifier.predict(batch)
    alone = [classifier.predict([t])[0] for t in batch]
    assert [p.label for p in together] == [p.label for p in alone]
    for a, b in zip(together, alone):
        assert all(math.isclose(a.scores[k], b.scores[k], abs_tol=1e-9) for k in LABELS)


@pytest.mark.parametrize("value", [None, 5, b"bytes", ["list"], {"text": "x"}])
def test_non_text_is_a_type_error(classifier, value):
    with pytest.raises(TypeError, match="expected a string"):
        classifier.predict([value])


@pytest.mark.slow
@pytest.mark.parametrize("text, error", [
    ("я" * (MAX_TEXT_CHARS + 1), "expected at most"),  # the limit
    ("x" * 1_000_000, "expected at most"),  # 1 MB
    ("а" * 100_000, "expected at most"),  # one 100,000-letter word
])
def test_too_long_texts_are_refused_clearly(classifier, text, error):
    with pytest.raises(ValueError, match=error):
        classifier.predict([text])


def test_the_longest_allowed_single_word_is_classified(classifier):
    (p,) = classifier.predict(["а" * MAX_TEXT_CHARS], explain=True)
    check_prediction(p, explain=True)
