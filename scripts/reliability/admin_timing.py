"""Does the admin endpoint's answer time depend on how close a wrong token is to the right one?

Wrong tokens that differ from the configured one at the first character, at the last character,
in length (short and long), and a missing header, are sent in random interleaved order through
the app in process (the least noisy path: no network, no other process), many times each. The
report gives the median time of each kind and, for the pairs an attacker would compare, the
difference of medians with a bootstrap 95% interval. A timing leak shows as an interval away from
zero that grows with the length of the matching prefix; noise shows as intervals around zero, or
as small differences of the same size as the control's (a token as wrong as the first, with
another character).

    .venv/bin/python scripts/reliability/admin_timing.py                # 20,000 rounds
    .venv/bin/python scripts/reliability/admin_timing.py --rounds 100000 --json out.json
"""
from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from _gunicorn import machine  # noqa: E402

TOKEN = "Zq8v3LmN0pR5tY7wX2aB4cD6eF9gH1jK"  # 32 characters


def kinds() -> dict[str, dict]:
    return {
        "no header (401)": {},
        "wrong first char (403)": {"Authorization": "Bearer " + "_" + TOKEN[1:]},
        # the control: as wrong as the first, with another character; what differs from it is noise
        "wrong first char, another one (403)": {"Authorization": "Bearer " + "-" + TOKEN[1:]},
        "wrong last char (403)": {"Authorization": "Bearer " + TOKEN[:-1] + "_"},
        "half right (403)": {"Authorization": "Bearer " + TOKEN[:16] + "_" * 16},
        "short (403)": {"Authorization": "Bearer x"},
        "long, 1,000 chars (403)": {"Authorization": "Bearer " + TOKEN + "x" * 968},
    }


def bootstrap_diff(a: list[float], b: list[float], rounds: int = 2000, seed: int = 0) -> tuple[float, float, float]:
    """Median(a) - median(b) with a bootstrap 95% interval, in the unit of the inputs."""
    rnd = random.Random(seed)
    diffs = sorted(statistics.median(rnd.choices(a, k=len(a))) - statistics.median(rnd.choices(b, k=len(b)))
                   for _ in range(rounds))
    return statistics.median(a) - statistics.median(b), diffs[int(0.025 * rounds)], diffs[int(0.975 * rounds)]


def measure_requests(rounds: int, seed: int) -> dict[str, list[float]]:
    from api import create_app

    # the comparison runs before any model is touched: the app need not load one
    app = create_app({"LOAD_ON_START": False, "ADMIN_TOKEN": TOKEN})
    client = app.test_client()
    ks = kinds()
    times = {k: [] for k in ks}
    order = list(ks) * rounds
    random.Random(seed).shuffle(order)
    for _ in range(200):  # warm-up
        client.post("/v1/admin/reload", headers=ks["short (403)"])
    for k in order:
        t0 = time.perf_counter_ns()
        r = client.post("/v1/admin/reload", headers=ks[k])
        dt = time.perf_counter_ns() - t0
        assert r.status_code in (401, 403), r.status_code
        times[k].append(dt / 1000)  # microseconds
    return times


def measure_compare(rounds: int, seed: int) -> dict[str, list[float]]:
    """The comparison alone, as api.admin_reload does it (digests, then hmac.compare_digest)."""
    want = hashlib.sha256(TOKEN.encode()).digest()
    given = {k: h["Authorization"][7:].encode("latin-1") for k, h in kinds().items() if h}
    times = {k: [] for k in given}
    order = list(given) * rounds
    random.Random(seed).shuffle(order)
    for k in order:
        g = given[k]
        t0 = time.perf_counter_ns()
        for _ in range(20):
            hmac.compare_digest(hashlib.sha256(g).digest(), want)
        times[k].append((time.perf_counter_ns() - t0) / 20)  # nanoseconds per comparison
    return times


def summarize(times: dict[str, list[float]], unit: str) -> dict:
    base = "wrong first char (403)"
    out = {"unit": unit, "median": {k: round(statistics.median(v), 3) for k, v in times.items()},
           "difference_from_wrong_first_char": {}}
    for k, v in times.items():
        if k != base and "403" in k:
            d, lo, hi = bootstrap_diff(v, times[base])
            out["difference_from_wrong_first_char"][k] = {"median_diff": round(d, 3), "ci95": [round(lo, 3),
                                                                                                round(hi, 3)]}
    spread = statistics.quantiles(times[base], n=4)
    out["noise_iqr_of_wrong_first_char"] = round(spread[2] - spread[0], 3)
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=20_000, help="requests of each kind (default 20,000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", help="also write the report here")
    args = p.parse_args(argv)
    report = {"machine": machine(), "rounds": args.rounds,
              "through_the_app_microseconds": summarize(measure_requests(args.rounds, args.seed), "µs"),
              "comparison_alone_nanoseconds": summarize(measure_compare(args.rounds * 5, args.seed), "ns")}
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
