"""Figures for "the scorer runs in linear time": matcher work and time on pathological inputs
against a normal input of the same size, at two sizes; and the worst requests the default
limits allow, timed through the app in process.

    .venv/bin/python scripts/reliability/linear.py [--json out.json]

The assertions on the same inputs are in tests/test_reliability_linear.py.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from _gunicorn import ROOT, machine  # noqa: E402

from nlp import checks, matcher  # noqa: E402
from nlp.rulebook import load_rulebook  # noqa: E402
from nlp.scoring import score_transcript  # noqa: E402
from nlp.text import analyze  # noqa: E402
from nlp.transcript import parse_transcript  # noqa: E402

CORPUS = [json.loads(line)["text"] for line in (ROOT / "corpora" / "appeals.jsonl").open(encoding="utf-8")]


def normal(chars: int, turns: int = 1, skip: int = 0) -> list[str]:
    out, i = [], skip
    for _ in range(turns):
        s = ""
        while len(s) < chars // turns:
            s += CORPUS[i % len(CORPUS)] + " "
            i += 1
        out.append(s[:chars // turns])
    return out


def repeat(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


PATHOLOGICAL = {
    "«не» repeated": lambda n: [repeat("не ", n)],
    "rule prefixes repeated": lambda n: [repeat("у наш мастер не ", n)],
    "«ничем не» repeated": lambda n: [repeat("ничем не ", n)],
    "a finding per word": lambda n: [repeat("понимаешь ", n)],
    "fillers repeated": lambda n: [repeat("ну короче ", n)],
    "2,000 short turns": lambda n: [("Подождите.", "Да, жду.", "Ну вот, ты", "Меня зовут")[k % 4]
                                    for k in range(n // 10)],
}
ANALYSIS = {
    "one long word": lambda n: "а" * n,
    "a run of colons": lambda n: ":" * n,
    "a run of quotes": lambda n: "'" * n,
    "hyphenated parts": lambda n: repeat("а-", n),
}

counter = Counter()


class CountedWords(list):
    def __getitem__(self, i):
        counter["work"] += 1
        return super().__getitem__(i)

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]


def install_counters() -> None:
    test, match_at, words_of = matcher.Element.test, matcher.Pattern.match_at, checks.words_of

    def counted_test(self, t):
        counter["work"] += 1
        return test(self, t)

    def counted_match_at(self, words, i):
        counter["work"] += 1
        return match_at(self, words, i)

    def counted_words_of(tokens):
        words, clause = words_of(tokens)
        return CountedWords(words), clause

    matcher.Element.test, matcher.Pattern.match_at, checks.words_of = counted_test, counted_match_at, counted_words_of


def transcript(texts):
    turns = [{"speaker": "operator" if k % 2 == 0 else "client", "text": t} for k, t in enumerate(texts)]
    return parse_transcript({"turns": turns})


def work_and_time(rb, texts) -> tuple[int, float]:
    t = transcript(texts)
    for idx in [rb.index, *(pl.index for pl in rb.phrases.values()), *(r.unless for r in rb.rules)]:
        idx._scan_cache.clear()
    counter.clear()
    t0 = time.perf_counter()
    score_transcript(t, rb)
    return counter["work"], time.perf_counter() - t0


def matcher_figures(rb) -> dict:
    out = {}
    for name, make in PATHOLOGICAL.items():
        row = {}
        for n in (5_000, 20_000):
            texts = make(n)
            w, t = work_and_time(rb, texts)
            wn, tn = work_and_time(rb, normal(n, 1 if len(texts) == 1 else 20))
            row[n] = {"work": w, "normal_work": wn, "work_ratio": round(w / wn, 1),
                      "ms": round(t * 1000, 1), "normal_ms": round(tn * 1000, 1)}
        out[name] = row
    return out


def analysis_figures() -> dict:
    out = {}
    for name, make in ANALYSIS.items():
        row = {}
        for n in (1_250, 20_000):
            t0 = time.perf_counter()
            analyze("ё" + make(n)[1:])
            t = time.perf_counter() - t0
            t0 = time.perf_counter()
            analyze(" ".join(normal(n, skip=n)))
            tn = time.perf_counter() - t0
            row[n] = {"ms": round(t * 1000, 1), "normal_ms": round(tn * 1000, 1)}
        out[name] = row
    return out


def worst_requests(limit: int) -> dict:
    """The largest requests a body limit allows (turns of 19,000 characters), through the app."""
    from api import create_app

    client = create_app({"MAX_CONTENT_LENGTH": limit}).test_client()

    def body(turn_text, all_operator: bool):
        turns, size = [], 20
        while len(turns) < 500:
            t = {"speaker": "operator" if all_operator or len(turns) % 2 == 0 else "client",
                 "text": turn_text(len(turns))}
            s = len(json.dumps(t, ensure_ascii=False).encode()) + 2
            if size + s > limit - 100:
                break
            turns.append(t)
            size += s
        return json.dumps({"turns": turns}, ensure_ascii=False).encode(), len(turns)

    out = {}
    for name, text, all_op in [
        ("normal text, calls (every other turn the operator's)", lambda k: normal(19_000, skip=k * 37)[0], False),
        ("normal text, every turn the operator's", lambda k: normal(19_000, skip=k * 37)[0], True),
        ("«не не не…», every turn the operator's", lambda k: repeat("не ", 19_000), True),
        ("«у наш мастер не…», every turn the operator's", lambda k: repeat("у наш мастер не ", 19_000), True),
        ("a run of colons in every turn", lambda k: ":" * 19_000, True),
    ]:
        data, n_turns = body(text, all_op)
        t0 = time.perf_counter()
        r = client.post("/v1/transcripts/score", data=data, content_type="application/json")
        out[name] = {"status": r.status_code, "body_mb": round(len(data) / 2**20, 2), "turns": n_turns,
                     "seconds": round(time.perf_counter() - t0, 1)}
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--json", help="also write the report here")
    p.add_argument("--skip-requests", action="store_true", help="leave out the largest requests (slow)")
    args = p.parse_args(argv)
    from api import default_config

    rb = load_rulebook()
    analyze("прогрев")
    report = {"machine": machine(), "analysis_ms": analysis_figures()}
    if not args.skip_requests:  # before the counters, which slow the matcher down
        default = default_config()["MAX_CONTENT_LENGTH"]
        report["worst_requests"] = {f"{limit // 1024} KiB{' (default)' if limit == default else ''}":
                                    worst_requests(limit) for limit in sorted({default, 2 * 1024 * 1024})}
    install_counters()
    report["matcher"] = matcher_figures(rb)
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
