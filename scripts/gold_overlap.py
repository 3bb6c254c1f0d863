"""Drop positive utterances (label 1) that share a 5-word run with an operator turn of a gold transcript.

The learned rules are trained on example files (``nlp/rules/*.jsonl``) and measured
on the gold transcripts (``corpora/transcripts/gold_*.jsonl``); an example that
repeats a gold turn's words would make the measurement a memory test. Negative lines
(label 0) are kept: the standard script phrases («спасибо за обращение, хорошего
дня») are in every transcript by design. Run this on a new batch of examples
before merging it:

    python scripts/gold_overlap.py NEW.jsonl > CLEAN.jsonl   # the dropped lines go to stderr

With ``--category`` a positive line is also dropped when it shares a 4-word run with the words of a
gold mark of that category (a mark's pieces split at «...»). When new held-out files arrive, the
example files are re-filtered against them without anyone reading them: ``--gold`` names the new
files and ``--quiet`` prints only the counts:

    python scripts/gold_overlap.py nlp/rules/contact_exchange.jsonl --category contact_exchange \
        --gold 'corpora/transcripts/gold_heldout23*.jsonl' --quiet > CLEAN.jsonl
"""
from __future__ import annotations

import argparse
import glob
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N = 5


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower().replace("ё", "е"))


def _runs(text: str, n: int = N) -> set[tuple[str, ...]]:
    """The runs of ``n`` consecutive words of the text."""
    w = _words(text)
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def gold_runs(pattern: str = str(ROOT / "corpora" / "transcripts" / "gold_*.jsonl")) -> set[tuple[str, ...]]:
    return _gold(pattern, None)[0]


def _gold(pattern: str, category: str | None) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """The 5-word runs of the operator turns of the gold files, and the 4-word runs of their marks of
    ``category``."""
    turns: set[tuple[str, ...]] = set()
    marks: set[tuple[str, ...]] = set()
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                obj = json.loads(line)
                for turn in obj.get("turns", []):
                    if turn.get("speaker") == "operator":
                        turns |= _runs(turn.get("text", ""))
                for v in (obj.get("expected") or {}).get("violations", []) if category else ():
                    if v.get("category") == category:
                        for piece in re.split(r"\.\.\.|…", v.get("text") or ""):
                            marks |= _runs(piece, 4)
    return turns, marks


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("examples", help="a JSONL file of labelled utterances ({\"text\", \"label\"})")
    ap.add_argument("--gold", default=str(ROOT / "corpora" / "transcripts" / "gold_*.jsonl"),
                    help="the gold files to compare with (a glob; default: every gold file)")
    ap.add_argument("--category", help="also drop lines sharing a 4-word run with a gold mark of this category")
    ap.add_argument("--quiet", action="store_true", help="print only the counts, not the dropped lines")
    args = ap.parse_args(argv)
    if not glob.glob(args.gold):   # a mistyped glob would drop nothing and look like a clean run
        print(f"--gold {args.gold!r}: no file matches; name the gold files with a shell-style glob "
              "(* ? [0-9], not {a,b})", file=sys.stderr)
        return 2
    gold, marks = _gold(args.gold, args.category)
    kept = dropped = 0
    with open(args.examples, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text = row["text"]
                if not isinstance(text, str):
                    raise TypeError
            except (json.JSONDecodeError, KeyError, TypeError):
                print(f"{args.examples}:{n}: expected a JSON object with a \"text\" string and a \"label\"",
                      file=sys.stderr)
                return 2
            if row.get("label") == 1 and (_runs(text) & gold or _runs(text, 4) & marks):
                dropped += 1
                if not args.quiet:
                    print(f"{args.examples}:{n}: shares a run with a gold turn or mark: {text}", file=sys.stderr)
            else:
                kept += 1
                sys.stdout.write(line if line.endswith("\n") else line + "\n")
    print(f"kept {kept}, dropped {dropped}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
