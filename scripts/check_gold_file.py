"""Check a new gold transcript file's format and coverage before it joins the gold set (it scores nothing).

A writer of a gold file runs this on their own file (corpora/transcripts/WRITER_BRIEF.md); whoever
copies a held-out file in runs it again, so that nobody has to read the file to check it:

    python scripts/check_gold_file.py corpora/transcripts/gold_heldout229.jsonl --prefix ho229

It checks, naming the line and the field of every problem:
* the format of corpora/transcripts/GUIDELINES.md: id, channel, turns (speaker, text; calls with
  numeric start <= end on every turn, in order), expected.violations (a known category, an operator
  turn, one entry per category and turn, a text found in that turn; pieces may be joined by «...»)
  and expected.checklist (exactly the eight items; true / false, or null where the table allows it);
* the coverage a writer is asked for: --count transcripts, every category marked in at least
  --min-per-category transcripts (hold_time in one fewer: calls only), every checklist item true in
  some transcripts and false in others.
Exit status 0 when everything holds, 1 with the list of problems, 2 when the file cannot be read.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.rulebook import CATEGORIES, CHECKLIST  # noqa: E402

NEVER_NULL = ("greeting", "introduction", "offered_more_help", "thanked", "farewell")


def _norm(text: str) -> str:
    return text.lower().replace("ё", "е")


def check_transcript(obj, where: str, prefix: str, seen_ids: set) -> list[str]:
    """The format problems of one transcript (an empty list when it is well formed)."""
    if not isinstance(obj, dict):
        return [f"{where}: expected a JSON object"]
    errs = []
    tid = obj.get("id")
    if not isinstance(tid, str) or not tid.startswith(prefix):
        errs.append(f"{where}: field 'id' must be a string starting with {prefix!r}, got {tid!r}")
    elif tid in seen_ids:
        errs.append(f"{where}: id {tid!r} repeats an earlier line")
    seen_ids.add(tid)
    channel = obj.get("channel")
    if channel not in ("call", "chat"):
        errs.append(f"{where}: field 'channel' must be 'call' or 'chat', got {channel!r}")
    turns = obj.get("turns")
    if not isinstance(turns, list) or not turns:
        return errs + [f"{where}: field 'turns' must be a non-empty list"]
    for i, t in enumerate(turns):
        at = f"{where}: turns[{i}]"
        if not isinstance(t, dict):
            errs.append(f"{at}: expected an object")
            continue
        if t.get("speaker") not in ("operator", "client"):
            errs.append(f"{at}.speaker must be 'operator' or 'client', got {t.get('speaker')!r}")
        if not isinstance(t.get("text"), str) or not t["text"].strip():
            errs.append(f"{at}.text must be a non-empty string")
        if channel == "call":
            start, end = t.get("start"), t.get("end")
            if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (start, end)) or end < start:
                errs.append(f"{at}: a call needs numeric start <= end on every turn, got {start!r}, {end!r}")
            elif i and isinstance(turns[i - 1], dict) and isinstance(turns[i - 1].get("end"), (int, float)) \
                    and start < turns[i - 1]["end"]:
                errs.append(f"{at}.start {start} is before the previous turn's end {turns[i - 1]['end']}")
    exp = obj.get("expected")
    if not isinstance(exp, dict) or not isinstance(exp.get("violations"), list) \
            or not isinstance(exp.get("checklist"), dict):
        return errs + [f"{where}: field 'expected' must hold a 'violations' list and a 'checklist' object"]
    pairs = set()
    for j, v in enumerate(exp["violations"]):
        at = f"{where}: expected.violations[{j}]"
        cat, turn, text = (v.get("category"), v.get("turn"), v.get("text")) if isinstance(v, dict) else (None,) * 3
        if cat not in CATEGORIES:
            errs.append(f"{at}.category {cat!r} is not one of {', '.join(CATEGORIES)}")
            continue
        if not isinstance(turn, int) or isinstance(turn, bool) or not 0 <= turn < len(turns):
            errs.append(f"{at}.turn {turn!r} is not a turn index (0..{len(turns) - 1})")
            continue
        if turns[turn].get("speaker") != "operator":
            errs.append(f"{at}: turn {turn} is a client turn; only operator turns are marked")
        if (cat, turn) in pairs:
            errs.append(f"{at}: {cat} on turn {turn} is listed twice (one entry per category and turn)")
        pairs.add((cat, turn))
        if cat == "hold_time" and channel != "call":
            errs.append(f"{at}: hold_time is marked in calls only")
        said = _norm(str(turns[turn].get("text", "")))
        pieces = [p.strip() for p in _norm(text).replace("…", "...").split("...")] if isinstance(text, str) else []
        if not pieces or not all(p in said for p in pieces if p):
            errs.append(f"{at}.text {text!r} is not in turn {turn} (join distant pieces with «...»)")
    checklist = exp["checklist"]
    if set(checklist) != set(CHECKLIST):
        errs.append(f"{where}: expected.checklist must have exactly the items {', '.join(CHECKLIST)}")
    for item in CHECKLIST:
        value = checklist.get(item)
        if value not in (True, False, None) or (value is None and item in NEVER_NULL and item in checklist):
            allowed = "true or false" if item in NEVER_NULL else "true, false or null"
            errs.append(f"{where}: expected.checklist.{item} must be {allowed}, got {value!r}")
    return errs


def check_file(path, prefix: str = "", count: int | None = 46, min_per_category: int = 6) -> tuple[list[str], str]:
    """(problems, summary) of one gold file; OSError / UnicodeDecodeError when it cannot be read."""
    errs, seen = [], set()
    marked = collections.Counter()
    values = {item: collections.Counter() for item in CHECKLIST}
    n = calls = 0
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            if not line.strip():
                continue
            n += 1
            where = f"{Path(path).name}:{ln}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                errs.append(f"{where}: broken JSON ({exc.msg}, column {exc.colno})")
                continue
            problems = check_transcript(obj, where, prefix, seen)
            errs += problems
            if problems:
                continue
            calls += obj["channel"] == "call"
            for cat in {v["category"] for v in obj["expected"]["violations"]}:
                marked[cat] += 1
            for item in CHECKLIST:
                values[item][obj["expected"]["checklist"][item]] += 1
    if count is not None and n != count:
        errs.append(f"{Path(path).name}: {n} transcripts, {count} wanted")
    for cat in CATEGORIES:
        need = max(min_per_category - 1, 0) if cat == "hold_time" else min_per_category
        if marked[cat] < need:
            errs.append(f"{Path(path).name}: {cat} is marked in {marked[cat]} transcripts, at least {need} wanted")
    for item in CHECKLIST:
        if min_per_category and not (values[item][True] and values[item][False]):
            errs.append(f"{Path(path).name}: checklist item {item} must be true in some transcripts and false in others")
    summary = (f"{n} transcripts ({calls} calls / {n - calls} chats); transcripts per category: "
               + ", ".join(f"{c} {marked[c]}" for c in CATEGORIES))
    return errs, summary


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--prefix", default="", help="every id must start with this (e.g. ho229)")
    ap.add_argument("--count", type=int, default=46, help="transcripts wanted (default 46; 0 = any)")
    ap.add_argument("--min-per-category", type=int, default=6,
                    help="transcripts each category must be marked in (default 6; hold_time one fewer)")
    args = ap.parse_args(argv)
    try:
        errs, summary = check_file(args.file, args.prefix, args.count or None, args.min_per_category)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    print(summary)
    print("\n".join(errs) if errs else "OK")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
