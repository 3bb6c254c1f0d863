"""Evaluate the scorer against hand-marked gold transcripts.

Findings are compared as ``(category, turn)`` pairs; checklist items by value
(True / False / None).
"""
from __future__ import annotations

import json
from pathlib import Path

from .rulebook import CATEGORIES, CHECKLIST, Rulebook
from .scoring import score


def load_gold(path) -> list[dict]:
    """Read a gold JSONL file; a broken line names its file and line."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: broken JSON ({exc.msg})") from None
            exp = obj.get("expected") if isinstance(obj, dict) else None
            if not isinstance(exp, dict) or "violations" not in exp or "checklist" not in exp:
                raise ValueError(f"{path}:{n}: expected an 'expected' object with 'violations' and 'checklist'")
            obj["_where"] = f"{Path(path).name}:{n}"
            out.append(obj)
    return out


def evaluate_gold(items: list[dict], rulebook: Rulebook) -> dict:
    """Per-category precision/recall and per-item checklist accuracy, plus the misses."""
    counts = {c: {"tp": 0, "fp": 0, "fn": 0} for c in CATEGORIES}
    check = {k: {"correct": 0, "total": 0} for k in CHECKLIST}
    errors = []
    for item in items:
        result = score(item, rulebook)
        got = {(f.category, f.turn) for f in result.violations}
        want = {(v["category"], int(v["turn"])) for v in item["expected"]["violations"]}
        for pair in got | want:
            c = counts[pair[0]]
            key = "tp" if pair in got and pair in want else ("fp" if pair in got else "fn")
            c[key] += 1
            if key != "tp":
                errors.append({"id": item.get("id"), "where": item["_where"], "kind": key,
                               "category": pair[0], "turn": pair[1]})
        for k in CHECKLIST:
            want_v = item["expected"]["checklist"].get(k)
            check[k]["total"] += 1
            if result.checklist.get(k) == want_v:
                check[k]["correct"] += 1
            else:
                errors.append({"id": item.get("id"), "where": item["_where"], "kind": "checklist",
                               "item": k, "expected": want_v, "got": result.checklist.get(k)})
    per_cat = {}
    for c, v in counts.items():
        p = v["tp"] / (v["tp"] + v["fp"]) if v["tp"] + v["fp"] else None
        r = v["tp"] / (v["tp"] + v["fn"]) if v["tp"] + v["fn"] else None
        per_cat[c] = {"precision": p, "recall": r, **v}
    return {"n": len(items), "categories": per_cat,
            "checklist": {k: {"accuracy": v["correct"] / v["total"] if v["total"] else None, **v}
                          for k, v in check.items()},
            "errors": errors}


def operator_lines(items: list[dict], category: str) -> list[dict]:
    """The operator turns of hand-marked gold transcripts as labelled examples of one category, for a
    learned rule (``gerp-nlp gold-examples``): a turn marked with the category gives its marked words
    (label 1; the whole turn when the mark is shorter than three words or skips words with «…»),
    every other operator turn is a label-0 line. One line per distinct (text, label), in file order."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}; one of: {', '.join(CATEGORIES)}")
    out, seen = [], set()
    for item in items:
        marked = {int(v["turn"]): str(v.get("text") or "") for v in item["expected"]["violations"]
                  if v["category"] == category}
        style = "call" if item.get("channel") == "call" else "chat"
        for k, turn in enumerate(item["turns"]):
            if turn.get("speaker") != "operator":
                continue
            text, label = turn["text"], 0
            if k in marked:
                span, label = marked[k], 1
                if len(span.split()) >= 3 and "..." not in span and "…" not in span:
                    text = span
            key = (" ".join(text.lower().split()), label)
            if key in seen:
                continue
            seen.add(key)
            out.append({"text": text, "label": label, "style": style, "source": f"{item['_where']}#{k}"})
    return out


def format_gold(report: dict) -> str:
    def f(x):
        return "   -" if x is None else f"{x:.3f}"
    lines = [f"{report['n']} transcripts", f"{'category':<20}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for c, v in report["categories"].items():
        lines.append(f"{c:<20}{f(v['precision']):>10}{f(v['recall']):>8}{v['tp']:>5}{v['fp']:>5}{v['fn']:>5}")
    lines.append(f"\n{'checklist item':<20}{'accuracy':>10}{'n':>6}")
    for k, v in report["checklist"].items():
        lines.append(f"{k:<20}{f(v['accuracy']):>10}{v['total']:>6}")
    return "\n".join(lines)
