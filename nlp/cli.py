"""The `gerp-nlp` command: thin subcommands over the library.

Exit codes: 0 done, 1 bad input or a failed job (one clear line on stderr),
2 wrong usage, 3 a new model refused by the champion/challenger gate, 130
interrupted. A batch command (score-batch, classify-batch) that finished exits 0
even when some records went to its errors file; its summary line counts them.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from contextlib import contextmanager


class CLIError(Exception):
    """An error shown to the user as one line, without a traceback."""


def _print_json(obj, out=None) -> None:
    out = out or sys.stdout
    line = json.dumps(obj, ensure_ascii=False)
    if _SURROGATE.search(line):  # an id given as "\ud800" in the input: write it back escaped, as JSON can
        line = json.dumps(obj)
    out.write(line + "\n")


_SURROGATE = re.compile("[\ud800-\udfff]")


@contextmanager
def _open_in(path: str | None):
    if path in (None, "-"):
        yield sys.stdin
        return
    try:
        f = open(path, encoding="utf-8")
    except OSError as exc:
        raise CLIError(f"cannot open {path}: {exc.strerror}") from None
    with f:
        yield f


def _records(f, name: str):
    """Yield (line number, record dict) from JSONL or plain-text lines."""
    for n, line in enumerate(f, 1):
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("{"):
            try:
                obj = json.loads(stripped)
            except json.JSONDecodeError as exc:
                yield n, ValueError(f"{name}:{n}: broken JSON ({exc.msg} at column {exc.colno})")
                continue
            yield n, obj
        else:
            yield n, {"id": n, "text": line.rstrip("\r\n")}


# --- appeals -------------------------------------------------------------------------

def cmd_train(args) -> int:
    from training.corpus import CorpusError
    from training.evaluate import format_report
    from training.train import GateRefused, train

    log = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr))
    try:
        result = train(args.corpus, args.out, force=args.force, candidates=args.candidate,
                       folds=args.folds, log=log)
    except GateRefused as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 3
    except (CorpusError, ValueError) as exc:
        raise CLIError(str(exc)) from None
    card = result.card
    if "test" in card:
        print("test split:")
        print(format_report(card["test"]))
        r = card["review"]
        print(f"\nreview threshold {r['train_oof']['threshold']:.3f} (chosen on out-of-fold train "
              f"predictions for precision >= {r['min_precision']}); on the test split: "
              f"auto-tagged {r['test']['coverage']:.1%} at precision "
              f"{(r['test']['precision'] or 0):.3f}")
    print(f"\nwrote {card['model_file']} (sha256 {card['model_sha256'][:12]}…) and its card")
    return 0


def _load_classifier(path, threshold=None):
    from .appeals import DEFAULT_MODEL, AppealClassifier
    from .model_io import ModelError

    try:
        return AppealClassifier.load(path or DEFAULT_MODEL, threshold)
    except ModelError as exc:
        raise CLIError(str(exc)) from None


def cmd_evaluate(args) -> int:
    from training.corpus import CorpusError, load_corpus
    from training.evaluate import format_report, metrics

    clf = _load_classifier(args.model)
    try:
        examples = load_corpus(args.corpus)
    except CorpusError as exc:
        raise CLIError(str(exc)) from None
    if args.split != "all":
        examples = [e for e in examples if e.split == args.split]
        if not examples:
            raise CLIError(f"no texts of the {args.split!r} split in {', '.join(args.corpus)}")
    preds = clf.predict([e.text for e in examples])
    m = metrics([e.label for e in examples], [p.label for p in preds])
    if args.json:
        _print_json(m)
    else:
        print(format_report(m))
    return 0


def cmd_classify(args) -> int:
    clf = _load_classifier(args.model, args.threshold)
    failed = 0
    with _open_in(args.file) as f:
        name = "<stdin>" if args.file in (None, "-") else args.file
        for n, rec in _records(f, name):
            try:
                if isinstance(rec, Exception):
                    raise rec
                if not isinstance(rec, dict) or "text" not in rec:
                    raise ValueError(f"{name}:{n}: expected an object with a 'text' field")
                pred = clf.predict([rec["text"]], ids=[rec.get("id", n)], explain=args.explain)[0]
            except (ValueError, TypeError) as exc:
                failed += 1
                msg = str(exc) if str(exc).startswith(name) else f"{name}:{n}: {exc}"
                print(f"error: {msg}", file=sys.stderr)
                continue
            _print_json(pred.to_dict())
    return 1 if failed else 0


# --- transcripts ---------------------------------------------------------------------

def _load_rules(path, compile: bool = True):
    """The rulebook at ``path`` (default: the shipped one), compiled, or only read and validated."""
    from .rulebook import RulebookError, load_rulebook, load_spec

    try:
        return (load_rulebook if compile else load_spec)(path)
    except RulebookError as exc:
        raise CLIError(str(exc)) from None


def cmd_score(args) -> int:
    from .scoring import score

    rulebook = _load_rules(args.rules)
    failed = 0
    with _open_in(args.file) as f:
        name = "<stdin>" if args.file in (None, "-") else args.file
        for n, rec in _records_transcripts(f, name, args.text):
            try:
                if isinstance(rec, Exception):
                    raise rec
                result = score(rec, rulebook, default_id=n)
            except (ValueError, TypeError) as exc:
                failed += 1
                print(f"error: {name}:{n}: {exc}", file=sys.stderr)
                continue
            if args.explain:
                _print_explain(result, rec)
            else:
                _print_json(result.to_dict())
    return 1 if failed else 0


def _records_transcripts(f, name, whole_text: bool):
    """JSONL transcripts, or (with --text) the whole input as one «Оператор:/Клиент:» transcript."""
    if whole_text:
        yield 1, {"id": name, "text": f.read()}
        return
    for n, line in enumerate(f, 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, ValueError(f"broken JSON ({exc.msg} at column {exc.colno}); "
                                "use --text for a plain «Оператор: …» transcript")


def _print_explain(result, rec) -> None:
    print(f"transcript {result.id}: score {result.score}, {'passed' if result.passed else 'FAILED'}")
    for v in result.violations:
        where = f"turn {v.turn} [{v.start}:{v.end}]" if v.end else f"turn {v.turn}"
        print(f"  {v.category:<18} {where:<18} «{v.text}»  rule {v.rule} (п. {v.clause}), pattern: {v.pattern}")
        if v.suggestion:
            print(f"  {'':<18} suggestion: {v.suggestion}")
    marks = {True: "yes", False: "NO", None: "n/a"}
    print("  checklist: " + ", ".join(f"{k}={marks[v]}" for k, v in result.checklist.items()))


def cmd_fit_rules(args) -> int:
    from .rulebook import DEFAULT_RULES, example_paths
    from .utterance import ExamplesError, save_fit

    # the spec only: compiling the rulebook first would fit each learned rule once more, at load, for minutes
    path = Path(args.rules or DEFAULT_RULES)
    spec = _load_rules(path, compile=False)
    base = path.parent
    done = 0
    for r in spec.rules:
        if r.examples:
            try:
                paths = example_paths(r, base)
                out = save_fit(paths, r.C, r.chars, r.min_df)
            except (ExamplesError, OSError) as exc:
                raise CLIError(f"rule {r.id!r}: {exc}") from None
            extra = f", character model weight {r.chars}" if r.chars else ""
            print(f"{r.id}: fitted on {' + '.join(p.name for p in paths)} (C={r.C}{extra}), weights stored in {out}")
            done += 1
    if not done:
        print("no learned rule in this rulebook; nothing to fit")
    _load_rules(path)   # the whole rulebook compiles, with the fits just stored
    return 0


def cmd_evaluate_script(args) -> int:
    from .gold import evaluate_gold, format_gold, load_gold

    rulebook = _load_rules(args.rules)
    items = []
    try:
        for path in args.gold:
            items += load_gold(path)
    except OSError as exc:
        raise CLIError(f"cannot read gold file: {exc}") from None
    except ValueError as exc:
        raise CLIError(str(exc)) from None
    report = evaluate_gold(items, rulebook)
    if args.json:
        _print_json(report)
    else:
        print(format_gold(report))
        if args.errors:
            for e in report["errors"]:
                print("  " + json.dumps(e, ensure_ascii=False))
    return 0


def cmd_gold_examples(args) -> int:
    from .files import write_atomic
    from .gold import load_gold, operator_lines

    held = [p for p in args.gold if "heldout" in Path(p).name]
    if held:
        raise CLIError(f"{held[0]}: a held-out gold file must stay out of training; "
                       "rename it to gold_devN first if its errors are to be studied")
    items = []
    try:
        for path in sorted(args.gold):  # sorted: the same lines whatever order the shell gives
            items += load_gold(path)
        rows = operator_lines(items, args.category)
    except OSError as exc:
        raise CLIError(f"cannot read gold file: {exc}") from None
    except ValueError as exc:
        raise CLIError(str(exc)) from None
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    write_atomic(Path(args.out), body.encode("utf-8"))
    pos = sum(r["label"] for r in rows)
    print(f"{args.out}: {len(rows)} lines ({pos} label 1) from {len(items)} transcripts in {len(args.gold)} files; "
          "run `gerp-nlp fit-rules` next")
    return 0


# --- batch jobs ----------------------------------------------------------------------

@contextmanager
def _term_as_interrupt():
    """`kill PID` stops a batch job like Ctrl-C: the output so far is committed."""
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt
    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_batch(args, kind: str) -> int:
    from .batch import Job, run_batch

    job = Job(kind, args.rules if kind == "score" else args.model, args.text_column, args.id_column)
    try:
        with _term_as_interrupt():
            s = run_batch(job, args.input, args.out, workers=args.workers, dask=args.dask,
                          restart=args.restart, progress=sys.stderr.isatty())
    except ValueError as exc:  # BatchError, ModelError, RulebookError
        raise CLIError(str(exc)) from None
    except OSError as exc:
        raise CLIError(f"cannot write {exc.filename or args.out}: {exc.strerror}") from None
    except KeyboardInterrupt:
        print(f"interrupted: {args.out} holds every record done so far; rerun the same command to "
              "continue", file=sys.stderr)
        return 130
    if s.already_done:
        print(f"{s.out} is already complete ({s.ok} written, {s.failed} in {s.errors.name}); "
              "use --restart to run it again")
    else:
        resumed = f", continued after {s.resumed_from}" if s.resumed_from else ""
        print(f"{s.ok} written to {s.out}, {s.failed} errors in {s.errors} ({s.records - s.resumed_from} "
              f"records in {s.seconds:.1f} s, {s.rate:.0f}/s{resumed})")
    if kind == "score" and args.report:
        from .report import report_from_output

        path = report_from_output(s.out, args.report, _load_rules(args.rules), errors=s.failed,
                                  source=str(args.input))
        print(f"report: {path}")
    return 0


def cmd_score_batch(args) -> int:
    return _run_batch(args, "score")


def cmd_classify_batch(args) -> int:
    return _run_batch(args, "classify")


def _batch_args(p) -> None:
    p.add_argument("input", metavar="IN",
                   help="JSONL or CSV file (gzip too) or a directory of .txt/.json files")
    p.add_argument("--out", required=True, metavar="OUT",
                   help="output .jsonl or .csv; bad records go to OUT.errors.jsonl")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="local worker processes (default 1)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="run on a Dask cluster, e.g. tcp://scheduler:8786 (default: $GERP_NLP_DASK)")
    p.add_argument("--restart", action="store_true",
                   help="start over instead of continuing an interrupted run into OUT")
    p.add_argument("--text-column", default="text", metavar="NAME", help="CSV input: the text column")
    p.add_argument("--id-column", default="id", metavar="NAME", help="CSV input: the id column")


# --- parser --------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gerp-nlp", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    t = sub.add_parser("train", help="train the appeal classifier from labelled corpora")
    t.add_argument("--corpus", nargs="+", metavar="FILE", help="CSV/JSONL corpora (default: corpora/appeals.jsonl)")
    t.add_argument("--out", metavar="PATH", help="model file (default: models/appeals.joblib)")
    t.add_argument("--force", action="store_true", help="replace the current model even if it is better")
    t.add_argument("--candidate", nargs="+", metavar="NAME", help="only these candidate models")
    t.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    t.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    t.set_defaults(func=cmd_train)

    e = sub.add_parser("evaluate", help="metrics of a model on a labelled file")
    e.add_argument("--corpus", nargs="+", required=True, metavar="FILE")
    e.add_argument("--model", metavar="PATH")
    e.add_argument("--split", choices=("all", "train", "test"), default="all",
                   help="only texts of this fixed split (default: all)")
    e.add_argument("--json", action="store_true", help="one JSON object on stdout")
    e.set_defaults(func=cmd_evaluate)

    c = sub.add_parser("classify", help="label appeals: JSONL {id,text} or plain text lines")
    c.add_argument("file", nargs="?", default="-", help="input file, or - for stdin (default)")
    c.add_argument("--model", metavar="PATH")
    c.add_argument("--threshold", type=float, help="needs_review below this confidence (default: from the card)")
    c.add_argument("--explain", action="store_true", help="add the features that drove each label")
    c.set_defaults(func=cmd_classify)

    s = sub.add_parser("score", help="score operator transcripts (JSONL, one per line)")
    s.add_argument("file", nargs="?", default="-", help="input file, or - for stdin (default)")
    s.add_argument("--rules", metavar="PATH", help="rulebook YAML (default: the shipped one)")
    s.add_argument("--text", action="store_true", help="the input is one «Оператор:/Клиент:» transcript")
    s.add_argument("--explain", action="store_true", help="print each finding with the rule and pattern that fired")
    s.set_defaults(func=cmd_score)

    g = sub.add_parser("evaluate-script", help="precision/recall of the scorer on gold transcripts")
    g.add_argument("--gold", nargs="+", required=True, metavar="FILE")
    g.add_argument("--rules", metavar="PATH")
    g.add_argument("--json", action="store_true")
    g.add_argument("--errors", action="store_true", help="also list every miss and false alarm")
    g.set_defaults(func=cmd_evaluate_script)

    ge = sub.add_parser("gold-examples", help="write the operator turns of development gold files as the "
                                               "labelled examples of one category (a learned rule's extra file)")
    ge.add_argument("--gold", nargs="+", required=True, metavar="FILE", help="development gold files (never held-out ones)")
    ge.add_argument("--category", required=True, help="e.g. company_criticism")
    ge.add_argument("--out", required=True, metavar="PATH", help="the JSONL to write, e.g. nlp/rules/company_criticism.dev_gold.jsonl")
    ge.set_defaults(func=cmd_gold_examples)

    fr = sub.add_parser("fit-rules", help="fit the learned rules on their examples and store the weights "
                                           "(run after editing an examples file; a start then needs no fitting)")
    fr.add_argument("--rules", metavar="PATH")
    fr.set_defaults(func=cmd_fit_rules)

    sb = sub.add_parser("score-batch", help="score many transcripts: progress, resume, workers, Dask, QA report")
    _batch_args(sb)
    sb.add_argument("--rules", metavar="PATH", help="rulebook YAML (default: the shipped one)")
    sb.add_argument("--report", metavar="DIR", help="also write a QA report (CSV files and report.html) into DIR")
    sb.set_defaults(func=cmd_score_batch)

    cb = sub.add_parser("classify-batch", help="label many appeals: progress, resume, workers, Dask")
    _batch_args(cb)
    cb.add_argument("--model", metavar="PATH")
    cb.set_defaults(func=cmd_classify_batch)
    return p


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CLIError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except UnicodeDecodeError:  # reading a file line by line; the bytes are not quoted (personal data)
        print("error: the input is not UTF-8; save it as UTF-8 and run again", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
