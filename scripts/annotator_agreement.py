"""How far a second annotator agrees with the writer of a gold file, and the scorer with both.

The gold files are marked by the people who wrote them. A second annotator who never
saw those marks marked some files again for a few categories
(``corpora/transcripts/second_annotator/<gold file stem>.second.jsonl``: one line per
transcript, ``{"id", "violations": [{"category", "turn", "text"}]}``). This script
prints, per category, the second annotator's precision and recall against the writer
(a ceiling of sorts for the scorer's figures), the scorer's against each, and how
many of the scorer's false alarms the second annotator marked:

    .venv/bin/python scripts/annotator_agreement.py corpora/transcripts/gold_dev9[1-8].jsonl

Pass ``--rules PATH`` to score with another rulebook. The scorer's figures on files
that became development files are partly memory (the learned rules train on them);
for the figures of the round in which they were fresh, run this at that round's commit.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.gold import load_gold  # noqa: E402
from nlp.rulebook import load_rulebook  # noqa: E402
from nlp.scoring import score  # noqa: E402

SECOND = ROOT / "corpora" / "transcripts" / "second_annotator"


def second_marks(gold_path: Path) -> dict[str, list[dict]]:
    """The second annotator's marks for a gold file, by transcript id."""
    path = SECOND / f"{gold_path.stem}.second.jsonl"
    if not path.exists():
        raise SystemExit(f"error: no second annotation for {gold_path.name} (expected {path})")
    marks = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            marks[row["id"]] = row["violations"]
        except (ValueError, KeyError, TypeError) as exc:
            raise SystemExit(f"error: {path}:{n}: not an annotation line ({exc}); "
                             'expected {"id": ..., "violations": [...]}') from None
    return marks


def _recall(ref: set, hyp: set) -> float:
    return len(ref & hyp) / len(ref) if ref else 1.0


def _pr(ref: set, hyp: set) -> str:
    tp = len(ref & hyp)
    p = tp / len(hyp) if hyp else 1.0
    return f"P {p:.3f} R {_recall(ref, hyp):.3f} (tp {tp}, fp {len(hyp - ref)}, fn {len(ref - hyp)})"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="+", help="gold files that have a second annotation")
    ap.add_argument("--rules", help="rulebook YAML (default: the shipped one)")
    args = ap.parse_args(argv)
    rulebook = load_rulebook(args.rules) if args.rules else load_rulebook()

    writer, second, scorer = set(), set(), set()
    categories: set[str] = set()
    n_items = 0
    for name in args.gold:
        path = Path(name)
        marks = second_marks(path)
        for item in load_gold(path):
            if item["id"] not in marks:
                raise SystemExit(f"error: {path.name}: transcript {item['id']} has no second annotation")
            n_items += 1
            key = (path.name, item["id"])
            for v in marks[item["id"]]:
                categories.add(v["category"])
                second.add((v["category"], key, v["turn"]))
            writer |= {(v["category"], key, v["turn"]) for v in item["expected"]["violations"]}
            scorer |= {(v.category, key, v.turn) for v in score(item, rulebook).violations}

    print(f"{n_items} transcripts in {len(args.gold)} files")
    for cat in sorted(categories):
        w = {x for x in writer if x[0] == cat}
        s2 = {x for x in second if x[0] == cat}
        sc = {x for x in scorer if x[0] == cat}
        print(f"{cat}: writer {len(w)} marks, second annotator {len(s2)}")
        print(f"  second annotator vs writer: {_pr(w, s2)}")
        print(f"  scorer vs writer:           {_pr(w, sc)}")
        print(f"  scorer vs second annotator: {_pr(s2, sc)}")
        false_alarms = sc - w
        print(f"  scorer's false alarms (vs writer) the second annotator marked: "
              f"{len(false_alarms & s2)} of {len(false_alarms)}; "
              f"scorer's recall on turns both marked: {_recall(w & s2, sc):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
