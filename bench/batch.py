"""Throughput and peak memory of `gerp-nlp score-batch` and `classify-batch`.

Writes N realistic items (bench/data.py: transcripts of ~20 turns with an
operator_id each, and appeals), runs each batch command as a real subprocess
with 1 and 2 workers, samples the CPU time and memory (PSS) of its whole process
tree, and checks that every worker count writes byte-identical output.

    .venv/bin/python -m bench.batch                      # 100,000 items, 1 and 2 workers
    .venv/bin/python -m bench.batch --n 2000 --jobs score --workers 1 2

Prints a Markdown table and writes the figures to bench/results/batch.json.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
try:
    from . import data
except ImportError:  # run as a script: python bench/batch.py
    sys.path.insert(0, str(HERE))
    import data

BLOCK = 2000  # items generated at a time, so the generator's memory stays small
OPERATORS = 60


def write_transcripts(path: Path, n: int, turns: int, seed: int) -> None:
    rng = random.Random(seed)
    ops = [f"op-{k:03d}" for k in range(OPERATORS)]
    weights = [rng.uniform(0.5, 2.0) for _ in ops]  # some operators take more calls than others
    with open(path, "w", encoding="utf-8") as f:
        done = 0
        for block in range(0, n, BLOCK):
            for t in data.transcripts(min(BLOCK, n - block), turns=turns, seed=seed + block):
                t["id"] = f"t{done:07d}"
                t["operator_id"] = rng.choices(ops, weights)[0]
                f.write(json.dumps(t, ensure_ascii=False) + "\n")
                done += 1


def write_appeals(path: Path, n: int, seed: int) -> None:
    with open(path, "w", encoding="utf-8") as f:
        done = 0
        for block in range(0, n, BLOCK):
            for a in data.appeals(min(BLOCK, n - block), seed=seed + block):
                f.write(json.dumps({"id": f"a{done:07d}", "text": a["text"]}, ensure_ascii=False) + "\n")
                done += 1


def run(cmd: list[str], sample: float = 0.2) -> dict:
    """Run a command; wall time, CPU time and peak memory of its whole process tree.

    Memory is the peak over samples of the tree's summed PSS (shared pages split
    between the processes that share them, so forked workers are not counted
    twice) and the peak RSS of the main process.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    main = psutil.Process(proc.pid)
    peak_tree = peak_main = 0
    cpu: dict[int, float] = {}  # last CPU time seen per process
    while proc.poll() is None:
        tree = 0
        for p in [main, *main.children(recursive=True)]:
            try:
                with p.oneshot():
                    t = p.cpu_times()
                    cpu[p.pid] = t.user + t.system
                    mem = p.memory_full_info()
                tree += mem.pss
                if p.pid == main.pid:
                    peak_main = max(peak_main, mem.rss)
            except psutil.Error:
                pass
        peak_tree = max(peak_tree, tree)
        time.sleep(sample)
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return {"seconds": round(seconds, 2), "cpu_seconds": round(sum(cpu.values()), 1),
            "peak_pss_mb": round(peak_tree / 2**20, 1), "peak_rss_main_mb": round(peak_main / 2**20, 1),
            "summary": out.strip()}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="items per job (default 100,000)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--jobs", nargs="+", choices=("score", "classify"), default=["score", "classify"])
    ap.add_argument("--turns", type=int, default=20, help="turns per transcript (default 20)")
    ap.add_argument("--model", default=str(ROOT / "models" / "appeals.joblib"))
    ap.add_argument("--dir", help="where to put inputs and outputs (default: a temporary directory)")
    ap.add_argument("--json", default=str(HERE / "results" / "batch.json"), help="where to write the figures")
    args = ap.parse_args(argv)
    if "classify" in args.jobs and not Path(args.model).is_file():
        raise SystemExit(f"no model at {args.model}: train one first (.venv/bin/gerp-nlp train) or pass --model")

    load = os.getloadavg()  # other work on the machine skews wall times; say how busy it was
    gerp = [sys.executable, "-m", "nlp.cli"]
    tmp = tempfile.TemporaryDirectory(prefix="bench-batch-") if not args.dir else None
    work = Path(args.dir or tmp.name)
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for job in args.jobs:
            src = work / f"{job}-{args.n}.jsonl"
            t0 = time.perf_counter()
            if job == "score":
                write_transcripts(src, args.n, args.turns, seed=1)
            else:
                write_appeals(src, args.n, seed=1)
            print(f"{job}: wrote {args.n} items to {src} ({src.stat().st_size / 2**20:.1f} MB, "
                  f"{time.perf_counter() - t0:.1f} s)", file=sys.stderr)
            digests = set()
            for w in args.workers:
                out = work / f"{job}-{args.n}-w{w}.jsonl"
                cmd = [*gerp, f"{job}-batch", str(src), "--out", str(out), "--workers", str(w), "--restart"]
                if job == "classify":
                    cmd += ["--model", args.model]
                r = run(cmd)
                digests.add(sha256(out))
                r.update(job=job, workers=w, items=args.n, items_per_s=round(args.n / r["seconds"], 1))
                results.append(r)
                print(f"  {w} worker(s): {r['items_per_s']} items/s, {r['seconds']} s, CPU {r['cpu_seconds']} s, "
                      f"peak memory {r['peak_pss_mb']} MB", file=sys.stderr)
            if len(digests) != 1:
                raise SystemExit(f"{job}: outputs differ between worker counts")
    finally:
        if tmp is not None:
            tmp.cleanup()

    print("| job | workers | items | wall s | items/s | CPU s (all processes) | peak PSS, all processes (MB) "
          "| peak RSS, main process (MB) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['job']}-batch | {r['workers']} | {r['items']:,} | {r['seconds']} | {r['items_per_s']:,} | "
              f"{r['cpu_seconds']} | {r['peak_pss_mb']} | {r['peak_rss_main_mb']} |")
    machine = {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
               "processor": platform.processor() or platform.machine(),
               "memory_gb": round(psutil.virtual_memory().total / 2**30, 1)}
    print(f"\nmachine: {machine['cpus']} CPUs, {machine['memory_gb']} GB, {machine['platform']}, "
          f"Python {machine['python']}; turns per transcript: {args.turns}; load average before the run: "
          f"{load[0]:.2f}")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps({"machine": machine, "turns": args.turns, "load_average": load[0],
                                           "results": results},
                                          ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
