"""The benchmark suite: our pipeline against its baselines, in one run, on this machine.

    .venv/bin/python -m bench.run                 # everything (about 5 minutes on 2 cores)
    .venv/bin/python -m bench.run --quick         # small sizes, no load test (a smoke run)

Writes ``bench/results/run-<time>.json`` and ``bench/results/latest.md`` (the
tables of ``docs/benchmarks.md``) and prints the tables. Throughputs are measured
with our caches emptied first (a cold process), unless the line says warm.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import tempfile
import time
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from . import baselines, data, server, tables

ROOT = Path(__file__).resolve().parent.parent
GTHREADS = 4  # threads per worker in the second load test
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_MODEL = ROOT / "models" / "appeals.joblib"

FULL = {"appeals": 10_000, "transcripts": 2_000, "turns": 20, "train": 10_000,
        "scale_appeals": (1_000, 10_000, 100_000), "scale_transcripts": (200, 2_000, 20_000),
        "long_transcripts": 200, "latency_n": 2_000, "latency_score_n": 500,
        "load_seconds": 60, "load_max_requests": 200_000, "asyncio_seconds": 10, "score_load_seconds": 15,
        "cold_starts": 3}
QUICK = {"appeals": 300, "transcripts": 30, "turns": 20, "train": 400,
         "scale_appeals": (30, 300), "scale_transcripts": (6, 60),
         "long_transcripts": 6, "latency_n": 50, "latency_score_n": 20,
         "load_seconds": 0, "load_max_requests": 0, "asyncio_seconds": 0, "score_load_seconds": 0,
         "cold_starts": 1}


@contextmanager
def timer():
    gc.collect()
    box = {}
    t0 = time.perf_counter()
    yield box
    box["s"] = time.perf_counter() - t0


def clear_caches(classifier=None, rulebook=None) -> None:
    """Empty every cache of ours, so that a measurement starts like a fresh process."""
    from nlp import morph, text

    for f in (morph._parse_folded, morph._name_lemmas, getattr(text, "_cached_fields", None),
              getattr(morph, "_known", None), getattr(morph, "read_as_abbreviation", None),
              getattr(text, "_cached_run", None)):
        if f is not None:
            f.cache_clear()
    compiled = getattr(classifier, "_compiled", None)
    if getattr(compiled, "text_path", None) is not None:
        compiled.text_path.clear()
    for blk in getattr(compiled, "blocks", ()):
        if blk.per_word is not None:
            blk.per_word.cache_clear()
    if rulebook is not None:
        indexes = [rulebook.index, rulebook.phrase_index] + [r.unless for r in rulebook.rules] + \
            [pl.index for pl in rulebook.phrases.values()]
        for ix in indexes:
            getattr(ix, "_scan_cache", {}).clear()


def machine() -> dict:
    import threadpoolctl

    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = next((int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")), 0)
    versions = {name: _version(name) for name in ("numpy", "scipy", "scikit-learn", "spacy", "pymorphy3",
                                                  "flask", "gunicorn")}
    blas = [{k: d.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
            for d in threadpoolctl.threadpool_info()]
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem / 2**20, 1),
            "python": platform.python_version(), "versions": versions, "blas": blas,
            "env": {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ},
            "loadavg_start": os.getloadavg()}


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _corpus_split():
    from training.corpus import DEFAULT_CORPUS, load_corpus

    ex = load_corpus([DEFAULT_CORPUS])
    train = [e for e in ex if e.split == "train"]
    test = [e for e in ex if e.split == "test"]
    return train, test


def _macro_f1(y, pred) -> float:
    from sklearn.metrics import f1_score

    return round(float(f1_score(y, pred, average="macro")), 4)


def bench_classify(classifier, cfg, log) -> dict:
    texts = [a["text"] for a in data.appeals(cfg["appeals"], seed=1)]
    train, test = _corpus_split()
    tr_x, tr_y = [e.text for e in train], [e.label for e in train]
    out = {"n": len(texts), "chars_mean": round(sum(map(len, texts)) / len(texts), 1)}
    from nlp.text import warm_up

    warm_up()  # load spaCy and pymorphy3 before timing, as the baselines are built before theirs
    classifier.predict(["мастер не пришёл, перезвоните"])
    clear_caches(classifier)
    with timer() as t:
        classifier.predict(texts)
    out["ours"] = {"seconds": t["s"], "per_s": len(texts) / t["s"]}
    with timer() as t:
        classifier.predict(texts)
    out["ours_warm"] = {"seconds": t["s"], "per_s": len(texts) / t["s"]}
    log(f"classify ours: {out['ours']['per_s']:.0f}/s cold, {out['ours_warm']['per_s']:.0f}/s warm")
    out["table_hits"] = _table_hits(classifier, texts)
    # the same size of batch made only of test-split texts: words the model's piece table may lack
    with tempfile.TemporaryDirectory() as tmp:
        held = Path(tmp) / "test.jsonl"
        held.write_text("".join(json.dumps({"text": e.text, "label": e.label}, ensure_ascii=False) + "\n"
                                for e in test), encoding="utf-8")
        unseen = [a["text"] for a in data.appeals(cfg["appeals"], seed=3, corpus=held)]
    clear_caches(classifier)
    with timer() as t:
        classifier.predict(unseen)
    out["ours_unseen"] = {"seconds": t["s"], "per_s": len(unseen) / t["s"], "table_hits": _table_hits(classifier, unseen)}
    log(f"classify ours on test-split texts only: {out['ours_unseen']['per_s']:.0f}/s cold")
    out["ours"]["test_macro_f1"] = _macro_f1([e.label for e in test],
                                             [p.label for p in classifier.predict([e.text for e in test])])
    limit = baselines.limit_classifier(tr_x, tr_y)
    with timer() as t:
        limit.predict(texts)
    out["limit"] = {"seconds": t["s"], "per_s": len(texts) / t["s"],
                    "test_macro_f1": _macro_f1([e.label for e in test], limit.predict([e.text for e in test]))}
    log(f"classify limit: {out['limit']['per_s']:.0f}/s")
    naive = baselines.NaiveClassifier().fit(tr_x, tr_y)
    with timer() as t:
        naive.predict(texts)
    out["naive"] = {"seconds": t["s"], "per_s": len(texts) / t["s"],
                    "test_macro_f1": _macro_f1([e.label for e in test], naive.predict([e.text for e in test]))}
    log(f"classify naive: {out['naive']['per_s']:.0f}/s")
    return out


def _table_hits(classifier, texts) -> float | None:
    """Share of the texts' pieces found in the piece table stored with the model."""
    from nlp.text import piece_keys

    compiled = getattr(classifier, "_compiled", None)
    path = getattr(compiled, "text_path", None)
    table = getattr(path, "_table", None)
    if table is None:
        return None
    known = set(table[0])
    keys = [k for t in texts for k in piece_keys(t)]
    return round(sum(k in known for k in keys) / max(1, len(keys)), 4)


def bench_score(rulebook, cfg, log) -> dict:
    from nlp.scoring import score

    ts = data.transcripts(cfg["transcripts"], turns=cfg["turns"], seed=2)
    out = {"n": len(ts), "turns": cfg["turns"]}
    score({"id": "warm-up", "turns": [{"speaker": "operator", "text": "Здравствуйте"}]}, rulebook)  # load libraries
    clear_caches(rulebook=rulebook)
    with timer() as t:
        results = [score(x, rulebook) for x in ts]
    out["ours"] = {"seconds": t["s"], "per_s": len(ts) / t["s"],
                   "findings_per_transcript": sum(len(r.violations) for r in results) / len(ts)}
    with timer() as t:
        for x in ts:
            score(x, rulebook)
    out["ours_warm"] = {"seconds": t["s"], "per_s": len(ts) / t["s"]}
    log(f"score ours: {out['ours']['per_s']:.0f}/s cold, {out['ours_warm']['per_s']:.0f}/s warm")
    naive = baselines.NaiveScorer(rulebook)
    with timer() as t:
        for x in ts:
            naive.score(x)
    out["naive"] = {"seconds": t["s"], "per_s": len(ts) / t["s"]}
    log(f"score naive: {out['naive']['per_s']:.0f}/s")
    return out


def bench_train(card: dict, cfg, log) -> dict:
    from nlp.text import analyze
    from training.candidates import CANDIDATES

    name = card.get("candidate") if card.get("candidate") in CANDIDATES else next(iter(CANDIDATES))
    rows = data.appeals(cfg["train"], seed=3)
    clear_caches()
    with timer() as t_an:
        docs = [analyze(r["text"]) for r in rows]
    with timer() as t_fit:
        CANDIDATES[name]().fit(docs, [r["label"] for r in rows])
    total = t_an["s"] + t_fit["s"]
    log(f"train {name} on {len(rows)}: {total:.1f} s (analysis {t_an['s']:.1f} s, fit {t_fit['s']:.1f} s)")
    return {"candidate": name, "n": len(rows), "seconds": total, "analyze_s": t_an["s"], "fit_s": t_fit["s"]}


def bench_scaling(classifier, rulebook, cfg, log) -> dict:
    from nlp.rulebook import DEFAULT_RULES, load_rulebook
    from nlp.scoring import score

    out = {"classify": [], "score": [], "turns": [], "rules": []}
    for n in cfg["scale_appeals"]:
        texts = [a["text"] for a in data.appeals(n, seed=4)]
        clear_caches(classifier)
        with timer() as t:
            classifier.predict(texts)
        out["classify"].append({"n": n, "seconds": t["s"], "us_per_item": t["s"] / n * 1e6})
        log(f"scale classify {n}: {t['s']:.2f} s")
    for n in cfg["scale_transcripts"]:
        ts = data.transcripts(n, turns=cfg["turns"], seed=5)
        clear_caches(rulebook=rulebook)
        with timer() as t:
            for x in ts:
                score(x, rulebook)
        out["score"].append({"n": n, "seconds": t["s"], "us_per_item": t["s"] / n * 1e6})
        log(f"scale score {n}: {t['s']:.2f} s")
    n = cfg["long_transcripts"]
    for turns in (cfg["turns"], cfg["turns"] * 10):
        ts = data.transcripts(n, turns=turns, seed=6)
        clear_caches(rulebook=rulebook)
        with timer() as t:
            for x in ts:
                score(x, rulebook)
        out["turns"].append({"turns": turns, "n": n, "seconds": t["s"], "us_per_item": t["s"] / n * 1e6,
                             "us_per_turn": t["s"] / n / turns * 1e6})
        log(f"scale turns {turns}: {t['s']:.2f} s")
    ts = data.transcripts(cfg["scale_transcripts"][-2], turns=cfg["turns"], seed=7)
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (1, 10):
            path = Path(tmp) / f"rules{factor}.yaml"
            path.write_text(data.scaled_rules(DEFAULT_RULES.read_text(encoding="utf-8"), factor,
                                                base_dir=DEFAULT_RULES.parent), encoding="utf-8")
            rb = load_rulebook(path)
            clear_caches(rulebook=rb)
            with timer() as t:
                for x in ts:
                    score(x, rb)
            out["rules"].append({"factor": factor, "rules": len(rb.rules), "patterns": rb.index.size,
                                 "n": len(ts), "seconds": t["s"], "us_per_item": t["s"] / len(ts) * 1e6})
            log(f"scale rules x{factor}: {t['s']:.2f} s")
    return out


def bench_api(model_path: Path, cfg, log, workdir: Path) -> dict:
    from .server import gunicorn, latencies, percentile, worker_memory

    appeals = [json.dumps({"text": a["text"]}, ensure_ascii=False).encode() for a in data.appeals(2_000, seed=8)]
    ts = [json.dumps({"turns": t["turns"]}, ensure_ascii=False).encode()
          for t in data.transcripts(200, turns=cfg["turns"], seed=9)]
    bodies = workdir / "classify_bodies.jsonl"
    bodies.write_bytes(b"\n".join(appeals) + b"\n")
    score_bodies = workdir / "score_bodies.jsonl"
    score_bodies.write_bytes(b"\n".join(ts) + b"\n")
    out: dict = {}
    models_dir, extra = model_path.parent, {"GERP_NLP_MODEL_FILE": model_path.name}
    with gunicorn(models_dir, workers=2, log=workdir / "gunicorn.log", extra_env=extra) as (port, pid, cold):
        out["cold_start_s"] = cold
        log(f"api cold start: {cold:.2f} s")
        for name, path, bod, n in (("classify", "/v1/appeals/classify", appeals, cfg["latency_n"]),
                                   ("score", "/v1/transcripts/score", ts, cfg["latency_score_n"])):
            lat = sorted(latencies(port, path, bod, n))
            out[f"latency_{name}"] = {"n": len(lat), "p50_ms": percentile(lat, 50), "p90_ms": percentile(lat, 90),
                                      "p99_ms": percentile(lat, 99), "max_ms": lat[-1]}
            log(f"api {name} one client: p50 {percentile(lat, 50):.2f} ms, p99 {percentile(lat, 99):.2f} ms")
        if cfg["load_seconds"]:
            try:
                out["load_wrk"] = server.wrk(port, "/v1/appeals/classify", bodies, seconds=cfg["load_seconds"],
                                             max_requests=cfg["load_max_requests"])
                w = out["load_wrk"]
                log(f"api load (wrk): {w['rps']:.0f} req/s, p99 {w['latency_us']['p99'] / 1000:.1f} ms, "
                    f"{w['errors_total']} errors")
            except FileNotFoundError as exc:
                out["load_wrk"] = {"skipped": str(exc)}
                log(f"api load: skipped ({exc})")
            if cfg["score_load_seconds"] and "rps" in out["load_wrk"]:
                out["load_wrk_score"] = server.wrk(port, "/v1/transcripts/score", score_bodies,
                                                   seconds=cfg["score_load_seconds"],
                                                   max_requests=cfg["load_max_requests"])
                log(f"api score load (wrk): {out['load_wrk_score']['rps']:.0f} req/s")
            if cfg["asyncio_seconds"]:
                out["load_asyncio"] = server.asyncio_load(port, "/v1/appeals/classify", appeals,
                                                          seconds=cfg["asyncio_seconds"])
                log(f"api load (asyncio client): {out['load_asyncio']['rps']:.0f} req/s")
        out["workers"] = worker_memory(pid)
        log("api worker RSS: " + ", ".join(f"{w['rss_mb']:.0f} MB" for w in out["workers"]))
    # one start varies by more than the margin to its target between runs: more starts, the median counts
    starts = [out["cold_start_s"]]
    for _ in range(cfg["cold_starts"] - 1):
        with gunicorn(models_dir, workers=2, log=workdir / "gunicorn.log", extra_env=extra) as (_, _, cold):
            starts.append(cold)
    out["cold_starts_s"], out["cold_start_s"] = starts, statistics.median(starts)
    if len(starts) > 1:
        log(f"api cold starts: {', '.join(f'{s:.2f}' for s in starts)} s (median {out['cold_start_s']:.2f} s)")
    if cfg["load_seconds"] and "rps" in out.get("load_wrk", {}):
        # the same 2 workers as gthread workers (GERP_NLP_THREADS): keep-alive, no connect per request
        extra_t = dict(extra, GERP_NLP_THREADS=str(GTHREADS))
        with gunicorn(models_dir, workers=2, log=workdir / "gunicorn-gthread.log", extra_env=extra_t) as (port, _, _):
            lat = sorted(latencies(port, "/v1/appeals/classify", appeals, cfg["latency_n"]))
            out["gthread"] = {"threads": GTHREADS, "latency_classify": {
                "n": len(lat), "p50_ms": percentile(lat, 50), "p99_ms": percentile(lat, 99)}}
            out["gthread"]["load_wrk"] = w = server.wrk(port, "/v1/appeals/classify", bodies,
                                                        seconds=cfg["load_seconds"],
                                                        max_requests=cfg["load_max_requests"])
            log(f"api load, gthread x{GTHREADS} (wrk): {w['rps']:.0f} req/s, "
                f"p99 {w['latency_us']['p99'] / 1000:.1f} ms, {w['errors_total']} errors")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes and no load test (a smoke run)")
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="model file (default models/appeals.joblib)")
    ap.add_argument("--skip", action="append", default=[],
                    choices=["classify", "score", "train", "scaling", "api"], help="leave a part out")
    ap.add_argument("--load-seconds", type=int, help="length of the wrk load test (default 60; 0 = none)")
    ap.add_argument("--out", type=Path, default=RESULTS, help="where results go (default bench/results)")
    args = ap.parse_args(argv)
    cfg = dict(QUICK if args.quick else FULL)
    if args.load_seconds is not None:
        cfg["load_seconds"] = args.load_seconds

    from nlp.appeals import AppealClassifier
    from nlp.rulebook import load_rulebook

    def log(msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)

    res: dict = {"command": "python -m bench.run " + " ".join(argv if argv is not None else os.sys.argv[1:]),
                 "machine": machine(), "config": cfg, "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    from nlp.model_io import ModelError

    try:
        classifier = AppealClassifier.load(args.model)
    except ModelError as exc:   # e.g. a fresh checkout: `bash scripts/run.sh serve` trains the default model
        print(f"bench: {exc}", file=os.sys.stderr)
        return 2
    rulebook = load_rulebook()
    res["model"] = {"file": str(args.model), "candidate": classifier.card.get("candidate"),
                    "compiled": getattr(classifier, "_compiled", None) is not None}
    args.out.mkdir(parents=True, exist_ok=True)
    parts = {"classify": lambda: bench_classify(classifier, cfg, log),
             "score": lambda: bench_score(rulebook, cfg, log),
             "train": lambda: bench_train(classifier.card, cfg, log),
             "scaling": lambda: bench_scaling(classifier, rulebook, cfg, log)}
    for name, fn in parts.items():
        if name not in args.skip:
            res[name] = fn()
    if "api" not in args.skip:
        with tempfile.TemporaryDirectory() as tmp:
            res["api"] = bench_api(args.model.resolve(), cfg, log, Path(tmp))
    res["machine"]["loadavg_end"] = os.getloadavg()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (args.out / f"run-{stamp}.json").write_text(json.dumps(res, indent=1, ensure_ascii=False), encoding="utf-8")
    md = tables.render(res)
    (args.out / "latest.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
