"""QA report over scored transcripts: per category, checklist item and operator; the worst calls.

``build_report(records)`` reads score records one by one (memory stays flat:
counters, plus the few worst calls); ``write_report`` writes CSV files for a
spreadsheet and ``report.html``, a self-contained page with charts.
"""
from __future__ import annotations

import csv
import heapq
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .rulebook import CATEGORIES, CHECKLIST

CATEGORY_RU = {
    "banned_phrase": "Запрещённые фразы", "negative_form": "Негативные формулировки",
    "informal_address": "Обращение не по регламенту", "jargon": "Профессиональный жаргон",
    "slang": "Сленг", "parasite_word": "Слова-паразиты", "profanity": "Ненормативная лексика",
    "company_criticism": "Негативные отзывы о компании", "contact_exchange": "Обмен контактами",
    "hold_time": "Превышено время ожидания",
}
CHECKLIST_RU = {
    "greeting": ("Приветствие", "7.1.1"), "introduction": ("Представился", "6.2"),
    "asked_name": ("Узнал имя клиента", "7.1.3"), "used_name": ("Обращался по имени", "7.1.4"),
    "hold_etiquette": ("Этикет ожидания", "7.2.3, 7.2.6"),
    "offered_more_help": ("Спросил о других вопросах", "7.3.3.1"),
    "thanked": ("Поблагодарил за обращение", "7.3.3.2"), "farewell": ("Попрощался", "7.3.3.2"),
}
NO_OPERATOR = "(не указан)"


@dataclass
class OperatorStats:
    calls: int = 0
    score_sum: float = 0.0
    passed: int = 0
    findings: int = 0
    categories: Counter = field(default_factory=Counter)
    checklist_done: int = 0
    checklist_applicable: int = 0

    @property
    def mean(self) -> float:
        return self.score_sum / self.calls if self.calls else 0.0


@dataclass
class QAReport:
    pass_score: float = 80.0
    clauses: dict = field(default_factory=dict)  # category -> clause of the regulation
    fatal: list = field(default_factory=list)  # categories that fail a call whatever its score
    calls: int = 0
    passed: int = 0
    failed_fatal: int = 0  # failed by a fatal finding although the score was high enough
    errors: int = 0  # input records that could not be scored
    findings: int = 0
    scores: Counter = field(default_factory=Counter)
    # category -> [findings, calls with one, sum of those calls' scores]
    categories: dict = field(default_factory=lambda: {c: [0, 0, 0.0] for c in CATEGORIES})
    # checklist item -> [done, not done, not applicable, sum of the scores of the calls where it was not done]
    checklist: dict = field(default_factory=lambda: {c: [0, 0, 0, 0.0] for c in CHECKLIST})
    operators: dict = field(default_factory=dict)
    top: int = 20
    _worst: list = field(default_factory=list)

    def add(self, rec: dict) -> None:
        """Count one score record (from JSONL, or a CSV row of the batch output)."""
        rec = _normalise(rec)
        score, passed, violations = rec["score"], rec["passed"], rec["violations"]
        self.calls += 1
        self.passed += passed
        self.failed_fatal += (not passed) and score >= self.pass_score
        self.findings += len(violations)
        self.scores[score] += 1
        cats = Counter(v.get("category") for v in violations)
        for cat, n in cats.items():
            slot = self.categories.setdefault(cat, [0, 0, 0.0])
            slot[0] += n
            slot[1] += 1
            slot[2] += score
        op = self.operators.setdefault(rec["operator_id"] or NO_OPERATOR, OperatorStats())
        op.calls += 1
        op.score_sum += score
        op.passed += passed
        op.findings += len(violations)
        op.categories.update(cats)
        for item, value in rec["checklist"].items():
            slot = self.checklist.setdefault(item, [0, 0, 0, 0.0])
            slot[0 if value is True else 1 if value is False else 2] += 1
            slot[3] += score if value is False else 0.0
            op.checklist_done += value is True
            op.checklist_applicable += value is not None
        if score < 100 or not passed:
            key = (-score, len(violations), -self.calls)
            entry = (key, rec)
            if len(self._worst) < self.top:
                heapq.heappush(self._worst, entry)
            elif key > self._worst[0][0]:
                heapq.heapreplace(self._worst, entry)

    @property
    def worst(self) -> list[dict]:
        return [rec for _, rec in sorted(self._worst, reverse=True)]

    @property
    def mean(self) -> float:
        return sum(s * n for s, n in self.scores.items()) / self.calls if self.calls else 0.0

    @property
    def median(self) -> float:
        if not self.calls:
            return 0.0
        wanted, seen, found = ((self.calls - 1) // 2, self.calls // 2), 0, []
        for s in sorted(self.scores):
            seen += self.scores[s]
            found += [s for k in wanted[len(found):] if k < seen]
            if len(found) == 2:
                break
        return (found[0] + found[1]) / 2

    def histogram(self, width: int = 10) -> list[tuple[int, int, int]]:
        """(low, high, calls) bins of the score; the last bin includes 100."""
        bins = [0] * (100 // width)
        for s, n in self.scores.items():
            bins[min(int(s // width), len(bins) - 1)] += n
        return [(i * width, (i + 1) * width, n) for i, n in enumerate(bins)]

    def has_operators(self) -> bool:
        return any(op != NO_OPERATOR for op in self.operators)


def _flag(value):
    if isinstance(value, bool) or value is None:
        return value
    return {"true": True, "false": False}.get(str(value).strip().lower())


def _normalise(rec: dict) -> dict:
    violations = rec.get("violations") or []
    if isinstance(violations, str):
        violations = json.loads(violations)
    checklist = rec.get("checklist")
    if not isinstance(checklist, dict):
        checklist = {k.split(".", 1)[1]: v for k, v in rec.items() if k.startswith("checklist.")}
    op = rec.get("operator_id")
    return {"id": rec.get("id"), "operator_id": None if op in (None, "") else str(op),
            "score": float(rec["score"]), "passed": bool(_flag(rec["passed"])),
            "violations": violations, "checklist": {k: _flag(v) for k, v in checklist.items()}}


def build_report(records, rulebook=None, top: int = 20, errors: int = 0) -> QAReport:
    """Aggregate an iterable of score records into a QAReport."""
    report = QAReport(top=top, errors=errors)
    if rulebook is not None:
        report.pass_score = rulebook.scoring.pass_score
        report.clauses = dict(rulebook.spec.categories)
        report.fatal = list(rulebook.scoring.fatal_categories)
    for rec in records:
        report.add(rec)
    return report


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else ""


def _mean(total: float, n: int) -> str:
    return f"{total / n:.1f}" if n else ""


def finding_text(v: dict) -> str:
    """«Слова-паразиты (п. 6.11), реплика 3: «короче»» — one finding for people."""
    where = f"реплика {v.get('turn', 0) + 1}"
    quote = f": «{v['text']}»" if v.get("text") else ""
    return f"{CATEGORY_RU.get(v.get('category'), v.get('category'))} (п. {v.get('clause')}), {where}{quote}"


def tables(r: QAReport) -> dict[str, list[list]]:
    """The report's tables (header row first), shared by the CSV files and the HTML page."""
    cats = sorted(r.categories.items(), key=lambda kv: (-kv[1][1], kv[0]))
    ops = sorted(r.operators.items(), key=lambda kv: (kv[1].mean, kv[0]))
    return {
        "summary": [["показатель", "значение"],
                    ["проверено разговоров", r.calls], ["прошли проверку", r.passed],
                    ["доля прошедших, %", _pct(r.passed, r.calls)],
                    ["не прошли из-за критичного нарушения", r.failed_fatal],
                    ["средний балл", f"{r.mean:.1f}"], ["медианный балл", f"{r.median:.1f}"],
                    ["проходной балл", f"{r.pass_score:g}"], ["всего нарушений", r.findings],
                    ["записей с ошибками (не проверены)", r.errors]],
        "categories": [["код", "категория", "пункт регламента", "нарушений", "разговоров с нарушением",
                        "доля разговоров, %", "средний балл этих разговоров"]]
        + [[c, CATEGORY_RU.get(c, c), r.clauses.get(c, ""), f, n, _pct(n, r.calls), _mean(total, n)]
           for c, (f, n, total) in cats],
        "checklist": [["код", "пункт чек-листа", "пункт регламента", "выполнено", "не выполнено",
                       "неприменимо", "доля выполнения, %", "средний балл, если не выполнено"]]
        + [[c, *CHECKLIST_RU.get(c, (c, "")), y, n, na, _pct(y, y + n), _mean(total, n)]
           for c, (y, n, na, total) in r.checklist.items()],
        "operators": [["оператор", "разговоров", "средний балл", "прошли", "доля прошедших, %",
                       "нарушений на разговор", "выполнение чек-листа, %", "частая категория",
                       *(CATEGORY_RU.get(c, c) for c in CATEGORIES)]]
        + [[name, s.calls, f"{s.mean:.1f}", s.passed, _pct(s.passed, s.calls), f"{s.findings / s.calls:.2f}",
            _pct(s.checklist_done, s.checklist_applicable),
            CATEGORY_RU.get(s.categories.most_common(1)[0][0], "") if s.categories else "",
            *(s.categories.get(c, 0) for c in CATEGORIES)] for name, s in ops],
        "scores": [["баллы от", "до", "разговоров"]] + [[lo, hi, n] for lo, hi, n in r.histogram()],
        "worst": [["id", "оператор", "балл", "прошёл", "нарушений", "нарушения"]]
        + [[w["id"], w["operator_id"] or "", f"{w['score']:g}", "да" if w["passed"] else "нет",
            len(w["violations"]), "; ".join(map(finding_text, w["violations"]))] for w in r.worst],
    }


def write_report(report: QAReport, out_dir: str | os.PathLike, title_source: str = "") -> Path:
    """Write the CSV files and report.html into out_dir; return the HTML path."""
    from .report_html import render

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = tables(report)
    for name, rows in data.items():
        with open(out_dir / f"{name}.csv", "w", encoding="utf-8-sig", newline="") as f:  # BOM: Excel reads UTF-8
            csv.writer(f).writerows(rows)
    html = render(report, data, source=title_source, generated=datetime.now().strftime("%d.%m.%Y %H:%M"))
    path = out_dir / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


def report_from_output(out: str | os.PathLike, out_dir: str | os.PathLike, rulebook=None,
                       errors: int = 0, source: str = "") -> Path:
    """Build and write the report of a finished score-batch output file (JSONL or CSV)."""
    from .batch_io import read_output

    return write_report(build_report(read_output(out), rulebook, errors=errors), out_dir, source)
