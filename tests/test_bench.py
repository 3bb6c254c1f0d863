"""bench/: the load generator, the baselines, the tables, and one small run end to end.

Timings are never asserted here: the benchmark prints them (docs/benchmarks.md).
"""
import json
import shutil
from pathlib import Path

import pytest

from bench import baselines, data, server, tables
from nlp.rulebook import DEFAULT_RULES, load_rulebook

from .conftest import CORPUS


def _corpus_by_label():
    out = {}
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.setdefault(row["label"], set()).add(row["text"])
    return out


def _splits_into(text: str, pieces: set[str]) -> bool:
    """Can ``text`` be cut into whole corpus texts joined by single spaces?"""
    if text in pieces:
        return True
    return any(text.startswith(p + " ") and _splits_into(text[len(p) + 1:], pieces) for p in pieces
               if len(p) < len(text))


def test_appeals_are_whole_corpus_texts_of_one_label():
    by_label = _corpus_by_label()
    rows = data.appeals(60, seed=3)
    assert len(rows) == 60 and len({r["id"] for r in rows}) == 60
    assert rows == data.appeals(60, seed=3)  # seeded
    assert rows != data.appeals(60, seed=4)
    for r in rows:
        assert _splits_into(r["text"], by_label[r["label"]]), r["text"][:80]
    assert any(r["text"] not in by_label[r["label"]] for r in data.appeals(200))  # some are joined


def test_transcripts_have_the_asked_turns_and_ordered_times():
    gold_turns = None
    if data.GOLD.is_file():
        gold_turns = {t["text"] for line in data.GOLD.read_text(encoding="utf-8").splitlines() if line.strip()
                      for t in json.loads(line)["turns"]}
    for turns in (4, 20, 200):
        for t in data.transcripts(5, turns=turns, seed=1):
            assert len(t["turns"]) == turns
            assert t["turns"][0]["speaker"] == "operator"
            assert any(x["speaker"] == "client" for x in t["turns"])
            ends = [x["end"] for x in t["turns"]]
            assert all(x["start"] <= x["end"] for x in t["turns"]) and ends == sorted(ends)
            if gold_turns is not None:
                assert all(x["text"] in gold_turns for x in t["turns"])
    with pytest.raises(ValueError):
        data.transcripts(1, turns=3)


def test_transcripts_without_gold_use_the_fallback(tmp_path, rulebook):
    from nlp.scoring import score

    ts = data.transcripts(3, turns=20, gold=tmp_path / "absent.jsonl")
    assert [len(t["turns"]) for t in ts] == [20, 20, 20]
    assert all(score(t, rulebook).score >= 0 for t in ts)


def test_scaled_rules_multiply_the_rules_and_still_load(tmp_path):
    src = DEFAULT_RULES.read_text(encoding="utf-8")
    base = load_rulebook()
    path = tmp_path / "x10.yaml"
    path.write_text(data.scaled_rules(src, 10, base_dir=DEFAULT_RULES.parent), encoding="utf-8")
    big = load_rulebook(path)
    assert len(big.rules) == 10 * len(base.rules)
    assert [r.spec.id for r in big.rules[:len(base.rules)]] == [r.spec.id for r in base.rules]
    assert big.index.size > 5 * base.index.size
    with pytest.raises(ValueError):
        data.scaled_rules(src, 0)


def test_limit_and_naive_classifiers_learn(small_corpus):
    rows = [json.loads(line) for line in small_corpus.read_text(encoding="utf-8").splitlines()]
    texts, labels = [r["text"] for r in rows], [r["label"] for r in rows]
    for model in (baselines.limit_classifier(texts, labels), baselines.NaiveClassifier().fit(texts, labels)):
        pred = model.predict(texts)
        assert sum(p == y for p, y in zip(pred, labels)) / len(labels) > 0.9  # fits its own training data


def test_naive_lemmatizer_is_spacys_pymorphy3():
    # blank("ru") has no tagger, so spaCy's lemmatizer looks words up without a POS:
    # an unambiguous form gets its lemma, an ambiguous one (прийти/прислать) stays as it is
    assert baselines.naive_lemmas(["Мастера не пришли вчера!"]) == ["мастер не пришли вчера"]


def test_naive_scorer_finds_the_greeting_and_a_banned_phrase(rulebook):
    scorer = baselines.NaiveScorer(rulebook)
    t = {"id": 1, "turns": [{"speaker": "operator", "text": "Добрый день, компания ДомСервис, меня зовут Анна"},
                            {"speaker": "client", "text": "у меня течёт кран"},
                            {"speaker": "operator", "text": "я не знаю, короче, звоните в офис"}]}
    hits = scorer.score(t)["hits"]
    assert hits.get("phrase.greeting", 0) >= 1
    assert any(not k.startswith("phrase.") for k in hits)


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert server.percentile(values, 50) == 50.0
    assert server.percentile(values, 99) == 99.0
    assert server.percentile(values, 100) == 100.0
    assert server.percentile([], 50) != server.percentile([], 50)  # nan


def _result(**over):
    res = {"classify": {"n": 10, "ours": {"per_s": 2000.0}, "naive": {"per_s": 100.0}, "limit": {"per_s": 5000.0},
                        "ours_warm": {"per_s": 2100.0}},
           "score": {"n": 10, "turns": 20, "ours": {"per_s": 600.0, "findings_per_transcript": 1.0},
                     "ours_warm": {"per_s": 700.0}, "naive": {"per_s": 50.0}},
           "api": {"cold_start_s": 1.5, "latency_classify": {"p50_ms": 1.0, "p99_ms": 4.0},
                   "load_wrk": {"rps": 1200.0, "duration_us": 60e6, "errors_total": 0, "latency_us": {"p99": 40_000}},
                   "workers": [{"pid": 1, "rss_mb": 200.0, "uss_mb": 90.0, "pss_mb": 120.0}]},
           "train": {"n": 10, "candidate": "logreg", "seconds": 3.0, "analyze_s": 1.0, "fit_s": 2.0}}
    for path, value in over.items():
        *keys, last = path.split(".")
        d = res
        for k in keys:
            d = d[k]
        d[last] = value
    return res


def test_tables_judge_each_target():
    rows = {r[0].split(",")[0]: r for r in tables.target_rows(_result())}
    assert all(r[4] in ("pass", "info") for r in rows.values()), rows
    assert "20.0× naive" in rows["classify"][3] and "0.40× limit" in rows["classify"][3]
    worse = {r[0].split(",")[0]: r[4] for r in tables.target_rows(_result(**{
        "classify.limit.per_s": 10_000.0, "api.load_wrk.errors_total": 3, "api.cold_start_s": 2.5}))}
    assert worse["classify"] == "**FAIL**"
    assert worse["API load: 32 clients"] == "**FAIL**"
    assert worse["cold start to ready (spawn → /readyz 200)"] == "**FAIL**"
    assert worse["score"] == "pass"
    assert "not run" in tables.render({"machine": {}})


def test_the_cold_start_is_the_median_of_its_starts_and_shows_them():
    rows = {r[0]: r for r in tables.target_rows(_result(**{"api.cold_starts_s": [2.6, 1.9, 1.95],
                                                            "api.cold_start_s": 1.95}))}
    cold = rows["cold start to ready (spawn → /readyz 200)"]
    assert cold[2] == "1.95 s (median of 3: 2.60, 1.90, 1.95)" and cold[4] == "pass"
    one = {r[0]: r for r in tables.target_rows(_result())}["cold start to ready (spawn → /readyz 200)"]
    assert one[2] == "1.50 s"


def test_missing_model_is_a_clear_error_not_a_traceback(tmp_path, capsys):
    """A fresh checkout has no trained model: the benchmark says so and how to make one."""
    from bench import run

    missing = tmp_path / "none.joblib"
    assert run.main(["--quick", "--model", str(missing), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "no model file" in err and "gerp-nlp train" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_quick_run_end_to_end(model_path, tmp_path, capsys):
    """The whole suite at small sizes (no load test): it runs and writes its tables."""
    from bench import run

    assert run.main(["--quick", "--model", str(model_path), "--out", str(tmp_path)]) == 0
    md = (tmp_path / "latest.md").read_text(encoding="utf-8")
    assert "## Targets" in md and "## Scaling" in md
    res = json.loads(next(tmp_path.glob("run-*.json")).read_text(encoding="utf-8"))
    assert res["classify"]["ours"]["per_s"] > 0 and res["score"]["naive"]["per_s"] > 0
    assert res["api"]["latency_classify"]["n"] == run.QUICK["latency_n"]
    assert [w["rss_mb"] > 0 for w in res["api"]["workers"]] == [True, True]
    assert len(res["scaling"]["rules"]) == 2


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk)")
def test_wrk_script_counts_requests_and_errors(model_path, tmp_path):
    """A 2-second wrk run with the Lua script: good bodies succeed, a bad one is counted as an error."""
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"text": "мастер не пришёл"}, ensure_ascii=False) + "\n", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": ""}\n', encoding="utf-8")
    extra = {"GERP_NLP_MODEL_FILE": model_path.name}
    with server.gunicorn(Path(model_path).parent, workers=1, extra_env=extra) as (port, pid, cold):
        ok = server.wrk(port, "/v1/appeals/classify", good, connections=2, threads=1, seconds=2, max_requests=200)
        ko = server.wrk(port, "/v1/appeals/classify", bad, connections=2, threads=1, seconds=2, max_requests=50)
    assert 0 < ok["requests"] <= 200 + 2 and ok["errors_total"] == 0 and ok["latency_us"]["p99"] > 0
    assert ko["errors"]["status"] == ko["requests"] > 0
