"""nlp/report.py and nlp/report_html.py: the QA report of a score-batch run."""
from __future__ import annotations

import csv
import json
import re

import pytest

from nlp.cli import main
from nlp.report import QAReport, build_report, tables, write_report

from .test_batch import BROKEN, GOOD, write_jsonl

SECTIONS = ["Нарушения по категориям", "Распределение баллов", "Чек-лист разговора", "Сравнение операторов",
            "Худшие разговоры", "Как читать отчёт"]
FILES = ["summary.csv", "categories.csv", "checklist.csv", "operators.csv", "scores.csv", "worst.csv", "report.html"]


def finding(category, turn=0, text="ну", clause="6.11"):
    return {"category": category, "rule": f"{category}.x", "clause": clause, "severity": "minor", "turn": turn,
            "start": 0, "end": len(text), "text": text, "suggestion": "Уберите слово-паразит"}


CHECK_ALL = {"greeting": True, "introduction": True, "asked_name": True, "used_name": True,
             "hold_etiquette": None, "offered_more_help": True, "thanked": True, "farewell": True}
RECORDS = [
    {"id": "a", "operator_id": "op-1", "score": 100.0, "passed": True, "violations": [], "checklist": CHECK_ALL},
    {"id": "b", "operator_id": "op-1", "score": 74.0, "passed": False,
     "violations": [finding("parasite_word"), finding("parasite_word", 2), finding("slang", 2, "щас")],
     "checklist": {**CHECK_ALL, "farewell": False}},
    {"id": "c", "operator_id": "op-2", "score": 91.0, "passed": False,
     "violations": [finding("profanity", 4, "блин")], "checklist": CHECK_ALL},
    {"id": "d", "operator_id": "op-2", "score": 40.0, "passed": False,
     "violations": [finding("slang", 1, "ок")] * 4, "checklist": {**CHECK_ALL, "greeting": False}},
]


def test_counts_per_category_checklist_and_operator():
    r = build_report(RECORDS, errors=2)
    assert (r.calls, r.passed, r.failed_fatal, r.findings, r.errors) == (4, 1, 1, 8, 2)
    assert r.categories["parasite_word"] == [2, 1, 74.0] and r.categories["slang"] == [5, 2, 114.0]
    assert r.categories["jargon"] == [0, 0, 0.0]  # every category is listed, even with no finding
    assert r.checklist["farewell"] == [3, 1, 0, 74.0] and r.checklist["hold_etiquette"] == [0, 0, 4, 0.0]
    assert r.operators["op-1"].mean == 87.0 and r.operators["op-2"].categories["slang"] == 4
    assert r.mean == pytest.approx(76.25) and r.median == 82.5
    assert [w["id"] for w in r.worst] == ["d", "b", "c"]  # lowest score first; a perfect call is not listed
    assert r.histogram()[4] == (40, 50, 1) and r.histogram()[-1] == (90, 100, 2)
    rows = {row[0]: row for row in tables(r)["categories"]}
    assert rows["slang"][3:] == [5, 2, "50.0", "57.0"]  # findings, calls, share, their mean score


def test_worst_keeps_only_the_lowest_scores():
    r = QAReport(top=2)
    for i, score in enumerate([90, 10, 50, 10, 95]):
        r.add({"id": i, "score": score, "passed": False, "violations": [], "checklist": {}})
    assert [w["id"] for w in r.worst] == [1, 3]


def test_csv_rows_of_the_batch_output_give_the_same_report(tmp_path, rulebook):
    src = write_jsonl(tmp_path / "calls.jsonl", GOOD)
    jsonl, csv_out = tmp_path / "s.jsonl", tmp_path / "s.csv"
    assert main(["score-batch", str(src), "--out", str(jsonl), "--report", str(tmp_path / "r1")]) == 0
    assert main(["score-batch", str(src), "--out", str(csv_out), "--report", str(tmp_path / "r2")]) == 0
    for name in FILES[:-1]:
        assert (tmp_path / "r1" / name).read_bytes() == (tmp_path / "r2" / name).read_bytes(), name


def test_report_files_and_page(tmp_path, rulebook):
    src = write_jsonl(tmp_path / "calls.jsonl", [*GOOD, BROKEN[0][0]])
    out, report = tmp_path / "scores.jsonl", tmp_path / "report"
    assert main(["score-batch", str(src), "--out", str(out), "--report", str(report)]) == 0
    for name in FILES:
        assert (report / name).stat().st_size > 0, name
    with open(report / "summary.csv", encoding="utf-8-sig", newline="") as f:
        summary = dict(csv.reader(f))
    assert summary["проверено разговоров"] == "5" and summary["записей с ошибками (не проверены)"] == "1"
    with open(report / "operators.csv", encoding="utf-8-sig", newline="") as f:
        ops = {row["оператор"]: row for row in csv.DictReader(f)}
    assert set(ops) == {"op-01", "op-02", "op-03", "(не указан)"} and ops["op-01"]["разговоров"] == "2"

    html = (report / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and '<html lang="ru">' in html
    for title in SECTIONS:
        assert f"<h2>{title}</h2>" in html
    assert html.count("<svg") == 4 and html.count("<title id=") == 4  # four charts, each with a title
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)  # self-contained: nothing fetched
    assert "<script" not in html
    assert "Ненормативная лексика" in html and "Слова-паразиты" in html  # categories by their Russian names
    scores = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    worst = min(scores, key=lambda s: s["score"])
    assert f"<td>{worst['id']}</td>" in html
    assert "«" + worst["violations"][0]["text"] + "»" in html  # the quote of what the operator said


def test_page_without_operator_ids_says_why_and_escapes_everything(tmp_path):
    rows = [{**r, "operator_id": None} for r in RECORDS]
    rows[3] = {**rows[3], "id": "<script>alert(1)</script>",
               "violations": [finding("slang", 1, "<b>ок</b>")]}
    path = write_report(build_report(rows), tmp_path, title_source="x & y.jsonl")
    html = path.read_text(encoding="utf-8")
    assert "нет поля <code>operator_id</code>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;ок&lt;/b&gt;" in html
    assert "x &amp; y.jsonl" in html
    assert html.count("<svg") == 3


def test_tables_are_what_the_csv_files_hold(tmp_path):
    r = build_report(RECORDS)
    write_report(r, tmp_path)
    for name, rows in tables(r).items():
        with open(tmp_path / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
            assert list(csv.reader(f)) == [[str(c) for c in row] for row in rows]
