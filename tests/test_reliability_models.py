"""Broken model files and rulebooks are refused with a clear message: at start-up (the app factory,
and gunicorn, which exits with one line) and on reload (where the old ones keep serving)."""
from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import joblib
import pytest

from api import create_app
from nlp.model_io import ModelError, card_path, save_model, sha256_file
from nlp.rulebook import DEFAULT_RULES, RulebookError
from nlp.service import ServiceState
from tests.conftest import ROOT, copy_model
from tests.reliability_support import gunicorn, request

TOKEN = "reload-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _edit_card(d: Path, **changes) -> None:
    card = json.loads(card_path(d / "appeals.joblib").read_text())
    for key, value in changes.items():
        if key == "versions":
            card["versions"].update(value)
        else:
            card[key] = value
    card_path(d / "appeals.joblib").write_text(json.dumps(card))


def _rules_text() -> str:
    return DEFAULT_RULES.read_text(encoding="utf-8")


def _rules_copy(d: Path) -> Path:
    """A copy of the shipped rulebook with the files it names (learned rules' examples)."""
    d.mkdir(parents=True, exist_ok=True)
    for f in DEFAULT_RULES.parent.iterdir():
        if f.is_file() and f != DEFAULT_RULES:
            shutil.copy(f, d / f.name)
    path = d / "rules.yaml"
    path.write_text(_rules_text(), encoding="utf-8")
    return path


def _break_model(kind: str, d: Path) -> str:
    """Damage the model in ``d``; return a phrase the refusal must contain."""
    model = d / "appeals.joblib"
    if kind == "missing model":
        model.unlink()
        return "no model file"
    if kind == "missing card":
        card_path(model).unlink()
        return "has no card"
    if kind == "truncated model":
        model.write_bytes(model.read_bytes()[: model.stat().st_size // 2])
        return "does not match its card"
    if kind == "corrupt model":
        data = bytearray(model.read_bytes())
        data[len(data) // 2] ^= 0xFF
        model.write_bytes(bytes(data))
        return "does not match its card"
    if kind == "empty model":
        model.write_bytes(b"")
        return "does not match its card"
    if kind == "corrupt card":
        card_path(model).write_text("{not json")
        return "cannot read model card"
    if kind == "card without sha":
        _edit_card(d, model_sha256=None)
        return "has no model_sha256"
    if kind == "card with versions not an object":
        card = json.loads(card_path(model).read_text())
        card_path(model).write_text(json.dumps({**card, "versions": ["scikit-learn"]}))
        return "versions: expected an object"
    if kind == "wrong scikit-learn version":
        _edit_card(d, versions={"scikit-learn": "0.1.0"})
        return "trained with scikit-learn 0.1.0"
    if kind == "wrong numpy version":
        _edit_card(d, versions={"numpy": "1.0.0"})
        return "trained with numpy 1.0.0"
    if kind == "not a classifier":  # a well-formed file and card holding something else
        save_model({"weights": [1, 2, 3]}, {"name": "appeals"}, model)
        return "is not an appeal classifier"
    if kind == "matching card, bytes that do not unpickle":
        model.write_bytes(b"\x80\x04not a pickle at all")
        _edit_card(d, model_sha256=sha256_file(model))
        return "cannot load model"
    raise AssertionError(kind)


MODEL_DAMAGE = ["missing model", "missing card", "truncated model", "corrupt model", "empty model", "corrupt card",
                "card without sha", "card with versions not an object", "wrong scikit-learn version",
                "wrong numpy version", "not a classifier", "matching card, bytes that do not unpickle"]


def _break_rules(kind: str, path: Path) -> str:
    text = _rules_text()
    if kind == "YAML error":
        path.write_text(text.replace("rules:\n", "rules:\n  - id: [unclosed\n", 1), encoding="utf-8")
        return "YAML error"
    if kind == "unknown category":
        path.write_text(text.replace("category: jargon", "category: rudeness", 1), encoding="utf-8")
        return "category"
    if kind == "unknown version":
        path.write_text(text.replace("version: 1", "version: 2", 1), encoding="utf-8")
        return "version"
    if kind == "bad regular expression":
        path.write_text(text.replace('"~^говн"', '"~^говн("', 1), encoding="utf-8")
        return "bad regular expression"
    if kind == "not UTF-8":
        path.write_bytes(text.encode("cp1251", errors="replace"))
        return "not UTF-8"
    if kind == "missing":
        path.unlink(missing_ok=True)
        return "cannot read rulebook"
    if kind == "empty":
        path.write_text("", encoding="utf-8")
        return str(path)
    raise AssertionError(kind)


RULES_DAMAGE = ["YAML error", "unknown category", "unknown version", "bad regular expression", "not UTF-8",
                "missing", "empty"]


def _config(d: Path, rules: Path | str = DEFAULT_RULES, **extra) -> dict:
    return {"MODELS_DIR": str(d), "RULES_PATH": str(rules), "ADMIN_TOKEN": TOKEN, **extra}


# --- start-up: the app factory -----------------------------------------------------------

@pytest.mark.parametrize("kind", MODEL_DAMAGE)
def test_app_refuses_a_broken_model_at_start(model_path, tmp_path, kind):
    d = copy_model(model_path, tmp_path / "m")
    phrase = _break_model(kind, d)
    with pytest.raises(ModelError, match=phrase) as info:
        create_app(_config(d))
    assert "gerp-nlp train" in str(info.value)  # says how to fix it


@pytest.mark.parametrize("kind", RULES_DAMAGE)
def test_app_refuses_a_broken_rulebook_at_start(model_path, tmp_path, kind):
    d = copy_model(model_path, tmp_path / "m")
    rules = _rules_copy(tmp_path / "r")
    phrase = _break_rules(kind, rules)
    with pytest.raises(RulebookError, match=phrase):
        create_app(_config(d, rules))


# --- start-up: gunicorn exits with one line -----------------------------------------------

def _gunicorn_start(env: dict, timeout: float = 120):
    e = {k: v for k, v in os.environ.items() if not k.startswith("GERP_NLP_")}
    e.update({"GERP_NLP_WORKERS": "1", "GERP_NLP_BIND": "127.0.0.1:0", **env})
    proc = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py",
                             "api:create_app()"], cwd=ROOT, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
        pytest.fail(f"gunicorn did not refuse to start: {err[-2000:]}")
    return proc.returncode, out, err


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["missing model", "truncated model", "wrong scikit-learn version",
                                  "not a classifier", "matching card, bytes that do not unpickle",
                                  "YAML error", "unknown category"])
def test_gunicorn_refuses_to_start_with_one_line(model_path, tmp_path, kind):
    d = copy_model(model_path, tmp_path / "m")
    rules = _rules_copy(tmp_path / "r")
    phrase = _break_rules(kind, rules) if kind in RULES_DAMAGE else _break_model(kind, d)
    code, out, err = _gunicorn_start({"GERP_NLP_MODELS_DIR": str(d), "GERP_NLP_RULES": str(rules)})
    lines = [x for x in err.splitlines() if x.strip()]
    assert code != 0
    assert len(lines) == 1, err[-3000:]  # no traceback, no log noise
    assert lines[0].startswith("gerp-nlp: cannot start: ") and phrase in lines[0]


# --- reload: refused, the old model and rules keep serving ----------------------------------

@pytest.fixture()
def served(model_path, tmp_path):
    """A running app over a copy of the test model and rulebook; returns (client, models dir, rules path)."""
    d = copy_model(model_path, tmp_path / "m")
    rules = _rules_copy(tmp_path / "r")
    app = create_app(_config(d, rules))
    return app.test_client(), d, rules


def _serving(client) -> dict:
    r = client.post("/v1/appeals/classify", json={"text": "мастер не пришёл, жду с утра"})
    s = client.post("/v1/transcripts/score", json={"turns": [{"speaker": "operator", "text": "ну короче не знаю"}]})
    assert r.status_code == 200 and s.status_code == 200
    assert client.get("/readyz").status_code == 200
    card = client.get("/v1/model").get_json()
    return {"model": (card["model_sha256"], card.get("threshold")),
            "rules": len(client.get("/v1/rules").get_json()["rules"]),
            "findings": [v["rule"] for v in s.get_json()["violations"]]}


@pytest.mark.parametrize("kind", MODEL_DAMAGE)
def test_reload_refuses_a_broken_model_and_keeps_serving(served, kind):
    client, d, _ = served
    before = _serving(client)
    phrase = _break_model(kind, d)
    r = client.post("/v1/admin/reload", headers=AUTH)
    assert r.status_code == 409
    message = r.get_json()["error"]["message"]
    assert "the previous model and rules keep serving" in message and phrase in message
    assert _serving(client) == before


@pytest.mark.parametrize("kind", RULES_DAMAGE)
def test_reload_refuses_a_broken_rulebook_and_keeps_serving(served, kind):
    client, _, rules = served
    before = _serving(client)
    phrase = _break_rules(kind, rules)
    r = client.post("/v1/admin/reload", headers=AUTH)
    assert r.status_code == 409 and phrase in r.get_json()["error"]["message"]
    assert _serving(client) == before


def test_a_good_reload_after_a_refused_one_serves_the_new_files(served, model_path, tmp_path):
    client, d, rules = served
    before = _serving(client)
    _break_model("truncated model", d)
    assert client.post("/v1/admin/reload", headers=AUTH).status_code == 409
    # a new model (another card) and a rulebook without one rule
    save_model(joblib.load(model_path), {"name": "appeals", "threshold": 0.123}, d / "appeals.joblib")
    rules.write_text(_rules_text().replace("  - id: parasite.nu\n", "  - id: parasite.nu.off\n", 1)
                     .replace("patterns: [\"=ну\"]", "patterns: [\"=нуууу\"]", 1), encoding="utf-8")
    r = client.post("/v1/admin/reload", headers=AUTH)
    assert r.status_code == 200
    after = _serving(client)
    assert after["model"][1] == 0.123 != before["model"][1] and "parasite.nu" not in after["findings"]


def test_another_worker_keeps_its_model_when_the_files_broke(model_path, tmp_path, caplog):
    # worker A reloads and touches the stamp; then the files break; worker B sees the stamp,
    # fails to load, logs one error and keeps serving what it had
    d = copy_model(model_path, tmp_path / "m")
    a, b = ServiceState(d, "appeals.joblib", DEFAULT_RULES), ServiceState(d, "appeals.joblib", DEFAULT_RULES)
    a.load()
    b.load()
    old = b.classifier
    a.reload()
    _break_model("truncated model", d)
    b._checked -= 2  # its once-a-second check is due
    with caplog.at_level(logging.ERROR, logger="gerp_nlp.service"):
        b.refresh_if_stale()
    assert b.classifier is old and b.ready
    assert any("keeps the old model" in r.getMessage() for r in caplog.records)
    assert b.classifier.predict(["мастер не пришёл"])[0].label


@pytest.mark.slow
def test_gunicorn_hup_with_broken_files_keeps_serving(model_path, tmp_path):
    # SIGHUP re-reads gunicorn.conf.py and replaces the workers; with the files broken on disk the
    # master must not exit (it did), and the new workers serve the preloaded model
    d = copy_model(model_path, tmp_path / "m")
    rules = _rules_copy(tmp_path / "r")
    log = tmp_path / "gunicorn.err"
    with gunicorn({"GERP_NLP_MODELS_DIR": str(d), "GERP_NLP_RULES": str(rules)}, log) as (proc, port):
        before = request(port, "/v1/model")[1]["model_sha256"]
        _break_model("truncated model", d)
        _break_rules("YAML error", rules)
        proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 30
        while "Booting worker" not in log.read_text().split("Hang up")[-1] and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)
        assert proc.poll() is None, log.read_text()[-2000:]
        for _ in range(10):
            status, body = request(port, "/v1/appeals/classify", {"text": "мастер не пришёл"})
            assert status == 200 and body["label"]
        assert request(port, "/v1/model")[1]["model_sha256"] == before
        assert "cannot start" not in log.read_text()
