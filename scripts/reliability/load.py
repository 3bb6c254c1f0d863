"""Load gunicorn on loopback with a bounded number of requests (and a time cap); report failures,
latency, throughput and the memory of the master and each worker at the start and the end.
With --kill-worker N, SIGKILL a random worker N times during the run and count the failed requests.

    .venv/bin/python scripts/reliability/load.py                       # 3,000 requests, 4 at a time
    .venv/bin/python scripts/reliability/load.py --kill-worker 5       # the same, a worker killed 5 times
    .venv/bin/python scripts/reliability/load.py --requests 20000 --max-seconds 600 --json out.json

The mix: 50% one appeal, 10% a batch of 10 appeals, 40% one call transcript (from the corpora).
Every request is valid, so every answer should be 200; anything else counts as failed.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _gunicorn import ROOT, call, gunicorn, machine, model_dir, processes, rss_mb  # noqa: E402


def request_mix(seed: int = 0) -> list[tuple[str, dict]]:
    rnd = random.Random(seed)
    appeals = [json.loads(line)["text"] for line in (ROOT / "corpora" / "appeals.jsonl").open(encoding="utf-8")]
    calls = []
    for path in sorted((ROOT / "corpora" / "transcripts").glob("gold_*.jsonl")):
        if path.is_file():
            calls += [{"id": t.get("id"), "turns": t["turns"]} for t in map(json.loads, path.open(encoding="utf-8"))]
    mix = []
    for _ in range(500):
        r = rnd.random()
        if r < 0.5:
            mix.append(("/v1/appeals/classify", {"text": rnd.choice(appeals)}))
        elif r < 0.6:
            mix.append(("/v1/appeals/classify", {"items": [{"id": i, "text": rnd.choice(appeals)} for i in range(10)]}))
        else:
            mix.append(("/v1/transcripts/score", rnd.choice(calls)))
    return mix


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def run(args) -> dict:
    mix = request_mix(args.seed)
    models = model_dir(Path(args.models_dir) if args.models_dir else None)
    log = Path(args.log) if args.log else Path(tempfile.mkstemp(prefix="gerp-rel-load-", suffix=".log")[1])
    try:
        return _run(args, mix, models, log)
    finally:
        shutil.rmtree(models, ignore_errors=True)  # the private copy of the model


def _run(args, mix, models: Path, log: Path) -> dict:
    with gunicorn(models, workers=args.workers, log_path=log) as (proc, port):
        for path, body in mix[:20]:  # warm-up: every worker has seen both endpoints
            call(port, "POST", path, body)
        rss_start = rss_mb(proc.pid)
        lock = threading.Lock()
        state = {"next": 0, "done": 0}
        results: list[tuple[float, float, str]] = []  # (end time, seconds, outcome)
        samples = []
        t0 = time.monotonic()
        deadline = t0 + args.max_seconds

        def worker():
            while True:
                with lock:
                    i = state["next"]
                    if i >= args.requests or time.monotonic() > deadline:
                        return
                    state["next"] += 1
                path, body = mix[i % len(mix)]
                start = time.monotonic()
                try:
                    status, _ = call(port, "POST", path, body, timeout=60)
                    outcome = "ok" if status == 200 else f"HTTP {status}"
                except Exception as exc:  # connection reset by a killed worker, timeouts
                    outcome = type(exc).__name__
                end = time.monotonic()
                with lock:
                    results.append((end - t0, end - start, outcome))
                    state["done"] += 1

        def killer():
            # SIGKILL a random worker each time another 1/(kills+1) of the requests is done; the
            # kill comes from this thread, at a moment unrelated to any request's start or end
            rnd = random.Random(args.seed)
            for k in range(1, args.kill_worker + 1):
                while state["done"] < k * args.requests // (args.kill_worker + 1):
                    if not any(t.is_alive() for t in threads):
                        return
                    time.sleep(0.001)
                time.sleep(rnd.uniform(0, 0.05))
                _, workers = processes(proc.pid)
                if workers:
                    victim = rnd.choice(workers)
                    os.kill(victim.pid, signal.SIGKILL)
                    kills.append((time.monotonic() - t0, victim.pid))

        def monitor():
            while any(t.is_alive() for t in threads):
                try:
                    samples.append((round(time.monotonic() - t0, 1), round(sum(
                        v for k, v in rss_mb(proc.pid).items() if not k.endswith("uss")), 1)))
                except Exception:
                    pass
                time.sleep(2)

        kills: list[tuple[float, int]] = []
        threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
        for t in threads:
            t.start()
        helpers = [threading.Thread(target=monitor)] + ([threading.Thread(target=killer)] if args.kill_worker else [])
        for h in helpers:
            h.start()
        for t in threads:
            t.join()
        for h in helpers:
            h.join()
        seconds = time.monotonic() - t0
        time.sleep(1)
        rss_end = rss_mb(proc.pid)
        _, workers_now = processes(proc.pid)
        alive = proc.poll() is None and call(port, "GET", "/readyz")[0] == 200

    outcomes = Counter(o for _, _, o in results)
    failed = [r for r in results if r[2] != "ok"]
    lat = [s * 1000 for _, s, o in results if o == "ok"]
    report = {
        "machine": machine(), "workers": args.workers, "concurrency": args.concurrency,
        "requests": len(results), "seconds": round(seconds, 1), "per_second": round(len(results) / seconds, 1),
        "outcomes": dict(outcomes), "failed": len(failed),
        "latency_ms": {"p50": round(percentile(lat, 0.5), 1), "p95": round(percentile(lat, 0.95), 1),
                       "p99": round(percentile(lat, 0.99), 1), "max": round(max(lat, default=0), 1)},
        "rss_mb_start": {k: round(v, 1) for k, v in rss_start.items()},
        "rss_mb_end": {k: round(v, 1) for k, v in rss_end.items()},
        "rss_total_mb_samples": samples,
        "server_alive_after": alive, "workers_after": len(workers_now), "gunicorn_log": str(log),
    }
    if args.kill_worker:
        first = kills[0][0] if kills else 0
        report["killed_workers"] = {
            "kills": len(kills), "at_seconds": [round(t, 2) for t, _ in kills],
            "failed_requests": len(failed),
            # each failed request: when it ended, seconds after the nearest kill before it, and how
            "failed": [(round(t, 3), round(t - max((k for k, _ in kills if k <= t), default=0), 3), o)
                       for t, _, o in failed],
            "answered_after_first_kill": sum(1 for t, _, o in results if o == "ok" and t > first)}
    return report


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--requests", type=int, default=3000)
    p.add_argument("--concurrency", type=int, default=4)
    p.add_argument("--max-seconds", type=float, default=300, help="stop sending after this long (default 300)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--kill-worker", type=int, default=0, metavar="N",
                   help="SIGKILL a random worker N times, evenly through the run")
    p.add_argument("--models-dir", help="serve a copy of this models directory (default: models/)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--log", help="gunicorn's log file (default: a new file in the temp directory)")
    p.add_argument("--json", help="also write the report here")
    args = p.parse_args(argv)
    report = run(args)
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    ok = report["server_alive_after"] and (args.kill_worker or report["failed"] == 0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
