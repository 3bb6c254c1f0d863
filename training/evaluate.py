"""Metrics for appeal classification, and their plain-text report."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

from nlp.labels import LABELS


def metrics(y_true, y_pred, labels=LABELS) -> dict:
    """Per-class precision/recall/F1, macro-F1, accuracy and the confusion matrix."""
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=list(labels), zero_division=0)
    return {
        "n": len(y_true),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macro_f1": float(np.mean(f)),
        "per_class": {lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                            "support": int(s[i])} for i, lab in enumerate(labels)},
        "confusion": {"labels": list(labels),
                      "matrix": confusion_matrix(y_true, y_pred, labels=list(labels)).tolist()},
    }


def review_threshold(confidence, correct, min_precision: float = 0.95) -> dict:
    """Lowest confidence cut that keeps auto-tagged precision >= min_precision.

    Returns the threshold, the auto-tagged share (coverage) and its precision.
    """
    conf = np.asarray(confidence, dtype=float)
    ok = np.asarray(correct, dtype=bool)
    order = np.argsort(-conf)
    hits = np.cumsum(ok[order])
    precision = hits / np.arange(1, len(conf) + 1)
    good = np.nonzero(precision >= min_precision)[0]
    if len(good) == 0:
        return {"threshold": 1.0, "coverage": 0.0, "precision": None}
    k = good[-1]
    # do not split ties: every item at the cut's confidence is on the same side
    thr = float(conf[order][k])
    kept = conf >= thr
    return {"threshold": thr, "coverage": float(kept.mean()),
            "precision": float(ok[kept].mean()) if kept.any() else None}


def at_threshold(confidence, correct, threshold: float) -> dict:
    conf = np.asarray(confidence, dtype=float)
    ok = np.asarray(correct, dtype=bool)
    kept = conf >= threshold
    return {"threshold": float(threshold), "coverage": float(kept.mean()),
            "precision": float(ok[kept].mean()) if kept.any() else None}


def format_report(m: dict) -> str:
    """Human-readable table of a :func:`metrics` result."""
    lines = [f"{'label':<22}{'precision':>10}{'recall':>8}{'f1':>8}{'support':>9}"]
    for lab, v in m["per_class"].items():
        lines.append(f"{lab:<22}{v['precision']:>10.3f}{v['recall']:>8.3f}{v['f1']:>8.3f}{v['support']:>9}")
    lines.append(f"{'macro-F1':<22}{m['macro_f1']:>10.3f}   accuracy {m['accuracy']:.3f}   n={m['n']}")
    labs = m["confusion"]["labels"]
    short = [lab[:8] for lab in labs]
    lines.append("")
    lines.append("confusion (rows: true, columns: predicted)")
    lines.append(" " * 22 + "".join(f"{s:>10}" for s in short))
    for lab, row in zip(labs, m["confusion"]["matrix"]):
        lines.append(f"{lab:<22}" + "".join(f"{x:>10}" for x in row))
    return "\n".join(lines)
