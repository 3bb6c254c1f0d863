"""The QA reviewer web page (``/``) and the batch reports (``/reports/``): a blueprint over the JSON API.

The page is plain HTML/CSS/JS in ``nlp/static`` (no build step, no CDN); it calls
``/v1/transcripts/score``, ``/v1/appeals/classify`` and ``/v1/rules`` with fetch, so
this module only serves files and the Russian names the interface shows.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, render_template, send_file, url_for
from werkzeug.security import safe_join

from .labels import LABELS_RU
from .report import CATEGORY_RU, CHECKLIST_RU  # the same Russian names as the batch report
from .service import env_default

SEVERITY_RU = {"minor": "незначительное", "major": "существенное", "critical": "критическое"}

PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
# a report is our own self-contained HTML, but it quotes transcripts: it runs sandboxed, without network
REPORT_CSP = ("sandbox allow-scripts allow-popups allow-downloads; default-src 'none'; "
              "img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
              "font-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")

REPORT_PAGES = ("report.html", "index.html")  # what score-batch --report writes; or a page of one's own

bp = Blueprint("web", __name__, static_folder="static", static_url_path="/web/static",
               template_folder="templates")


def init_app(app) -> None:
    """Register the page; REPORTS_DIR comes from the config, else GERP_NLP_REPORTS_DIR, else none."""
    app.config.setdefault("REPORTS_DIR", env_default("GERP_NLP_REPORTS_DIR", None))
    app.register_blueprint(bp)


@bp.after_request
def _headers(response):
    response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


@bp.get("/")
def index():
    cfg = current_app.config
    ui = {"labels": LABELS_RU, "categories": CATEGORY_RU, "severity": SEVERITY_RU,
          "checklist": {k: name for k, (name, _) in CHECKLIST_RU.items()},
          "checklist_clauses": {k: clause for k, (_, clause) in CHECKLIST_RU.items()},
          "limits": {"max_body_bytes": cfg["MAX_CONTENT_LENGTH"], "max_text_chars": cfg["MAX_TEXT_CHARS"],
                     "max_turns": cfg["MAX_TURNS"]}}
    return render_template("web.html", ui=ui)


def _reports_root() -> Path | None:
    configured = current_app.config.get("REPORTS_DIR")
    return Path(configured).resolve() if configured else None


def _page_in(folder: Path) -> Path | None:
    return next((folder / name for name in REPORT_PAGES if (folder / name).is_file()), None)


def find_reports(root: Path) -> list[dict]:
    """The reports in root and in its subdirectories (page, CSV files), newest first."""
    folders = [root, *sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))]
    out = []
    for folder in folders:
        page = _page_in(folder)
        if page is None or not page.resolve().is_relative_to(root):
            continue
        prefix = "" if folder == root else f"{folder.name}/"
        mtime = page.stat().st_mtime
        out.append({"page": prefix + page.name, "name": folder.name, "mtime": mtime,
                    "modified": datetime.fromtimestamp(mtime).strftime("%d.%m.%Y %H:%M"),
                    "files": [prefix + f.name for f in sorted(folder.glob("*.csv"))]})
    return sorted(out, key=lambda r: -r["mtime"])


@bp.get("/reports/")
def reports():
    root = _reports_root()
    found = find_reports(root) if root and root.is_dir() else []
    return render_template("reports.html", configured=root is not None, exists=bool(root and root.is_dir()),
                           reports=found)


@bp.get("/reports/<path:name>")
def report_file(name: str):
    """A file of a report, read-only; only regular files inside REPORTS_DIR, never hidden ones."""
    root = _reports_root()
    joined = safe_join(str(root), name) if root else None
    if joined is None or any(part.startswith(".") for part in Path(name).parts):
        abort(404)
    path = Path(joined).resolve()
    if not path.is_relative_to(root):  # a symlink leading out
        abort(404)
    if path.is_dir() and (page := _page_in(path)):  # the report's page at its own URL, for its relative links
        return redirect(url_for("web.report_file", name=page.relative_to(root).as_posix()))
    if not path.is_file():
        abort(404)
    response = send_file(path, conditional=True, max_age=0)
    response.headers["Content-Security-Policy"] = REPORT_CSP
    return response
