"""Markdown tables of a benchmark run: every target with its figure, ratios, pass/fail; scaling.

The targets are those of issue 7; a part that did not run shows as "not run".
"""
from __future__ import annotations

TARGETS = {  # name: (threshold, higher is better)
    "classify_vs_naive": (10.0, True), "classify_vs_limit": (0.3, True),
    "score_per_s": (500.0, True), "score_vs_naive": (10.0, True),
    "api_p50_ms": (3.0, False), "api_p99_ms": (10.0, False),
    "load_rps": (1000.0, True), "load_p99_ms": (50.0, False), "load_errors": (0, False),
    "cold_start_s": (2.0, False), "rss_mb": (300.0, False), "train_s": (30.0, False),
}


def verdict(key: str, value) -> str:
    if value is None:
        return "not run"
    limit, higher = TARGETS[key]
    return "pass" if (value >= limit if higher else value <= limit) else "**FAIL**"


def _get(res: dict, *path):
    for k in path:
        if not isinstance(res, dict) or k not in res:
            return None
        res = res[k]
    return res


def _ratio(a, b):
    return None if a is None or not b else a / b


def target_rows(res: dict) -> list[tuple[str, str, str, str, str]]:
    """(what, target, measured, ratio vs baselines, verdict) for every target."""
    rows = []
    ours, naive, limit = (_get(res, "classify", k, "per_s") for k in ("ours", "naive", "limit"))
    vs_naive, vs_limit = _ratio(ours, naive), _ratio(ours, limit)
    n = _get(res, "classify", "n")
    rows.append((f"classify, batch of {n or '-'} appeals", "≥ 10× naive, ≥ 0.3× limit",
                 _fmt(ours, "{:,.0f} appeals/s"),
                 f"{_fmt(vs_naive, '{:.1f}×')} naive ({_fmt(naive, '{:,.0f}/s')}); "
                 f"{_fmt(vs_limit, '{:.2f}×')} limit ({_fmt(limit, '{:,.0f}/s')})",
                 _both(verdict("classify_vs_naive", vs_naive), verdict("classify_vs_limit", vs_limit))))
    s_ours, s_naive = _get(res, "score", "ours", "per_s"), _get(res, "score", "naive", "per_s")
    s_ratio = _ratio(s_ours, s_naive)
    rows.append((f"score, batch of {_get(res, 'score', 'n') or '-'} transcripts of {_get(res, 'score', 'turns') or '-'}"
                 " turns", "≥ 10× naive, ≥ 500/s", _fmt(s_ours, "{:,.0f} transcripts/s"),
                 f"{_fmt(s_ratio, '{:.1f}×')} naive ({_fmt(s_naive, '{:,.0f}/s')})",
                 _both(verdict("score_vs_naive", s_ratio), verdict("score_per_s", s_ours))))
    p50, p99 = _get(res, "api", "latency_classify", "p50_ms"), _get(res, "api", "latency_classify", "p99_ms")
    rows.append(("API single appeal, one client, loopback, gunicorn", "p50 ≤ 3 ms, p99 ≤ 10 ms",
                 f"p50 {_fmt(p50, '{:.2f}')} ms, p99 {_fmt(p99, '{:.2f}')} ms", "",
                 _both(verdict("api_p50_ms", p50), verdict("api_p99_ms", p99))))
    sp50, sp99 = _get(res, "api", "latency_score", "p50_ms"), _get(res, "api", "latency_score", "p99_ms")
    rows.append(("API single transcript (20 turns), one client", "(no target)",
                 f"p50 {_fmt(sp50, '{:.2f}')} ms, p99 {_fmt(sp99, '{:.2f}')} ms", "", "info"))
    w = _get(res, "api", "load_wrk") or {}
    rps, lp99, errs = w.get("rps"), _get(w, "latency_us", "p99"), w.get("errors_total")
    lp99 = lp99 / 1000 if lp99 is not None else None
    rows.append(("API load: 32 clients, 2 workers, classify" + (f", {w['duration_us'] / 1e6:.0f} s" if rps else ""),
                 "≥ 1,000 req/s, p99 ≤ 50 ms, 0 errors",
                 f"{_fmt(rps, '{:,.0f}')} req/s, p99 {_fmt(lp99, '{:.1f}')} ms, {_fmt(errs, '{}')} errors",
                 "", _both(verdict("load_rps", rps), verdict("load_p99_ms", lp99), verdict("load_errors", errs))))
    cold, starts = _get(res, "api", "cold_start_s"), _get(res, "api", "cold_starts_s") or []
    rows.append(("cold start to ready (spawn → /readyz 200)", "≤ 2 s", _fmt(cold, "{:.2f} s") + (
                 f" (median of {len(starts)}: {', '.join(f'{s:.2f}' for s in starts)})" if len(starts) > 1 else ""),
                 "", verdict("cold_start_s", cold)))
    workers = _get(res, "api", "workers") or []
    rss = max((x["rss_mb"] for x in workers), default=None)
    pss = max((x["pss_mb"] for x in workers), default=None)
    rows.append(("memory per API worker (after the load)", "≤ 300 MB RSS",
                 f"{_fmt(rss, '{:.0f}')} MB RSS (PSS {_fmt(pss, '{:.0f}')} MB)", "", verdict("rss_mb", rss)))
    tr = res.get("train") or {}
    rows.append((f"train on {tr.get('n', '-')} appeals ({tr.get('candidate', '-')}, final fit, no CV)", "≤ 30 s",
                 _fmt(tr.get("seconds"), "{:.1f} s") + (f" (analysis {tr['analyze_s']:.1f} s + fit {tr['fit_s']:.1f} s)"
                                                        if tr else ""), "", verdict("train_s", tr.get("seconds"))))
    return rows


def _both(*verdicts: str) -> str:
    if all(v == "pass" for v in verdicts):
        return "pass"
    if all(v == "not run" for v in verdicts):
        return "not run"
    return "**FAIL**" if any(v == "**FAIL**" for v in verdicts) else "partly run"


def _fmt(value, pattern: str) -> str:
    return "-" if value is None else pattern.format(value)


def _table(head: list[str], rows) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def scaling_rows(res: dict) -> list[tuple]:
    sc = res.get("scaling") or {}
    rows = []

    def series(kind: str, items, label, unit_key="us_per_item"):
        base = items[0] if items else None
        for it in items:
            growth = it["seconds"] / base["seconds"] if base else None
            size = it[label] / base[label] if base else None
            rows.append((kind, f"{it[label]:,}", f"{it['seconds']:.2f} s", f"{it[unit_key]:,.0f} µs",
                         f"{size:g}× input → {growth:.2f}× time"))

    series("classify: appeals in the batch", sc.get("classify", []), "n")
    series("score: transcripts in the batch", sc.get("score", []), "n")
    series("score: turns per transcript", sc.get("turns", []), "turns")
    rules = sc.get("rules", [])
    for it in rules:
        base = rules[0]
        rows.append(("score: rules in the rulebook", f"{it['rules']:,} rules / {it['patterns']:,} patterns",
                     f"{it['seconds']:.2f} s", f"{it['us_per_item']:,.0f} µs",
                     f"{it['rules'] / base['rules']:g}× rules → {it['seconds'] / base['seconds']:.2f}× time"))
    return rows


def render(res: dict) -> str:
    m = res.get("machine", {})
    v = m.get("versions", {})
    blas = "; ".join(f"{b.get('internal_api')} {b.get('version')} {b.get('architecture')}" for b in m.get("blas", []))
    parts = [
        "## Machine",
        "",
        f"{m.get('nproc')} cores ({m.get('cpu')}), {m.get('ram_gb')} GB RAM; Python {m.get('python')}, "
        f"numpy {v.get('numpy')}, scipy {v.get('scipy')}, scikit-learn {v.get('scikit-learn')}, "
        f"spaCy {v.get('spacy')}, pymorphy3 {v.get('pymorphy3')}, gunicorn {v.get('gunicorn')}; BLAS: {blas}; "
        f"env {m.get('env') or '{}'}; load average at start {_loads(m.get('loadavg_start'))}, "
        f"at end {_loads(m.get('loadavg_end'))}.",
        "",
        f"Command: `{res.get('command')}` (started {res.get('started')}).",
        "",
        "## Targets",
        "",
        _table(["what", "target", "measured", "vs baselines", "verdict"], target_rows(res)),
        "",
        "## Scaling",
        "",
        _table(["series", "size", "time", "per item", "growth"], scaling_rows(res)),
        "",
    ]
    extra = _extras(res)
    if extra:
        parts += ["## Other figures", "", *extra, ""]
    return "\n".join(parts)


def _pct(x) -> str:
    return "-" if x is None else f"{x:.1%}"


def _loads(la) -> str:
    return "-" if not la else " / ".join(f"{x:.2f}" for x in la)


def _extras(res: dict) -> list[str]:
    out = []
    c = res.get("classify") or {}
    if c:
        if c.get("ours_unseen"):
            out.append(f"* classify a batch of the same size built only from test-split texts (never trained on): "
                       f"{c['ours_unseen']['per_s']:,.0f} appeals/s from a fresh start; pieces found in the model's "
                       f"piece table: {_pct(c['ours_unseen']['table_hits'])} (standard batch: {_pct(c['table_hits'])}).")
        out.append(f"* classify warm (second pass, caches full): {c['ours_warm']['per_s']:,.0f} appeals/s; "
                   f"test macro-F1 on the corpus test split: ours {c['ours'].get('test_macro_f1')}, "
                   f"limit {c['limit'].get('test_macro_f1')}, naive {c['naive'].get('test_macro_f1')}.")
    s = res.get("score") or {}
    if s:
        out.append(f"* score warm: {s['ours_warm']['per_s']:,.0f} transcripts/s; "
                   f"{s['ours']['findings_per_transcript']:.1f} findings per transcript.")
    a = res.get("api") or {}
    ws = a.get("load_wrk_score") or {}
    if ws.get("rps"):
        out.append(f"* score under load (wrk, 32 clients, {ws['duration_us'] / 1e6:.0f} s): {ws['rps']:,.0f} req/s, "
                   f"p99 {ws['latency_us']['p99'] / 1000:.1f} ms, {ws['errors_total']} errors.")
    gt = a.get("gthread") or {}
    if gt.get("load_wrk"):
        w = gt["load_wrk"]
        out.append(f"* the same 2 workers as gthread workers ({gt['threads']} threads, keep-alive; "
                   f"`GERP_NLP_THREADS={gt['threads']}`): load {w['rps']:,.0f} req/s, p99 "
                   f"{w['latency_us']['p99'] / 1000:.1f} ms, {w['errors_total']} errors; one client p50 "
                   f"{gt['latency_classify']['p50_ms']:.2f} ms, p99 {gt['latency_classify']['p99_ms']:.2f} ms.")
    aio = a.get("load_asyncio") or {}
    if aio:
        out.append(f"* the same classify load from a Python asyncio client (32 connections): {aio['rps']:,.0f} req/s, "
                   f"p99 {aio['p99_ms']:.1f} ms, {aio['errors']} errors.")
    if a.get("load_wrk", {}).get("command"):
        out.append(f"* wrk command: `{a['load_wrk']['command']}`")
    for w in a.get("workers", []):
        out.append(f"* worker {w['pid']}: RSS {w['rss_mb']:.0f} MB, USS {w['uss_mb']:.0f} MB, PSS {w['pss_mb']:.0f} MB")
    return out
