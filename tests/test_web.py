"""The web page's server side (nlp/web.py): page, assets, Russian names, batch reports; no browser here."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from api import create_app
from nlp.labels import LABELS_RU
from nlp.rulebook import CATEGORIES, CHECKLIST
from nlp.web import PAGE_CSP, REPORT_CSP, SEVERITY_RU

STATIC = Path(__file__).resolve().parent.parent / "nlp" / "static"


def make_client(**config):
    # the page needs no model: the browser calls the JSON API for that (tests/test_web_e2e.py)
    return create_app({"TESTING": True, "LOAD_ON_START": False, **config}).test_client()


@pytest.fixture()
def client():
    return make_client()


def ui_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="ui-data">(.*?)</script>', html, re.S)
    assert m, "the page carries its Russian names and limits as a JSON block"
    return json.loads(m.group(1))


def test_page_is_russian_with_its_names_and_limits():
    r = make_client(MAX_TEXT_CHARS=1234, MAX_CONTENT_LENGTH=4096, MAX_TURNS=77).get("/")
    assert r.status_code == 200 and r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert '<html lang="ru">' in html and "Разбор разговора" in html and "Тип обращения" in html
    ui = ui_data(html)
    assert ui["limits"] == {"max_body_bytes": 4096, "max_text_chars": 1234, "max_turns": 77}
    assert ui["labels"] == LABELS_RU
    assert ui["severity"] == SEVERITY_RU


def test_every_category_and_checklist_item_has_a_russian_name(client):
    ui = ui_data(client.get("/").get_data(as_text=True))
    assert set(ui["categories"]) == set(CATEGORIES)
    assert set(ui["checklist"]) == set(ui["checklist_clauses"]) == set(CHECKLIST)
    for name in [*ui["categories"].values(), *ui["checklist"].values(), *SEVERITY_RU.values()]:
        assert re.search("[а-яё]", name, re.I), name


def test_every_category_has_a_colour_pattern_and_icon():
    css = (STATIC / "app.css").read_text(encoding="utf-8")
    looks = set()
    for cat in CATEGORIES:
        m = re.search(rf'\[data-cat="{cat}"\] \{{ --c: (#[0-9a-f]+); --bg: #[0-9a-f]+; --u: (\w+); --icon: "(.)"; \}}', css)
        assert m, f"no colour/underline/icon for category {cat} in app.css"
        looks.add(m.groups())
    assert len({c for c, _, _ in looks}) == len(CATEGORIES), "two categories share a colour"
    assert len({i for _, _, i in looks}) == len(CATEGORIES), "two categories share an icon"


def test_page_and_assets_are_local_and_guarded(client):
    r = client.get("/")
    assert r.headers["Content-Security-Policy"] == PAGE_CSP
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    html = r.get_data(as_text=True)
    refs = re.findall(r'(?:src|href|data-src)="([^"]+)"', html)
    assert refs and not [u for u in refs if re.match(r"(https?:)?//", u)], "no CDN or external asset"
    # every module the page imports, followed from main.js, is served with a JavaScript type
    seen, todo = set(), ["/web/static/main.js"]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert asset.mimetype == "text/javascript"
        todo += [f"/web/static/{name}" for name in re.findall(r'from "\./([\w-]+\.js)"', asset.get_data(as_text=True))]
    assert len(seen) >= 5
    for url in ("/web/static/app.css", "/web/static/example.txt"):
        assert client.get(url).status_code == 200, url


def test_scripts_never_write_html():
    for path in STATIC.glob("*.js"):
        code = path.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in code, f"{path.name} uses {sink}: build nodes with dom.h() instead"
        assert not re.search(r"https?://", code), f"{path.name} refers to an external address"


def test_example_transcript_parses_and_has_findings(rulebook):
    from nlp.scoring import score

    result = score((STATIC / "example.txt").read_text(encoding="utf-8"), rulebook)
    assert len({f.category for f in result.violations}) >= 4


# --- batch reports --------------------------------------------------------------------------

def write_report(root: Path, name: str | None, title: str, page: str = "report.html") -> Path:
    folder = root / name if name else root
    folder.mkdir(parents=True, exist_ok=True)
    (folder / page).write_text(f"<!doctype html><title>{title}</title><h1>{title}</h1>", encoding="utf-8")
    (folder / "summary.csv").write_text("category,count\nslang,3\n", encoding="utf-8")
    return folder


def test_reports_page_says_how_to_make_one_when_none_is_configured(client):
    r = client.get("/reports/")
    assert r.status_code == 200
    text = r.get_data(as_text=True)
    assert "не подключён" in text
    assert "score-batch" in text and "--report" in text and "GERP_NLP_REPORTS_DIR" in text
    assert client.get("/reports/index.html").status_code == 404


def test_reports_dir_that_does_not_exist(tmp_path):
    text = make_client(REPORTS_DIR=str(tmp_path / "nope")).get("/reports/").get_data(as_text=True)
    assert "не существует" in text and "score-batch" in text


def test_empty_reports_dir(tmp_path):
    text = make_client(REPORTS_DIR=str(tmp_path)).get("/reports/").get_data(as_text=True)
    assert "нет ни одного отчёта" in text and "score-batch" in text


def test_reports_are_listed_and_served_read_only(tmp_path):
    write_report(tmp_path, None, "Общий")
    write_report(tmp_path, "2024-05", "Май")
    write_report(tmp_path, "hand-made", "Свой", page="index.html")
    write_report(tmp_path, ".partial", "Недописанный")
    (tmp_path / "no-page").mkdir()
    c = make_client(REPORTS_DIR=str(tmp_path))
    listing = c.get("/reports/").get_data(as_text=True)
    for href in ("/reports/report.html", "/reports/2024-05/report.html", "/reports/hand-made/index.html",
                 "/reports/2024-05/summary.csv"):
        assert f'href="{href}"' in listing
    assert ".partial" not in listing and "no-page" not in listing
    r = c.get("/reports/2024-05/report.html")
    assert r.status_code == 200 and "<h1>Май</h1>" in r.get_data(as_text=True)
    assert r.headers["Content-Security-Policy"] == REPORT_CSP
    assert r.headers["Content-Security-Policy"].startswith("sandbox")
    assert c.get("/reports/2024-05/summary.csv").get_data(as_text=True).startswith("category,count")
    for folder, page in (("2024-05", "report.html"), ("hand-made", "index.html")):
        d = c.get(f"/reports/{folder}")
        assert d.status_code == 302 and d.headers["Location"].endswith(f"/reports/{folder}/{page}")
    assert c.get("/reports/no-page").status_code == 404
    for method in (c.post, c.put, c.delete):
        assert method("/reports/2024-05/report.html").status_code == 405


@pytest.mark.parametrize("name", [
    "../secret.txt", "..%2fsecret.txt", "2024-05/../../secret.txt", "%2e%2e/secret.txt", "/etc/hostname",
    ".partial/report.html", "2024-05/.hidden", "missing.html", "link-out.txt", "2024-05/link-dir/secret.txt",
    "link-dir-out", "link-dir-out/report.html",
])
def test_nothing_outside_the_reports_dir_is_served(tmp_path, name):
    root = tmp_path / "reports"
    write_report(root, "2024-05", "Май")
    write_report(root, ".partial", "Недописанный")
    (root / "2024-05" / ".hidden").write_text("x")
    (tmp_path / "secret.txt").write_text("секрет")
    (root / "link-out.txt").symlink_to(tmp_path / "secret.txt")
    (root / "2024-05" / "link-dir").symlink_to(tmp_path, target_is_directory=True)
    write_report(tmp_path, "elsewhere", "секрет")
    (root / "link-dir-out").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    c = make_client(REPORTS_DIR=str(root))
    r = c.get(f"/reports/{name}", follow_redirects=True)
    assert r.status_code == 404
    assert "секрет" not in r.get_data(as_text=True)
    assert "link-dir-out" not in c.get("/reports/").get_data(as_text=True)


def test_reports_dir_precedence(tmp_path, monkeypatch):
    write_report(tmp_path / "env", "from-env", "env")
    write_report(tmp_path / "cfg", "from-config", "cfg")
    monkeypatch.setenv("GERP_NLP_REPORTS_DIR", str(tmp_path / "env"))
    assert "from-env" in make_client().get("/reports/").get_data(as_text=True)
    listing = make_client(REPORTS_DIR=str(tmp_path / "cfg")).get("/reports/").get_data(as_text=True)
    assert "from-config" in listing and "from-env" not in listing
