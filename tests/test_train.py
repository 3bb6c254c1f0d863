"""training/train.py and nlp/appeals.py: selection, the gate, the card, predictions, explanations."""
import json

import pytest

from nlp.appeals import AppealClassifier
from nlp.labels import LABELS
from training.train import GateRefused, train


def test_card_records_data_metrics_and_threshold(model_path):
    card = json.loads(model_path.with_name("appeals.card.json").read_text())
    assert card["labels"] == list(LABELS)
    assert len(card["corpus"]["sha256"]) == 64
    assert set(card["corpus"]["counts"]) == {"train", "test"}
    assert card["test"]["macro_f1"] >= 0.85
    assert 0 < card["threshold"] <= 1
    assert card["review"]["test"]["coverage"] > 0


def test_predictions_are_calibrated_distributions(classifier):
    preds = classifier.predict(["мастер так и не пришёл, жду с утра", "сколько стоит замена смесителя?",
                                "перенесите визит мастера на пятницу", "спасибо мастеру Ивану, всё чётко"],
                               ids=["a", "b", "c", "d"])
    assert [p.label for p in preds] == ["claim", "consultation", "action_request", "gratitude_suggestion"]
    for p in preds:
        assert abs(sum(p.scores.values()) - 1) < 1e-6 and p.confidence == max(p.scores.values())
        assert p.label_ru and p.needs_review == (p.confidence < classifier.threshold)


def test_explanation_names_words_of_the_text(classifier):
    (p,) = classifier.predict(["мастер не пришёл"], explain=True)
    assert p.explanation and all(e.weight > 0 for e in p.explanation)
    assert any(e.kind == "lemma" and e.feature in {"не", "прийти", "не прийти", "мастер не"} for e in p.explanation)


@pytest.mark.parametrize("bad, error", [("", ValueError), ("   ", ValueError), (None, TypeError)])
def test_bad_text(classifier, bad, error):
    with pytest.raises(error, match="items\\[0\\]"):
        classifier.predict([bad])


def test_gate_refuses_a_worse_model_and_keeps_the_current_one(tmp_path, small_corpus):
    out = tmp_path / "appeals.joblib"
    train([small_corpus], out, candidates=["logreg"], folds=2, log=lambda *a: None)
    before = out.read_bytes()
    # a corpus whose labels are shuffled trains a much worse challenger
    rows = [json.loads(x) for x in small_corpus.read_text(encoding="utf-8").splitlines()]
    labels = [r["label"] for r in rows]
    labels = labels[7:] + labels[:7]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(json.dumps({"text": r["text"], "label": lab}, ensure_ascii=False) + "\n"
                           for r, lab in zip(rows, labels)), encoding="utf-8")
    with pytest.raises(GateRefused, match="--force"):
        train([bad], out, candidates=["logreg"], folds=2, log=lambda *a: None)
    assert out.read_bytes() == before
    AppealClassifier.load(out)
    train([bad], out, candidates=["logreg"], folds=2, force=True, log=lambda *a: None)
    assert out.read_bytes() != before


def test_bad_corpus_writes_no_model(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "label": "claim"}\n{"text": "y", "label": "nope"}\n', encoding="utf-8")
    out = tmp_path / "m.joblib"
    with pytest.raises(ValueError, match="bad.jsonl:2"):
        train([bad], out, log=lambda *a: None)
    assert not out.exists()


def test_unknown_candidate(tmp_path, small_corpus):
    with pytest.raises(ValueError, match="unknown candidate"):
        train([small_corpus], tmp_path / "m.joblib", candidates=["gpt"], log=lambda *a: None)
