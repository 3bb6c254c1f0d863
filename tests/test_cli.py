"""nlp/cli.py: the gerp-nlp subcommands, called through main([...])."""
import io
import json

import pytest

from nlp.cli import main


def _run(capsys, argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_classify_jsonl_and_plain_lines(capsys, monkeypatch, model_path):
    data = '{"id": "x1", "text": "мастер так и не пришёл"}\nсколько стоит вызов сантехника?\n'
    code, out, err = _run(capsys, ["classify", "-", "--model", str(model_path)], data, monkeypatch)
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and err == ""
    assert rows[0]["id"] == "x1" and rows[0]["label"] == "claim" and rows[0]["label_ru"] == "Претензия"
    assert rows[1]["id"] == 2 and set(rows[1]) == {"id", "label", "label_ru", "confidence", "scores", "needs_review"}


def test_classify_reports_bad_lines_and_goes_on(capsys, monkeypatch, model_path):
    data = '{"id": 1, "text": ""}\n{"broken\n{"id": 3, "text": "спасибо большое"}\n'
    code, out, err = _run(capsys, ["classify", "--model", str(model_path), "--explain"], data, monkeypatch)
    assert code == 1
    assert "<stdin>:1" in err and "<stdin>:2: broken JSON" in err
    (row,) = [json.loads(x) for x in out.splitlines()]
    assert row["id"] == 3 and row["explanation"]


def test_classify_with_missing_model_is_one_line(capsys, tmp_path):
    code, out, err = _run(capsys, ["classify", str(tmp_path / "in.txt"), "--model", str(tmp_path / "none.joblib")])
    assert code == 1 and err.count("\n") == 1 and "gerp-nlp train" in err


def test_evaluate_json(capsys, model_path, small_corpus):
    code, out, _ = _run(capsys, ["evaluate", "--corpus", str(small_corpus), "--model", str(model_path), "--json"])
    m = json.loads(out)
    assert code == 0 and {"macro_f1", "accuracy", "per_class", "confusion"} <= set(m)
    assert len(m["confusion"]["matrix"]) == 4


def test_evaluate_table(capsys, model_path, small_corpus):
    code, out, _ = _run(capsys, ["evaluate", "--corpus", str(small_corpus), "--model", str(model_path)])
    assert code == 0 and "macro-F1" in out and "confusion" in out


def test_train_gate_exit_code(capsys, tmp_path, small_corpus):
    out_model = tmp_path / "m.joblib"
    argv = ["train", "--corpus", str(small_corpus), "--out", str(out_model), "--candidate", "logreg",
            "--folds", "2", "--quiet"]
    code, out, _ = _run(capsys, argv)
    assert code == 0 and "macro-F1" in out and "confusion" in out and out_model.exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("text,label\nмастер,нет_такого\n", encoding="utf-8")
    code, _, err = _run(capsys, ["train", "--corpus", str(bad), "--out", str(out_model)])
    assert code == 1 and "bad.csv:2: unknown label" in err


def test_score_jsonl_and_text(capsys, monkeypatch, tmp_path):
    line = json.dumps({"id": "t1", "turns": [{"speaker": "operator", "text": "привет, щас гляну"},
                                             {"speaker": "client", "text": "ок"}]}, ensure_ascii=False)
    code, out, _ = _run(capsys, ["score"], line + "\n", monkeypatch)
    rec = json.loads(out)
    assert code == 0 and rec["id"] == "t1" and {v["category"] for v in rec["violations"]} == {"informal_address", "slang"}
    f = tmp_path / "call.txt"
    f.write_text("Оператор: Здравствуйте, я не знаю\nКлиент: ну да", encoding="utf-8")
    code, out, _ = _run(capsys, ["score", "--text", str(f), "--explain"])
    assert code == 0 and "banned_phrase" in out and "pattern:" in out and "п. 6.8" in out


def test_score_bad_records(capsys, monkeypatch):
    data = '{"id": 1, "turns": [{"speaker": "client", "text": "алло"}]}\nОператор: да\n'
    code, out, err = _run(capsys, ["score"], data, monkeypatch)
    assert code == 1 and out == "" and "<stdin>:1: turns: no operator turn" in err and "<stdin>:2: broken JSON" in err


def test_score_with_broken_rulebook(capsys, monkeypatch, tmp_path):
    rules = tmp_path / "r.yaml"
    rules.write_text("version: [", encoding="utf-8")
    code, _, err = _run(capsys, ["score", "--rules", str(rules)], "", monkeypatch)
    assert code == 1 and "r.yaml" in err and "YAML error" in err


def test_evaluate_script(capsys):
    from tests.conftest import ROOT

    code, out, _ = _run(capsys, ["evaluate-script", "--gold", str(ROOT / "corpora/transcripts/gold_dev.jsonl")])
    assert code == 0 and "precision" in out and "hold_time" in out


def test_gold_examples_writes_the_lines_and_keeps_held_out_files_out(capsys, tmp_path):
    from tests.conftest import ROOT

    dev = ROOT / "corpora/transcripts/gold_dev.jsonl"
    out = tmp_path / "c.dev_gold.jsonl"
    code, text, _ = _run(capsys, ["gold-examples", "--gold", str(dev), "--category", "company_criticism",
                                  "--out", str(out)])
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert code == 0 and f"{len(rows)} lines" in text and {r["label"] for r in rows} == {0, 1}
    held = tmp_path / "gold_heldout99.jsonl"
    held.write_text(dev.read_text(encoding="utf-8"), encoding="utf-8")
    before = out.read_bytes()
    code, _, err = _run(capsys, ["gold-examples", "--gold", str(dev), str(held), "--category", "company_criticism",
                                 "--out", str(out)])
    assert code == 1 and "gold_heldout99.jsonl" in err and "held-out" in err and out.read_bytes() == before
    code, _, err = _run(capsys, ["gold-examples", "--gold", str(dev), "--category", "criticism", "--out", str(out)])
    assert code == 1 and "unknown category" in err and out.read_bytes() == before


def test_usage_error_exit_code():
    with pytest.raises(SystemExit) as info:
        main(["no-such-command"])
    assert info.value.code == 2


def test_fit_rules_stores_the_fits_without_fitting_at_load_first(capsys, tmp_path, caplog):
    """`fit-rules` reads the rulebook's spec, fits and stores; compiling it first would fit every learned
    rule once more, at load, with the warning for a missing fit (minutes on the shipped examples)."""
    import logging

    import yaml

    from nlp.rulebook import DEFAULT_RULES, load_rulebook

    spec = yaml.safe_load(DEFAULT_RULES.read_text(encoding="utf-8"))
    lines = [("у нас на складе вечно всё теряют", 1), ("мастер приедет в четверг", 0),
             ("менеджеры у нас бестолковые", 1), ("заявку я оформила", 0)]
    for r in spec["rules"]:
        if r.get("examples"):
            r["examples"] = f"{r['id']}.jsonl"
            r["min_df"] = 1
            (tmp_path / r["examples"]).write_text("".join(json.dumps({"text": t, "label": y}, ensure_ascii=False) + "\n"
                                                          for t, y in lines), encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="gerp_nlp"):
        code, out, _ = _run(capsys, ["fit-rules", "--rules", str(rules)])
        load_rulebook(rules)   # the stored fits match: no fit at load
    assert code == 0 and "criticism.learned: fitted" in out and "contacts.learned: fitted" in out
    assert sorted(p.name for p in tmp_path.glob("*.fit.json")) == ["contacts.learned.fit.json",
                                                                   "criticism.learned.fit.json"]
    assert not [r.getMessage() for r in caplog.records if r.name == "gerp_nlp"]


def test_fit_rules_with_missing_examples_names_the_rule(capsys, tmp_path):
    import yaml

    from nlp.rulebook import DEFAULT_RULES

    spec = yaml.safe_load(DEFAULT_RULES.read_text(encoding="utf-8"))
    for r in spec["rules"]:
        if r.get("examples"):
            r["examples"] = "missing.jsonl"
    rules = tmp_path / "rules.yaml"
    rules.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    code, _, err = _run(capsys, ["fit-rules", "--rules", str(rules)])
    assert code == 1 and "criticism.learned" in err and "missing.jsonl" in err
