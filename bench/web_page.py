"""How fast the QA page loads and answers, measured in Debian's headless Chromium; prints figures.

    .venv/bin/python bench/web_page.py                 # serves the app (models/appeals.joblib) itself
    .venv/bin/python bench/web_page.py --url http://127.0.0.1:8000 --runs 20   # a running server (gunicorn)

Figures: bytes and requests of a cold load; DOMContentLoaded, load and "ready" (the rulebook
fetched) for cold and cached loads; click-to-rendered time of scoring the shipped example, of a
long transcript (--turns turns) and of classifying an appeal. Bounded: --runs (at most 100) rounds.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
APPEAL = "Мастер так и не пришёл, жду с утра, верните деньги за вызов"


def serve_in_thread() -> str:
    import logging

    from werkzeug.serving import make_server

    from api import create_app

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    srv = make_server("127.0.0.1", 0, create_app(), threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{srv.server_port}"


def long_transcript(turns: int) -> str:
    example = (ROOT / "nlp" / "static" / "example.txt").read_text(encoding="utf-8").splitlines()
    return "\n".join(example[i % len(example)] for i in range(turns))


def timed(page, action, done: str) -> float:
    """Milliseconds from the action to the page state `done` (a JS expression) becoming true."""
    t0 = time.perf_counter()
    action()
    page.wait_for_function(f"() => {done}")  # a function: the page's CSP forbids evaluating strings
    return (time.perf_counter() - t0) * 1000


def load(context, url: str) -> dict:
    page = context.new_page()
    sizes: list[int] = []
    page.on("response", lambda r: sizes.append(len(r.body())) if r.ok and r.status != 304 else None)
    page.goto(url + "/")
    page.wait_for_selector("body[data-ready='true']")
    nav = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
        const ready = performance.now(); return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, ready}; }""")
    page.close()
    return {**nav, "bytes": sum(sizes), "requests": len(sizes)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="a running server (default: serve the app in this process)")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--turns", type=int, default=250, help="turns of the long transcript (at most 20,000 characters)")
    args = ap.parse_args(argv)
    runs = max(1, min(args.runs, 100))
    from playwright.sync_api import sync_playwright

    url = args.url or serve_in_thread()
    rows: dict[str, list[float]] = {}
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=ARGS, headless=True,
                                                       viewport={"width": 1366, "height": 768})
        cold = load(context, url)  # first visit: empty cache
        print(f"cold load: {cold['bytes'] / 1024:.1f} KiB in {cold['requests']} requests; DOMContentLoaded "
              f"{cold['dcl']:.0f} ms, ready {cold['ready']:.0f} ms")
        for _ in range(runs):
            warm = load(context, url)
            for key in ("dcl", "load", "ready"):
                rows.setdefault(f"cached load: {key} ms", []).append(warm[key])
        page = context.new_page()
        page.goto(url + "/")
        page.wait_for_selector("body[data-ready='true']")
        long_text = long_transcript(args.turns)
        print(f"long transcript: {args.turns} turns, {len(long_text)} characters")
        for _ in range(runs):
            rows.setdefault("score example (11 turns), click to rendered ms", []).append(timed(
                page, lambda: page.click("#example-btn"),
                "document.querySelectorAll('#dialogue li.turn').length === 11 && !document.querySelector('#score-btn').disabled"))
            page.fill("#transcript", long_text)
            rows.setdefault(f"score {args.turns} turns, click to rendered ms", []).append(timed(
                page, lambda: page.click("#score-btn"),
                f"document.querySelectorAll('#dialogue li.turn').length === {args.turns} "
                "&& !document.querySelector('#score-btn').disabled"))
            page.evaluate("() => document.querySelector('#dialogue').replaceChildren()")
        page.click("#tab-appeal")
        page.fill("#appeal", APPEAL)
        for _ in range(runs):
            page.evaluate("() => { document.querySelector('#appeal-result').hidden = true; }")
            rows.setdefault("classify appeal, click to rendered ms", []).append(timed(
                page, lambda: page.click("#classify-btn"),
                "!document.querySelector('#appeal-result').hidden && !document.querySelector('#classify-btn').disabled"))
        context.close()
    print(f"{'measure':<52}{'median':>8}{'p90':>8}   ({runs} runs, {url})")
    for name, values in rows.items():
        values.sort()
        p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
        print(f"{name:<52}{statistics.median(values):>8.1f}{p90:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
