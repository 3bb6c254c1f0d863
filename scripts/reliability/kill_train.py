"""Kill a real `gerp-nlp train` with SIGKILL at random moments of its save, many times; after each
kill the model file and its card must load together (the previous ones or the new ones).

    .venv/bin/python scripts/reliability/kill_train.py            # 30 kills
    .venv/bin/python scripts/reliability/kill_train.py --kills 100 --json out.json

The previous model is a copy of models/appeals.joblib; the new one is trained on a small part of
the corpus (60 texts a class, one candidate, 2 folds) so that each run takes seconds. The kill
comes a random time after the save's first temporary file appears, between 0 and 1.2 times the
length of an uninterrupted save (first temporary file to last rename).
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from _gunicorn import ROOT, VENV_BIN, machine, model_dir  # noqa: E402


def small_corpus(path: Path, per_class: int = 60) -> Path:
    picked, per = [], Counter()
    for line in (ROOT / "corpora" / "appeals.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        if per[r["label"]] < per_class:
            per[r["label"]] += 1
            picked.append({"text": r["text"], "label": r["label"]})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in picked), encoding="utf-8")
    return path


def fresh_previous(source: Path, d: Path) -> Path:
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    for f in source.iterdir():
        if f.name.startswith("appeals") and ".prev." not in f.name:
            shutil.copy(f, d / f.name)
    return d / "appeals.joblib"


def train_and_kill(corpus: Path, path: Path, delay: float | None) -> dict:
    """Run the training; SIGKILL it ``delay`` s after its save starts (None: let it finish)."""
    proc = subprocess.Popen([str(VENV_BIN / "gerp-nlp"), "train", "--corpus", str(corpus), "--out", str(path),
                             "--candidate", "logreg", "--folds", "2", "--force", "--quiet"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t_save = t_saved = None
    try:
        while proc.poll() is None:
            temp = any(p.name.startswith(".") and p.name.endswith(".tmp") for p in path.parent.iterdir())
            if t_save is None and temp:
                t_save = time.monotonic()
            elif t_save is not None and t_saved is None and not temp:
                t_saved = time.monotonic()  # the last temp file was renamed into place
            if t_save is not None and delay is not None and time.monotonic() - t_save >= delay:
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.0002)
        proc.wait(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return {"returncode": proc.returncode, "save_started": t_save is not None,
            "save_seconds": (t_saved - t_save) if t_save and t_saved else None}


def inspect(path: Path, corpus: Path) -> dict:
    from nlp.appeals import AppealClassifier
    from nlp.model_io import ModelError, prev_card_path

    out = {"prev_card": prev_card_path(path).exists(),
           "temp_files_left": sum(1 for p in path.parent.iterdir() if p.name.endswith(".tmp"))}
    try:
        clf = AppealClassifier.load(path)
        out["loads"] = True
        out["serving"] = "new" if clf.card.get("corpus", {}).get("files") == [corpus.name] else "previous"
        out["predicts"] = bool(clf.predict(["мастер так и не пришёл"])[0].label)
    except ModelError as exc:
        out.update(loads=False, error=str(exc))
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kills", type=int, default=30)
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--json", help="also write the report here")
    args = p.parse_args(argv)
    rnd = random.Random(args.seed)
    source = model_dir()
    work = Path(tempfile.mkdtemp(prefix="gerp-kill-train-"))
    corpus = small_corpus(work / "small.jsonl")
    # one uninterrupted run: how long does the save take?
    path = fresh_previous(source, work / "baseline")
    base = train_and_kill(corpus, path, None)
    assert base["returncode"] == 0 and inspect(path, corpus)["serving"] == "new"
    save = base["save_seconds"]
    runs = []
    for k in range(args.kills):
        path = fresh_previous(source, work / f"run{k}")
        delay = rnd.uniform(0, 1.2 * save)  # a little past the end too: the rename, then the exit
        r = train_and_kill(corpus, path, delay)
        runs.append({"delay": round(delay, 4), "killed": r["returncode"] == -signal.SIGKILL, **inspect(path, corpus)})
        print(json.dumps(runs[-1], ensure_ascii=False), file=sys.stderr)
    report = {
        "machine": machine(), "uninterrupted_save_seconds": round(save, 3), "kills": args.kills,
        "killed_during_the_save": sum(r["killed"] for r in runs),
        "loadable_after": sum(r.get("loads", False) and r.get("predicts", False) for r in runs),
        "serving": dict(Counter(r.get("serving", "nothing") for r in runs)),
        "with_kept_previous_card": sum(r["prev_card"] for r in runs),
        "runs_leaving_temp_files": sum(1 for r in runs if r["temp_files_left"]),
        "failures": [r for r in runs if not r.get("loads")],
    }
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(source, ignore_errors=True)
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0 if not report["failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
