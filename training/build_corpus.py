"""Merge hand-written corpus parts into ``corpora/appeals.jsonl``, removing duplicates.

Usage: python -m training.build_corpus corpora/raw/*.jsonl --out corpora/appeals.jsonl

A text is dropped when an earlier kept text is an exact or near duplicate:
the same first 40 characters after folding and stripping punctuation, or a
word-set Jaccard similarity of 0.8 or more.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from nlp.morph import fold

from .corpus import load_corpus

_PUNCT = re.compile(r"[^\w\s]")


def _key(text: str) -> tuple[str, frozenset[str]]:
    words = _PUNCT.sub(" ", fold(text)).split()
    return " ".join(words)[:40], frozenset(words)


def dedupe(rows: list[dict], jaccard: float = 0.8) -> tuple[list[dict], list[tuple[dict, dict]]]:
    kept, dropped, prefixes, sets = [], [], {}, []
    by_word: dict[str, list[int]] = {}
    for row in rows:
        prefix, words = _key(row["text"])
        twin = prefixes.get(prefix)
        if twin is None and words:
            cands = {i for w in words for i in by_word.get(w, ())}
            for i in cands:
                other = sets[i]
                if len(words & other) / len(words | other) >= jaccard:
                    twin = kept[i]
                    break
        if twin is not None:
            dropped.append((row, twin))
            continue
        prefixes[prefix] = row
        for w in words:
            by_word.setdefault(w, []).append(len(kept))
        kept.append(row)
        sets.append(words)
    return kept, dropped


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("parts", nargs="+")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    rows = []
    for part in args.parts:
        load_corpus(part)  # validates every line (file:line errors)
        writer = Path(part).stem
        for line in Path(part).read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                rows.append({"text": r["text"], "label": r["label"], "channel": r.get("channel", "unknown"),
                             "writer": writer})
    kept, dropped = dedupe(rows)
    out = Path(args.out)
    tmp = out.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8")
    tmp.replace(out)
    print(f"{len(rows)} texts read, {len(dropped)} near/exact duplicates dropped, {len(kept)} written to {out}",
          file=sys.stderr)
    for row, twin in dropped[:20]:
        print(f"  dropped {row['text'][:60]!r} ~ {twin['text'][:60]!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
