"""Cross-validate a learned rule that also trains on the development gold files.

A learned rule whose examples include the operator turns of the development gold
(``gerp-nlp gold-examples``) would be measured on its own training data by
``gerp-nlp evaluate-script --gold corpora/transcripts/gold_dev*.jsonl``. This script
gives the honest development figure: the dev files are split into K folds by file;
for each fold the rule is fitted on the hand-written examples plus the gold lines of
the other folds, and the fold is scored with the whole rulebook (every other rule
as shipped). Precision and recall of the rule's category, pooled over the folds,
are printed for each C and threshold, so both can be chosen on unseen transcripts:

    .venv/bin/python scripts/crossval_learned.py --rule criticism.learned --C 3,5 --thresholds 0.91,0.93

Held-out files (gold_heldout*) are never read.
"""
from __future__ import annotations

import argparse
import dataclasses
import glob
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.gold import evaluate_gold, load_gold, operator_lines  # noqa: E402
from nlp.rulebook import example_paths, load_rulebook  # noqa: E402
from nlp.utterance import UtteranceModel  # noqa: E402

DERIVED = ".dev_gold.jsonl"  # the file `gerp-nlp gold-examples` writes


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rule", default="criticism.learned")
    ap.add_argument("--rules", help="rulebook YAML (default: the shipped one)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", default=None, help="comma-separated values (default: the rule's)")
    ap.add_argument("--thresholds", default=None, help="comma-separated values (default: the rule's)")
    ap.add_argument("--no-gold", action="store_true", help="fit on the hand-written examples only (the baseline)")
    args = ap.parse_args(argv)

    rb = load_rulebook(args.rules) if args.rules else load_rulebook()
    idx = next((i for i, r in enumerate(rb.rules) if r.spec.id == args.rule and r.model is not None), None)
    if idx is None:
        ap.error(f"no learned rule {args.rule!r} in {rb.source}")
    spec = rb.rules[idx].spec
    written = [p for p in example_paths(spec, Path(rb.source).parent) if not p.name.endswith(DERIVED)]
    cs = [float(x) for x in args.C.split(",")] if args.C else [spec.C]
    ths = [float(x) for x in args.thresholds.split(",")] if args.thresholds else [spec.threshold]
    files = sorted(glob.glob(str(ROOT / "corpora" / "transcripts" / "gold_dev*.jsonl")))
    folds = [files[i::args.folds] for i in range(args.folds)]
    base = "".join(p.read_text(encoding="utf-8") for p in written)

    for C in cs:
        tot = {th: [0, 0, 0] for th in ths}
        for k, test in enumerate(folds):
            train = [x for j, f in enumerate(folds) if j != k for path in f for x in load_gold(path)]
            extra = "" if args.no_gold else "".join(
                json.dumps(r, ensure_ascii=False) + "\n" for r in operator_lines(train, spec.category))
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "examples.jsonl"
                path.write_text(base + extra, encoding="utf-8")
                model = UtteranceModel.fit(path, 0.5, C, spec.chars, spec.min_df)
            items = [x for path in test for x in load_gold(path)]
            for th in ths:
                object.__setattr__(rb.rules[idx], "model", dataclasses.replace(model, threshold=th))
                v = evaluate_gold(items, rb)["categories"][spec.category]
                for n, key in enumerate(("tp", "fp", "fn")):
                    tot[th][n] += v[key]
        for th, (tp, fp, fn) in tot.items():
            p, r = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
            print(f"C={C:g} threshold={th:g}: P {p:.3f} R {r:.3f} (tp {tp}, fp {fp}, fn {fn}; "
                  f"smaller margin {min(p - 0.95, r - 0.90):+.3f})", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
