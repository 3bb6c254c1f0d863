"""The QA page in a real browser: Debian's Chromium, headless, against the real app on a loopback port.

Set GERP_NLP_SCREENSHOT_DIR=docs/screenshots to keep copies of the screenshots (they always go to
the test's tmp dir).
"""
from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium "
                                                     "(bash scripts/run.sh test installs it with apt-get)"),
]
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# an emoji before the findings: offsets count code points, as Python does; the tags must stay text
TRANSCRIPT = """Оператор: Компания «Домсервис», здравствуйте! Меня зовут Анна. Чем могу помочь?
Клиент: Здравствуйте. <img src=x onerror="document.title='взломано'"> <b>Кран</b> течёт.
Оператор: 🙂 Ну короче, мастер щас занят, я не знаю, когда он освободится.
Клиент: Меня зовут Ольга.
Оператор: Ольга, у нас вечно путаница с графиком. Тикет создан.
продолжение реплики оператора
Клиент: Спасибо.
Оператор: Пока."""

HOLD_CALL = {"id": "call-7", "channel": "call", "operator_id": "op-12", "expected": {"note": "gold fields are dropped"},
             "turns": [
                 {"speaker": "operator", "text": "Компания «Домсервис», здравствуйте! Меня зовут Анна.",
                  "start": 0.0, "end": 3.5},
                 {"speaker": "client", "text": "Здравствуйте, когда придёт мастер?", "start": 4.0, "end": 6.0},
                 {"speaker": "оператор", "text": "Подождите, пожалуйста, я уточню.", "start": 6.5, "end": 8.0},
                 {"speaker": "operator", "text": "Спасибо за ожидание! Мастер придёт завтра.", "start": 75.0,
                  "end": 79.0},
                 {"speaker": "client", "text": "Спасибо.", "start": 79.5, "end": 80.0},
                 {"speaker": "operator", "text": "Всего доброго, до свидания!", "start": 80.5, "end": 82.0}]}

APPEAL = "Мастер так и не пришёл, жду с утра, верните деньги за вызов"

PARSER_CASES = [
    "Оператор: Добрый день\nКлиент: Здравствуйте",
    "О: раз\r\nК: два\r\nдва с половиной\rО: три",
    "  оператор :  с пробелами\n\n\nКЛИЕНТ：полноширинное двоеточие",
    "Operator: hi\nclient: hello\ncustomer: not a prefix here",
    "Оператор:без пробела\u2028К: строка через U+2028\x85О: через NEL\x1cК: через FS",
    "\xa0Оператор: неразрывный пробел впереди\n\u3000К: идеографический пробел",
    "О: первая\n   \n\t\nпродолжение после пустых строк",
    "Менеджер: нет префикса",
    "\n\n",
    "Оператор:",
]



def _percent(text: str) -> float:
    return float(text.replace("%", "").replace(",", ".").strip()) / 100


@pytest.fixture(scope="module")
def reports_dir(tmp_path_factory) -> Path:
    """A real report: `gerp-nlp score-batch --report` over three transcripts."""
    from nlp.cli import main

    root, work = tmp_path_factory.mktemp("reports"), tmp_path_factory.mktemp("batch")
    calls = work / "calls.jsonl"
    other = {"id": "chat-3", "operator_id": "op-7", "text": TRANSCRIPT}
    calls.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in (HOLD_CALL, other, HOLD_CALL)),
                     encoding="utf-8")
    assert main(["score-batch", str(calls), "--out", str(work / "scores.jsonl"),
                 "--report", str(root / "2024-06")]) == 0
    return root


@pytest.fixture(scope="module")
def server(model_path, reports_dir):
    from werkzeug.serving import make_server

    from api import create_app

    app = create_app({"MODELS_DIR": str(model_path.parent), "MODEL_FILE": model_path.name,
                      "REPORTS_DIR": str(reports_dir)})
    srv = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    thread.join(10)


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    with playwright_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
            headless=True, viewport={"width": 1366, "height": 768}, locale="ru-RU")
        yield context
        context.close()


@pytest.fixture()
def page(browser_context, server):
    """A fresh tab on the page; fails the test on a script error or any request off the server."""
    page = browser_context.new_page()
    page.set_default_timeout(20_000)
    problems, requests = [], []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("console", lambda m: m.type == "error" and "status of 422" not in m.text
            and problems.append(f"console: {m.text}"))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='true']")
    yield page
    page.close()
    assert not problems, problems
    outside = [u for u in requests if not u.startswith(server + "/") and not u.startswith("data:")]
    assert not outside, f"the page asked the network beyond the server: {outside}"


def _keep(path: Path) -> None:
    target = os.environ.get("GERP_NLP_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)


def _score_from_page(page, action):
    with page.expect_response(lambda r: r.url.endswith("/v1/transcripts/score")) as answer:
        action()
    response = answer.value
    assert response.status == 200, response.text()
    return response.json()


def _highlights(page) -> dict[int, str]:
    """finding number -> the text of the highlight segments that carry it, in page order."""
    marks = page.eval_on_selector_all(
        "#dialogue mark.hl", "els => els.map(e => [e.dataset.findings, e.textContent])")
    out: dict[int, str] = {}
    for keys, text in marks:
        for k in keys.split():
            out[int(k)] = out.get(int(k), "") + text
    return out


def test_parser_on_the_page_matches_the_library(page):
    from nlp.transcript import TranscriptError, parse_text

    got = page.evaluate("""async (cases) => {
        const m = await import('/web/static/transcript.js');
        return cases.map((c) => { try { return m.parseText(c); } catch (e) { return null; } });
    }""", PARSER_CASES)
    for case, turns in zip(PARSER_CASES, got):
        try:
            expected = parse_text(case) or None  # no turns at all is an error in both
        except TranscriptError:
            expected = None
        assert turns == expected, case


def test_review_transcript_highlights_checklist_filter(page, rulebook, tmp_path):
    from nlp.scoring import score

    expected = score(TRANSCRIPT, rulebook).to_dict()
    inline = [v for v in expected["violations"] if v["end"] > v["start"]]
    assert len({v["category"] for v in inline}) >= 4, "the transcript should exercise several categories"

    page.fill("#transcript", TRANSCRIPT)
    result = _score_from_page(page, lambda: page.click("#score-btn"))
    assert result == expected

    # the dialogue: one bubble per turn, speakers, tags shown as text, no element injected
    turns = page.locator("#dialogue li.turn")
    expect(turns).to_have_count(7)
    assert page.locator("#dialogue li.turn.operator").count() == 4
    assert page.locator("#dialogue img, #dialogue b").count() == 0
    expect(turns.nth(1)).to_contain_text("<img src=x onerror=")
    expect(turns.nth(4)).to_contain_text("Тикет создан.\nпродолжение реплики оператора")
    assert page.title() != "взломано"

    # every finding is highlighted on its turn at exactly its characters
    marks = _highlights(page)
    assert sorted(marks) == [k for k, v in enumerate(expected["violations"]) if v["end"] > v["start"]]
    for k, text in marks.items():
        v = expected["violations"][k]
        assert text == v["text"], v
        assert page.locator(f"#turn-{v['turn']} mark[data-findings~='{k}']").count() >= 1
        assert page.locator(f"#turn-{v['turn']} mark[data-findings~='{k}']").first.get_attribute(
            "data-cat") in {x["category"] for x in expected["violations"] if x["turn"] == v["turn"]}

    # score, verdict and checklist
    expect(page.locator("#score-value")).to_have_text(f"{expected['score']:g}".replace(".", ","))
    expect(page.locator("#verdict")).to_have_text("✔ Зачтено" if expected["passed"] else "✖ Не зачтено")
    states = {True: "yes", False: "no", None: "na"}
    items = page.locator("#checklist li")
    expect(items).to_have_count(len(expected["checklist"]))
    for key, value in expected["checklist"].items():
        item = page.locator(f"#checklist li[data-check='{key}']")
        assert item.get_attribute("class") == f"check {states[value]}", key
    expect(page.locator("#findings li")).to_have_count(len(expected["violations"]))

    # the tooltip names the rule, the clause and the suggested wording
    first = inline[0]
    page.hover("#dialogue mark.hl >> nth=0")
    tip = page.locator("#tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(f"п. {first['clause']}")
    expect(tip).to_contain_text(first["rule"])
    if first["suggestion"]:
        expect(tip).to_contain_text(first["suggestion"])

    # the category filter shows one category at a time
    cat = max({v["category"] for v in inline}, key=lambda c: sum(v["category"] == c for v in inline))
    wanted = {k for k, v in enumerate(expected["violations"]) if v["category"] == cat}
    page.click(f"#filter-options .chip[data-cat='{cat}']")
    expect(page.locator("#findings li")).to_have_count(len(wanted))
    assert set(_highlights(page)) == wanted
    assert set(page.eval_on_selector_all("#dialogue mark.hl", "els => els.map(e => e.dataset.cat)")) == {cat}
    page.check("#only-findings")
    expect(turns).to_have_count(len({expected["violations"][k]["turn"] for k in wanted}))
    page.uncheck("#only-findings")
    page.click("#filter-options .chip[data-cat='all']")
    assert sorted(_highlights(page)) == sorted(marks)

    # a finding in the list leads to its highlight
    last = len(expected["violations"]) - 1
    page.click(f"#findings li >> nth={last} >> button")
    assert last in [int(k) for k in page.evaluate("document.activeElement.dataset.findings").split()]

    # the shipped example, with a tooltip open, is the screenshot
    example = _score_from_page(page, lambda: page.click("#example-btn"))
    expect(page.locator("#score-value")).to_have_text(f"{example['score']:g}".replace(".", ","))
    page.hover("#dialogue mark.hl >> nth=2")
    expect(tip).to_be_visible()
    page.screenshot(path=str(tmp_path / "review.png"))
    _keep(tmp_path / "review.png")


def test_upload_json_file_with_timings_and_a_hold(page, rulebook, tmp_path):
    from nlp.scoring import score

    other = {"id": "chat-2", "text": "Оператор: Здравствуйте!\nКлиент: Привет"}
    path = tmp_path / "calls.json"
    path.write_text(json.dumps([HOLD_CALL, other], ensure_ascii=False), encoding="utf-8")
    sent = {k: v for k, v in HOLD_CALL.items() if k != "expected"}
    result = _score_from_page(page, lambda: page.set_input_files("#file", str(path)))
    assert result == score(sent, rulebook).to_dict()
    hold = [v for v in result["violations"] if v["category"] == "hold_time"]
    assert hold, "the call keeps the client on hold for over 40 s"
    expect(page.locator("#file-pick option")).to_have_count(2)
    expect(page.locator("#dialogue li.turn").first).to_contain_text("0:00–0:04")
    note = page.locator(f"#turn-{hold[0]['turn']} .turn-note[data-cat='hold_time']")
    expect(note).to_contain_text("7.2.4")
    expect(page.locator("#checklist li[data-check='hold_etiquette']")).to_have_class("check no")

    result = _score_from_page(page, lambda: page.select_option("#file-pick", "1"))
    assert result["id"] == "chat-2"
    expect(page.locator("#dialogue li.turn")).to_have_count(2)

    # a text file goes to the text box; a broken transcript is answered in Russian, not scored
    txt = tmp_path / "call.txt"
    txt.write_text("Менеджер: без префикса", encoding="utf-8")
    page.set_input_files("#file", str(txt))
    expect(page.locator("#review-error")).to_contain_text("Строка 1")
    expect(page.locator("#transcript")).to_have_value("Менеджер: без префикса")
    expect(page.locator("#file-info")).to_be_hidden()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"turns": [{"speaker": "manager", "text": "добрый день"}]}), encoding="utf-8")
    page.set_input_files("#file", str(bad))
    expect(page.locator("#review-error")).to_contain_text("реплика 1")


def test_classify_appeal(page, classifier, tmp_path):
    expected = classifier.predict([APPEAL], explain=True)[0].to_dict()
    page.click("#tab-appeal")
    expect(page.locator("#panel-review")).to_be_hidden()
    page.fill("#appeal", APPEAL)
    with page.expect_response(lambda r: r.url.endswith("/v1/appeals/classify")) as answer:
        page.click("#classify-btn")
    assert answer.value.json() == {"id": None, **{k: v for k, v in expected.items() if k != "id"}}

    expect(page.locator("#appeal-label")).to_have_text(expected["label_ru"])
    assert _percent(page.text_content("#appeal-confidence").split()[-2]) == pytest.approx(
        expected["confidence"], abs=0.0006)
    expect(page.locator("#appeal-review")).to_contain_text(
        "Нужна проверка человеком" if expected["needs_review"] else "Можно проставить автоматически")
    bars = page.locator("#appeal-bars li")
    expect(bars).to_have_count(4)
    ranked = sorted(expected["scores"].items(), key=lambda kv: -kv[1])
    for i, (label, value) in enumerate(ranked):
        assert bars.nth(i).get_attribute("data-label") == label
        assert _percent(bars.nth(i).locator(".bar-value").text_content()) == pytest.approx(value, abs=0.0006)
    assert "chosen" in bars.first.get_attribute("class")
    words = page.locator("#appeal-words li .word-text").all_text_contents()
    # character n-grams show their spaces as ␣; lemma pairs keep theirs
    assert words == [f"«{e['feature'].replace(' ', '␣') if e['kind'] == 'chars' else e['feature']}»"
                     for e in expected["explanation"]]
    page.screenshot(path=str(tmp_path / "appeal.png"))
    _keep(tmp_path / "appeal.png")


def test_batch_report_page(page, reports_dir):
    page.click("text=Отчёты по пакетам")
    link = page.locator("a", has_text="2024-06")
    page_name = next(n for n in ("report.html", "index.html") if (reports_dir / "2024-06" / n).exists())
    expect(link).to_have_attribute("href", f"/reports/2024-06/{page_name}")
    link.click()
    expect(page.locator("h1")).to_contain_text("Отчёт")
    # the self-contained report renders under its sandboxed policy (a blocked inline style or script
    # would be a console error, which the page fixture fails on) with its charts
    assert page.locator("svg").count() >= 1
