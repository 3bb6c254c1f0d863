"""The QA report as one self-contained HTML page: inline CSS, inline SVG charts, no scripts.

Colours come from the Okabe-Ito palette (safe for colour-blind readers); the
charts never rely on colour alone (values are written next to the bars, bars
below the pass mark are also hatched), and every chart has a table beside it.
"""
from __future__ import annotations

from html import escape

from .report import CATEGORY_RU, CHECKLIST_RU, QAReport, finding_text

BLUE, VERMILLION, GREY, INK = "#0072B2", "#D55E00", "#6b6b6b", "#1b1b1b"
MAX_CHART_OPERATORS = 40

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1b1b1b;
 background:#f6f6f4;margin:0}
main{max-width:1100px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 8px;border-bottom:2px solid #e3e3e0;
 padding-bottom:4px}
.meta,.note{color:#4a4a4a}.note{font-size:14px;margin:6px 0 10px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin:20px 0}
.card{border:1px solid #d9d9d6;border-radius:8px;padding:12px 14px}
.card b{display:block;font-size:26px;line-height:1.2}.card span{color:#4a4a4a;font-size:14px}
.card.bad b{color:#a33f00}
table{border-collapse:collapse;width:100%;margin:10px 0 4px;font-size:14px}
th,td{border-bottom:1px solid #e3e3e0;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f0f0ec;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.scroll{max-height:520px;overflow:auto;border:1px solid #e3e3e0}
.scroll th{position:sticky;top:0}
svg{display:block;max-width:100%;height:auto;margin:8px 0}
svg text{font-family:inherit;fill:#1b1b1b}
.fail{color:#a33f00;font-weight:600}.ok{color:#00603d;font-weight:600}
ul.findings{margin:4px 0;padding-left:18px}ul.findings li{margin:2px 0}
.hint{color:#4a4a4a;font-size:13px}
footer{margin-top:40px;font-size:14px;color:#333}
"""

HATCH = (f'<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
         f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{VERMILLION}"/>'
         f'<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>')


def _svg(width: int, height: int, title: str, desc: str, body: str, key: str) -> str:
    return (f'<svg viewBox="0 0 {width} {height}" width="{width}" role="img" '
            f'aria-labelledby="{key}-t {key}-d"><title id="{key}-t">{escape(title)}</title>'
            f'<desc id="{key}-d">{escape(desc)}</desc>{HATCH}{body}</svg>')


def _short(text: str, n: int = 34) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _nice_axis(peak: int) -> tuple[int, int]:
    """(step, ticks): a step of 1, 2 or 5 times a power of ten, 4 or 5 ticks, the lowest top >= peak."""
    options = []
    for ticks in (4, 5):
        scale = 1
        while not any(ticks * m * scale >= peak for m in (1, 2, 5)):
            scale *= 10
        step = next(m * scale for m in (1, 2, 5) if ticks * m * scale >= peak)
        options.append((ticks * step, ticks, step))
    _, ticks, step = min(options)
    return step, ticks


def hbar_chart(rows, key: str, title: str, desc: str, max_value: float, mark: float | None = None,
               mark_label: str = "", label_width: int = 300) -> str:
    """Horizontal bars: rows of (label, value, text shown after the bar, below_mark)."""
    bar_h, gap, top, width = 22, 8, 28 if mark is not None else 8, 1000
    span = width - label_width - 240
    height = top + len(rows) * (bar_h + gap) + 8
    out = []
    for i, (label, value, text, low) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = max(1.0, span * value / max_value) if max_value else 1.0
        fill = "url(#hatch)" if low else BLUE
        tx = label_width + (span if mark is not None else w) + 8  # clear of the mark line
        out.append(f'<text x="{label_width - 10}" y="{y + 16}" text-anchor="end" font-size="14">'
                   f'{escape(_short(label))}</text>'
                   f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{fill}" rx="2"/>'
                   f'<text x="{tx:.1f}" y="{y + 16}" font-size="13">{escape(text)}</text>')
    if mark is not None and max_value:
        x = label_width + span * mark / max_value
        out.append(f'<line x1="{x:.1f}" y1="18" x2="{x:.1f}" y2="{height - 4}" stroke="{INK}" '
                   f'stroke-dasharray="5 4" stroke-width="1.5"/><text x="{x:.1f}" y="13" text-anchor="middle" '
                   f'font-size="12">{escape(mark_label)}</text>')
    return _svg(width, height, title, desc, "".join(out), key)


def histogram_chart(bins, pass_score: float, key: str) -> str:
    """Score distribution: one column per bin, columns below the pass mark hatched."""
    width, height, left, bottom, top = 1000, 300, 56, 44, 20
    plot_w, plot_h = width - left - 20, height - top - bottom
    step, ticks = _nice_axis(max((n for _, _, n in bins), default=0))
    peak = ticks * step
    col = plot_w / len(bins)
    out = []
    for k in range(ticks + 1):
        y = top + plot_h * (1 - k / ticks)
        out.append(f'<line x1="{left}" x2="{width - 20}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d9d9d6"/>'
                   f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12">{k * step}</text>')
    for i, (lo, hi, n) in enumerate(bins):
        h = plot_h * n / peak
        x = left + i * col
        fill = "url(#hatch)" if hi <= pass_score else BLUE
        out.append(f'<rect x="{x + 4:.1f}" y="{top + plot_h - h:.1f}" width="{col - 8:.1f}" height="{h:.1f}" '
                   f'fill="{fill}"/><text x="{x + col / 2:.1f}" y="{top + plot_h - h - 5:.1f}" '
                   f'text-anchor="middle" font-size="12">{n if n else ""}</text>'
                   f'<text x="{x + col / 2:.1f}" y="{height - bottom + 18}" text-anchor="middle" '
                   f'font-size="12">{lo}–{hi}</text>')
    x = left + plot_w * pass_score / 100
    out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 6}" y2="{top + plot_h}" stroke="{INK}" '
               f'stroke-dasharray="5 4" stroke-width="1.5"/><text x="{x - 6:.1f}" y="{top + 6}" '
               f'text-anchor="end" font-size="12">проходной балл {pass_score:g}</text>'
               f'<text x="{left + plot_w / 2}" y="{height - 6}" text-anchor="middle" font-size="13">баллы</text>')
    desc = "; ".join(f"{lo}–{hi}: {n}" for lo, hi, n in bins)
    return _svg(width, height, "Распределение баллов", f"Число разговоров по интервалам баллов: {desc}",
                "".join(out), key)


def _table(rows, numeric_from: int = 1, scroll: bool = False) -> str:
    head = "".join(f'<th{" class=n" if i >= numeric_from else ""}>{escape(str(c))}</th>'
                   for i, c in enumerate(rows[0]))
    body = "".join("<tr>" + "".join(f'<td{" class=n" if i >= numeric_from else ""}>{escape(str(c))}</td>'
                                    for i, c in enumerate(r)) + "</tr>" for r in rows[1:])
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="scroll">{table}</div>' if scroll else table


def _cards(r: QAReport) -> str:
    share = f"{100 * r.passed / r.calls:.1f}%" if r.calls else "—"
    items = [("Проверено разговоров", f"{r.calls:,}".replace(",", " "), False),
             ("Средний балл (медиана)", f"{r.mean:.1f} ({r.median:g})", False),
             (f"Прошли проверку ({r.passed} из {r.calls})", share, False),
             ("Не прошли из-за критичного нарушения", str(r.failed_fatal), r.failed_fatal > 0),
             ("Всего нарушений", str(r.findings), False),
             ("Записей с ошибками (не проверены)", str(r.errors), r.errors > 0)]
    return '<div class="cards">' + "".join(
        f'<div class="card{" bad" if bad else ""}"><b>{escape(v)}</b><span>{escape(k)}</span></div>'
        for k, v, bad in items) + "</div>"


def _worst(r: QAReport) -> str:
    if not r.worst:
        return '<p class="note">Разговоров с нарушениями нет.</p>'
    rows = []
    for w in r.worst:
        status = '<span class="ok">прошёл</span>' if w["passed"] else '<span class="fail">не прошёл</span>'
        items = "".join(f"<li>{escape(finding_text(v))}"
                        + (f'<br><span class="hint">Как лучше: {escape(v["suggestion"])}</span>'
                           if v.get("suggestion") else "") + "</li>" for v in w["violations"])
        failed = [CHECKLIST_RU.get(k, (k,))[0] for k, v in w["checklist"].items() if v is False]
        if failed:
            items += f"<li>Не выполнено по чек-листу: {escape(', '.join(failed))}</li>"
        rows.append(f"<tr><td>{escape(str(w['id']))}</td><td>{escape(w['operator_id'] or '—')}</td>"
                    f'<td class="n">{w["score"]:g}</td><td>{status}</td>'
                    f'<td><ul class="findings">{items}</ul></td></tr>')
    return ("<table><thead><tr><th>Разговор</th><th>Оператор</th><th class=n>Балл</th><th>Итог</th>"
            f"<th>Нарушения</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _operators(r: QAReport, table) -> str:
    if not r.has_operators():
        return ('<p class="note">В записях нет поля <code>operator_id</code>, поэтому сравнить операторов '
                "нельзя. Добавьте его в расшифровки, чтобы получить этот раздел.</p>")
    ops = sorted(r.operators.items(), key=lambda kv: (kv[1].mean, kv[0]))
    shown = ops[:MAX_CHART_OPERATORS]
    rows = [(name, s.mean, f"{s.mean:.1f} · {s.calls} разг. · прошли {100 * s.passed / s.calls:.0f}%",
             s.mean < r.pass_score) for name, s in shown]
    note = (f'<p class="note">На графике {len(shown)} операторов с самым низким средним баллом из {len(ops)}; '
            "полный список — в таблице ниже и в operators.csv.</p>" if len(ops) > len(shown) else "")
    chart = hbar_chart(rows, "ops", "Средний балл по операторам",
                       "Средний балл каждого оператора, от низшего к высшему; штриховка — ниже проходного балла",
                       100, r.pass_score, f"проходной балл {r.pass_score:g}", label_width=240)
    return (f'<p class="note">Средний балл оператора; заштрихованы операторы ниже проходного балла '
            f"{r.pass_score:g}.</p>{chart}{note}{_table([row[:8] for row in table], 1, True)}")


def render(r: QAReport, tables: dict, source: str = "", generated: str = "") -> str:
    """The whole page."""
    cats = sorted(((c, f, n) for c, (f, n, _) in r.categories.items()), key=lambda t: (-t[2], t[0]))
    cat_rows = [(CATEGORY_RU.get(c, c), n, f"{n} разг. ({100 * n / r.calls:.1f}%) · {f} нар." if r.calls else "0",
                 False) for c, f, n in cats]
    cat_chart = hbar_chart(cat_rows, "cats", "Нарушения по категориям",
                           "Число разговоров, где встретилась категория нарушения",
                           max((n for _, _, n in cats), default=0))
    chk_rows = []
    for c, (y, n, na, _) in r.checklist.items():
        share = 100 * y / (y + n) if y + n else 0
        chk_rows.append((CHECKLIST_RU.get(c, (c,))[0], share,
                         f"{share:.0f}% ({y} из {y + n})" if y + n else "неприменимо", False))
    chk_chart = hbar_chart(chk_rows, "chk", "Выполнение пунктов чек-листа",
                           "Доля разговоров, где пункт выполнен, среди тех, где он применим", 100)
    sc = escape(source)
    fatal = ", ".join(CATEGORY_RU.get(c, c).lower() for c in r.fatal)
    fatal = f" Критичные нарушения ({escape(fatal)}) означают провал при любом балле." if fatal else ""
    return f"""<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Отчёт о проверке разговоров{' — ' + sc if sc else ''}</title><style>{CSS}</style></head>
<body><main>
<h1>Отчёт о проверке разговоров операторов</h1>
<p class="meta">{f'Источник: {sc} · ' if sc else ''}сформирован {escape(generated)}</p>
{_cards(r)}
<section id="categories"><h2>Нарушения по категориям</h2>
<p class="note">Сколько разговоров содержат хотя бы одно нарушение категории; в скобках — доля от всех
проверенных разговоров, «нар.» — число найденных нарушений.</p>
{cat_chart}{_table([row[1:] for row in tables["categories"]], 2)}</section>
<section id="scores"><h2>Распределение баллов</h2>
<p class="note">Столбцы левее пунктирной линии (заштрихованы) — разговоры ниже проходного балла.</p>
{histogram_chart(r.histogram(), r.pass_score, "hist")}</section>
<section id="checklist"><h2>Чек-лист разговора</h2>
<p class="note">Доля разговоров, где пункт выполнен; разговоры, где пункт неприменим (например, не было
ожидания), не учитываются.</p>
{chk_chart}{_table([row[1:] for row in tables["checklist"]], 2)}</section>
<section id="operators"><h2>Сравнение операторов</h2>{_operators(r, tables["operators"])}</section>
<section id="worst"><h2>Худшие разговоры</h2>
<p class="note">{len(r.worst)} разговоров с самым низким баллом и их нарушения: категория, пункт регламента,
номер реплики в разговоре и цитата.</p>{_worst(r)}</section>
<footer><h2>Как читать отчёт</h2>
<p>Балл разговора начинается со 100 и уменьшается за каждое нарушение (по его серьёзности) и за каждый
невыполненный пункт чек-листа. Разговор проходит проверку при балле не ниже {r.pass_score:g}.{fatal}</p>
<p>Те же данные в таблицах: summary.csv, categories.csv, checklist.csv, operators.csv, scores.csv, worst.csv
(открываются в Excel). Записи, которые не удалось проверить, перечислены в файле ошибок рядом с результатом.</p>
</footer></main></body></html>
"""
