"""Train the appeal classifier: select a candidate, fit, gate, write with a card."""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, log_loss
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from nlp.appeals import AppealClassifier
from nlp.inference import attach_piece_table
from nlp.labels import LABELS
from nlp.model_io import ModelError, save_model
from nlp.text import analyze

from .candidates import CANDIDATES
from .corpus import DEFAULT_CORPUS, corpus_sha256, load_corpus
from .evaluate import at_threshold, metrics, review_threshold

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "models" / "appeals.joblib"
GATE_TOLERANCE = 0.01  # a challenger may lose at most this much test macro-F1
MIN_PRECISION = 0.95  # auto-tagged precision the review threshold is chosen for


class GateRefused(RuntimeError):
    """The new model is worse than the one in place; nothing was written."""


@dataclass
class TrainResult:
    card: dict
    written: bool
    champion_f1: float | None


def _oof(name, docs, y, folds, seed):
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    return cross_val_predict(CANDIDATES[name](), docs, y, cv=cv, method="predict_proba")


def select(docs, y, names, folds=5, seed=0, log=print) -> tuple[str, dict, np.ndarray]:
    """Cross-validate each candidate; return the best name, the evidence and its OOF probabilities."""
    evidence, probas = {}, {}
    classes = sorted(set(y))
    for name in names:
        t0 = time.perf_counter()
        proba = _oof(name, docs, y, folds, seed)
        pred = np.asarray(classes)[proba.argmax(axis=1)]
        evidence[name] = {"cv_macro_f1": float(f1_score(y, pred, average="macro")),
                          "cv_log_loss": float(log_loss(y, proba, labels=classes)),
                          "seconds": round(time.perf_counter() - t0, 2),
                          "description": CANDIDATES[name].__doc__}
        probas[name] = proba
        log(f"  {name:<16} CV macro-F1 {evidence[name]['cv_macro_f1']:.4f}  "
            f"log-loss {evidence[name]['cv_log_loss']:.4f}  ({evidence[name]['seconds']} s)")
    best = max(names, key=lambda n: (round(evidence[n]["cv_macro_f1"], 3), -evidence[n]["cv_log_loss"]))
    return best, evidence, probas[best]


def train(corpus=None, out=None, force=False, candidates=None, folds=5, seed=0, log=print) -> TrainResult:
    """The whole `gerp-nlp train` job; raises GateRefused when the challenger loses."""
    corpus = [Path(p) for p in (corpus or [DEFAULT_CORPUS])]
    out = Path(out or DEFAULT_OUT)
    names = list(candidates or CANDIDATES)
    unknown = [n for n in names if n not in CANDIDATES]
    if unknown:
        raise ValueError(f"unknown candidate {unknown[0]!r}; expected one of {', '.join(CANDIDATES)}")
    examples = load_corpus(corpus)
    train_ex = [e for e in examples if e.split == "train"]
    test_ex = [e for e in examples if e.split == "test"]
    missing = [lab for lab in LABELS if not any(e.label == lab for e in train_ex)]
    if missing:
        raise ValueError(f"the training split has no example of {', '.join(missing)}; add some to the corpus")
    log(f"corpus: {len(examples)} texts ({len(train_ex)} train, {len(test_ex)} test) from "
        f"{', '.join(map(str, corpus))}")
    docs = [analyze(e.text) for e in train_ex]
    y = np.asarray([e.label for e in train_ex])

    if len(names) > 1 or folds > 1:
        log(f"cross-validation ({folds} folds) on the train split:")
        best, evidence, oof = select(docs, y, names, folds, seed, log)
    else:
        best, evidence, oof = names[0], {}, None
    log(f"selected: {best}")
    t0 = time.perf_counter()
    pipeline = CANDIDATES[best]().fit(docs, y)
    fit_seconds = time.perf_counter() - t0
    pieces = attach_piece_table(pipeline, [e.text for e in train_ex])

    if oof is not None:
        classes = sorted(set(y))
        conf = oof.max(axis=1)
        review = review_threshold(conf, np.asarray(classes)[oof.argmax(axis=1)] == y, MIN_PRECISION)
    else:
        review = {"threshold": 0.5, "coverage": None, "precision": None}
    card = {
        "name": "appeals", "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "candidate": best, "labels": list(LABELS), "threshold": review["threshold"],
        "corpus": {"files": [p.name for p in corpus], "sha256": corpus_sha256(corpus),
                   "counts": {s: {lab: sum(1 for e in exs if e.label == lab) for lab in LABELS}
                              for s, exs in (("train", train_ex), ("test", test_ex))}},
        "selection": {"folds": folds, "seed": seed, "candidates": evidence},
        "review": {"min_precision": MIN_PRECISION, "chosen_on": "out-of-fold train predictions",
                   "train_oof": review},
        "fit_seconds": round(fit_seconds, 2),
        "piece_table": pieces,  # pieces of the training texts stored with the model (nlp/inference.py)
    }
    classifier = AppealClassifier(pipeline, card)
    champion_f1 = None
    if test_ex:
        test_texts = [e.text for e in test_ex]
        y_test = [e.label for e in test_ex]
        preds = classifier.predict(test_texts)
        card["test"] = metrics(y_test, [p.label for p in preds])
        card["review"]["test"] = at_threshold([p.confidence for p in preds],
                                              [p.label == t for p, t in zip(preds, y_test)], review["threshold"])
        champion_f1 = _champion_f1(out, test_texts, y_test, log)
        if champion_f1 is not None:
            card["champion_test_macro_f1"] = champion_f1
            if card["test"]["macro_f1"] < champion_f1 - GATE_TOLERANCE and not force:
                raise GateRefused(
                    f"new model test macro-F1 {card['test']['macro_f1']:.4f} is more than {GATE_TOLERANCE} "
                    f"below the current model's {champion_f1:.4f} on the same test split; "
                    f"{out} was left as it is (use --force to replace it anyway)")
    card = save_model(pipeline, card, out)
    return TrainResult(card, True, champion_f1)


def _champion_f1(out: Path, texts, y, log) -> float | None:
    if not out.exists():
        return None
    try:
        champion = AppealClassifier.load(out)
    except ModelError as exc:
        log(f"note: the current model cannot be loaded ({exc}); it will be replaced without comparison")
        return None
    f1 = metrics(y, [p.label for p in champion.predict(texts)])["macro_f1"]
    log(f"current model at {out}: test macro-F1 {f1:.4f}")
    return f1
