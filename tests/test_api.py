"""api.py: endpoints, validation, JSON errors, reload, logging; one test through real gunicorn."""
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from api import create_app

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "test-admin-token"


@pytest.fixture(scope="module")
def app(models_dir):
    return create_app({"TESTING": True, "MODELS_DIR": str(models_dir), "ADMIN_TOKEN": TOKEN, "MAX_BATCH": 5,
                       "MAX_TEXT_CHARS": 2000, "MAX_CONTENT_LENGTH": 200_000, "MAX_TURNS": 50})


@pytest.fixture
def client(app):
    return app.test_client()


def test_classify_one(client):
    r = client.post("/v1/appeals/classify", json={"text": "мастер так и не пришёл", "id": "a1"})
    body = r.get_json()
    assert r.status_code == 200 and body["id"] == "a1" and body["label"] == "claim"
    assert "explanation" not in body and r.headers["X-Request-ID"]


def test_classify_batch_with_explanations(client):
    items = [{"id": i, "text": t} for i, t in enumerate(["сколько стоит вызов?", "спасибо мастеру!"])]
    r = client.post("/v1/appeals/classify", json={"items": items, "explain": True})
    body = r.get_json()
    assert r.status_code == 200 and [x["id"] for x in body["items"]] == [0, 1]
    assert all(x["explanation"] for x in body["items"])


def test_score_both_forms_and_batch(client):
    text = "Оператор: Добрый день, я не знаю\nКлиент: ну ладно"
    one = client.post("/v1/transcripts/score", json=text).get_json()
    obj = client.post("/v1/transcripts/score", json={"id": "c1", "text": text}).get_json()
    turns = client.post("/v1/transcripts/score", json={"id": "c2", "turns": [
        {"speaker": "operator", "text": "Добрый день, я не знаю"}, {"speaker": "client", "text": "ну ладно"}]}).get_json()
    batch = client.post("/v1/transcripts/score", json={"items": [text, {"id": "x", "text": text}]}).get_json()
    for r in (one, obj, turns, *batch["items"]):
        assert [v["category"] for v in r["violations"]] == ["banned_phrase"]
        assert r["violations"][0]["text"] == "не знаю"
    assert obj["id"] == "c1" and turns["id"] == "c2" and batch["items"][1]["id"] == "x"


@pytest.mark.parametrize("kwargs, status, code", [
    ({"data": "{bad", "content_type": "application/json"}, 400, "malformed_json"),
    ({"data": b"\xff\xfe{}", "content_type": "application/json"}, 400, "bad_encoding"),
    ({"data": "[" * 100_000 + "]" * 100_000, "content_type": "application/json"}, 400, "malformed_json"),
    ({"data": "text=hi", "content_type": "application/x-www-form-urlencoded"}, 415, "unsupported_media_type"),
    ({"json": {"text": ""}}, 422, "invalid_fields"),
    ({"json": {"text": 5}}, 422, "invalid_fields"),
    ({"json": {"txt": "hi"}}, 422, "invalid_fields"),
    ({"json": {"text": "a", "items": []}}, 422, "invalid_fields"),
    ({"json": {"items": [{"text": "x"}] * 6}}, 413, "batch_too_large"),
    ({"json": {"text": "я" * 2001}}, 422, "text_too_long"),
    ({"data": json.dumps({"text": "я" * 300_000}), "content_type": "application/json"}, 413, "body_too_large"),
])
def test_classify_errors(client, kwargs, status, code):
    r = client.post("/v1/appeals/classify", **kwargs)
    body = r.get_json()
    assert r.status_code == status and body["error"]["code"] == code
    assert body["error"]["message"] and body["error"]["request_id"]


def test_invalid_field_is_named(client):
    r = client.post("/v1/appeals/classify", json={"items": [{"id": 1, "text": "ok"}, {"id": 2, "text": 3}]})
    fields = [d["field"] for d in r.get_json()["error"]["details"]]
    assert r.status_code == 422 and "items.1.text" in fields


@pytest.mark.parametrize("body, status, field", [
    ({"turns": [{"speaker": "bot", "text": "x"}]}, 422, "turns[0].speaker"),
    ({"turns": [{"speaker": "client", "text": "x"}]}, 422, "turns"),
    ({"turns": [{"speaker": "operator", "text": "x"}] * 51}, 413, None),
    ({"text": "без префикса"}, 422, "text"),
    ("   ", 422, None),
])
def test_score_errors(client, body, status, field):
    r = client.post("/v1/transcripts/score", json=body)
    err = r.get_json()["error"]
    assert r.status_code == status
    if field:
        assert err["details"][0]["field"] == field


def test_404_405_are_json(client):
    assert client.get("/nope").get_json()["error"]["code"] == "not_found"
    r = client.get("/v1/appeals/classify")
    assert r.status_code == 405 and r.get_json()["error"]["code"] == "method_not_allowed"


def test_model_rules_health_openapi(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").get_json()["status"] == "ready"
    assert client.get("/v1/model").get_json()["labels"][0] == "consultation"
    assert client.get("/v1/rules").get_json()["rules"][0]["clause"]
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.") and "/v1/transcripts/score" in spec["paths"]


def test_admin_reload(client, models_dir):
    assert client.post("/v1/admin/reload").status_code == 401
    assert client.post("/v1/admin/reload", headers={"Authorization": "Bearer wrong"}).status_code == 403
    r = client.post("/v1/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and r.get_json()["reloaded"] is True


def test_reload_failure_keeps_the_old_model_serving(models_dir, tmp_path):
    d = tmp_path / "m"
    shutil.copytree(models_dir, d)
    app = create_app({"MODELS_DIR": str(d), "ADMIN_TOKEN": TOKEN})
    c = app.test_client()
    (d / "appeals.joblib").write_bytes(b"garbage")
    r = c.post("/v1/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 409 and "does not match its card" in r.get_json()["error"]["message"]
    assert c.post("/v1/appeals/classify", json={"text": "спасибо"}).status_code == 200


def test_admin_is_off_without_a_token(models_dir):
    c = create_app({"MODELS_DIR": str(models_dir), "ADMIN_TOKEN": None}).test_client()
    assert c.post("/v1/admin/reload", headers={"Authorization": "Bearer x"}).status_code == 404


def test_logs_one_line_per_request_without_texts(client, caplog):
    secret = "Секретов Аркадий Петрович, ул. Тайная 7"
    with caplog.at_level(logging.DEBUG):
        client.post("/v1/appeals/classify", json={"text": secret})
        client.post("/v1/transcripts/score", json={"text": f"Оператор: {secret}"})
        client.post("/v1/transcripts/score", json={"text": secret})
    access = [r.getMessage() for r in caplog.records if r.name == "gerp_nlp.access"]
    assert len(access) == 3 and all("rid=" in m and "ms" in m for m in access)
    assert not any("Секретов" in r.getMessage() for r in caplog.records)


def test_unexpected_error_is_500_with_request_id(app, monkeypatch, caplog):
    state = app.extensions["gerp_nlp"]
    monkeypatch.setattr(state.classifier, "predict", lambda *a, **k: 1 / 0)
    r = app.test_client().post("/v1/appeals/classify", json={"text": "x"}, headers={"X-Request-ID": "abc-123"})
    err = r.get_json()["error"]
    assert r.status_code == 500 and err["request_id"] == "abc-123" and "abc-123" in err["message"]
    assert "Traceback" not in r.get_data(as_text=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _gunicorn(models_dir, port, **env):
    e = dict(os.environ, GERP_NLP_MODELS_DIR=str(models_dir), GERP_NLP_BIND=f"127.0.0.1:{port}",
             GERP_NLP_WORKERS="2", **env)
    return subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py",
                             "api:create_app()"], cwd=ROOT, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


@pytest.mark.slow
def test_real_gunicorn_server(models_dir):
    port = _free_port()
    proc = _gunicorn(models_dir, port)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        req = urllib.request.Request(f"http://127.0.0.1:{port}/v1/appeals/classify",
                                     data=json.dumps({"text": "перенесите визит мастера на пятницу"}).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as r:
            assert json.loads(r.read())["label"] == "action_request"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)


@pytest.mark.slow
def test_gunicorn_refuses_to_start_without_a_model(tmp_path):
    proc = _gunicorn(tmp_path, _free_port())
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    lines = [x for x in err.splitlines() if "gerp-nlp" in x]
    assert len(lines) == 1 and "gerp-nlp train" in lines[0]
