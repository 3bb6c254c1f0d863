"""Property tests of the scorer: any input is scored or refused with ValueError/TypeError, and
every finding's span lies inside its (operator) turn and equals the quoted text."""
from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from nlp.rulebook import CHECKLIST
from nlp.scoring import score, score_transcript
from nlp.transcript import MAX_TURN_CHARS, MAX_TURNS, parse_transcript
from tests.fuzz_strategies import texts, transcripts, valid_turns


def check_result(t, r, rulebook) -> None:
    """Everything a consumer of a ScoreResult relies on."""
    rule_ids = {rule.spec.id for rule in rulebook.rules} | {"hold.limit"}
    assert 0.0 <= r.score <= 100.0 and math.isfinite(r.score)
    assert isinstance(r.passed, bool)
    assert set(r.checklist) == set(CHECKLIST) and all(v in (True, False, None) for v in r.checklist.values())
    for f in r.violations:
        assert 0 <= f.turn < len(t.turns)
        turn = t.turns[f.turn]
        assert turn.speaker == "operator", "a client's words made a finding"
        assert f.rule in rule_ids and f.clause and f.severity in ("minor", "major", "critical")
        if f.category == "hold_time":
            assert (f.start, f.end, f.text) == (0, 0, "")
        else:
            assert 0 <= f.start < f.end <= len(turn.text), (f.start, f.end, len(turn.text))
            assert turn.text[f.start:f.end] == f.text
    assert list(r.violations) == sorted(r.violations, key=lambda f: (f.turn, f.start, f.category))
    json.dumps(r.to_dict(explain=True))


def _score_or_refuse(obj, rulebook):
    """Parse (which may refuse with ValueError/TypeError), then score, which must not fail."""
    try:
        t = parse_transcript(obj)
    except (ValueError, TypeError) as exc:
        assert str(exc), "an error without a message"
        return None, None
    return t, score_transcript(t, rulebook)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(obj=transcripts())
@example(obj={"turns": [{"speaker": "operator", "text": "ну ты это, короче, не знаю, блин"}]})
@example(obj="Оператор: х*р знает, звони на мой личный номер\nКлиент: ок")
@example(obj={"turns": [{"speaker": "operator", "text": "\U00017000 ну"}]})
@example(obj={"turns": [{"speaker": "operator", "text": "подождите", "end": 1.0},
                        {"speaker": "client", "text": "да"},
                        {"speaker": "operator", "text": "спасибо", "start": float("inf")}]})
def test_any_transcript_is_scored_or_refused(rulebook, obj):
    t, r = _score_or_refuse(obj, rulebook)
    event("refused" if r is None else "scored")
    if r is not None:
        check_result(t, r, rulebook)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(turn_list=valid_turns())
def test_spans_of_findings_in_turns(rulebook, turn_list):
    # turns made mostly of rule-firing vocabulary: most examples have findings to check
    # (see the events with --hypothesis-show-statistics)
    t, r = _score_or_refuse({"turns": turn_list}, rulebook)
    if r is None:
        event("refused")
        return
    event("scored with findings" if r.violations else "scored without findings")
    check_result(t, r, rulebook)


@settings(max_examples=100, deadline=None)
@given(text=texts(400))
def test_operator_text_alone(rulebook, text):
    t, r = _score_or_refuse({"turns": [{"speaker": "operator", "text": text}]}, rulebook)
    if r is None:
        return
    check_result(t, r, rulebook)
    assert score({"turns": [{"speaker": "operator", "text": text}]}, rulebook) == r  # deterministic


def test_the_vocabulary_really_makes_findings(rulebook):
    # guards the property tests above against checking spans of nothing
    r = score({"turns": [{"speaker": "operator", "text": "ну ты это, короче, не знаю, блин, щас"}]}, rulebook)
    assert len(r.violations) >= 4


@pytest.mark.parametrize("obj, error", [
    ({"turns": [{"speaker": "operator", "text": "а" * (MAX_TURN_CHARS + 1)}]}, "expected at most"),
    ({"turns": [{"speaker": "operator", "text": "ну"}] * (MAX_TURNS + 1)}, "expected at most"),
    ({"turns": [{"speaker": "operator", "text": "ну\ud800"}]}, "lone surrogate"),
    ({"turns": "ну"}, "expected a list"),
    (42, "expected an object or a string"),
])
def test_refusals_are_value_errors_with_a_message(rulebook, obj, error):
    with pytest.raises(ValueError, match=error):
        score(obj, rulebook)


@pytest.mark.slow
def test_a_megabyte_transcript_is_scored(rulebook):
    turn = "Добрый день, ну короче я не знаю, подождите, спасибо за ожидание! " * 290  # ~19,000 characters
    obj = {"turns": [{"speaker": "operator" if i % 2 == 0 else "client", "text": turn} for i in range(54)]}
    assert sum(len(x["text"]) for x in obj["turns"]) > 1_000_000
    t, r = _score_or_refuse(obj, rulebook)
    check_result(t, r, rulebook)
    assert len(r.violations) > 1000
