"""Drop positive utterances (label 1) that share a 5-word run with an operator turn of a gold transcript.

The learned rules are trained on example files (``nlp/rules/*.jsonl``) and measured
on the gold transcripts (``corpora/transcripts/gold_*.jsonl``); an example that
repeats a gold turn's words would make the measurement a memory test. Negative lines
(label 0) are kept: the standard script phrases («спасибо за обращение, хорошего
дня») are in every transcript by design. Run this on a new batch of examples
before merging it:

    python scripts/gold_overlap.py NEW.jsonl > CLEAN.jsonl   # the dropped lines go to stderr
"""
from __future__ import annotations

import glob
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N = 5


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower().replace("ё", "е"))


def _runs(text: str) -> set[tuple[str, ...]]:
    w = _words(text)
    return {tuple(w[i:i + N]) for i in range(len(w) - N + 1)}


def gold_runs(pattern: str = str(ROOT / "corpora" / "transcripts" / "gold_*.jsonl")) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    for turn in json.loads(line).get("turns", []):
                        if turn.get("speaker") == "operator":
                            out |= _runs(turn.get("text", ""))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    gold = gold_runs()
    kept = dropped = 0
    with open(argv[0], encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text = row["text"]
                if not isinstance(text, str):
                    raise TypeError
            except (json.JSONDecodeError, KeyError, TypeError):
                print(f"{argv[0]}:{n}: expected a JSON object with a \"text\" string and a \"label\"",
                      file=sys.stderr)
                return 2
            if row.get("label") == 1 and _runs(text) & gold:
                dropped += 1
                print(f"{argv[0]}:{n}: shares a {N}-word run with a gold turn: {text}", file=sys.stderr)
            else:
                kept += 1
                sys.stdout.write(line if line.endswith("\n") else line + "\n")
    print(f"kept {kept}, dropped {dropped}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
