"""Security promises: the admin endpoint, where model files may come from, no file paths in
requests, and no appeal or transcript text in logs or error messages (the API, the CLI, gunicorn)."""
from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import pickle
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

import api
from api import create_app
from nlp.cli import main
from nlp.model_io import ModelError, card_path, load_model, sha256_file
from nlp.service import ServiceState
from tests.reliability_support import gunicorn, request

TOKEN = "s3cr3t-Admin-Token-42"


@pytest.fixture(scope="module")
def app(models_dir):
    return create_app({"MODELS_DIR": str(models_dir), "ADMIN_TOKEN": TOKEN})


# --- the admin endpoint -------------------------------------------------------------------

@pytest.mark.parametrize("headers, status", [
    ({}, 401),
    ({"Authorization": ""}, 401),
    ({"Authorization": TOKEN}, 401),  # no scheme
    ({"Authorization": f"Basic {TOKEN}"}, 401),
    ({"Authorization": f"Token {TOKEN}"}, 401),
    ({"Authorization": "Bearer"}, 401),
    ({"Authorization": "Bearer "}, 403),
    ({"Authorization": "Bearer wrong"}, 403),
    ({"Authorization": f"Bearer {TOKEN[:-1]}"}, 403),  # a prefix
    ({"Authorization": f"Bearer {TOKEN}x"}, 403),  # longer
    ({"Authorization": f"Bearer {TOKEN.upper()}"}, 403),  # tokens are case-sensitive
    ({"Authorization": f"Bearer {'x' * len(TOKEN)}"}, 403),  # same length
    ({"Authorization": f"Bearer {'я' * 10}".encode().decode("latin-1")}, 403),  # non-ASCII bytes
    ({"Authorization": f"Bearer {TOKEN}"}, 200),
    ({"Authorization": f"bearer {TOKEN}"}, 200),  # the scheme is case-insensitive (RFC 9110)
    ({"Authorization": f"Bearer   {TOKEN}  "}, 200),
])
def test_admin_reload_needs_the_token(app, headers, status):
    r = app.test_client().post("/v1/admin/reload", headers=headers)
    assert r.status_code == status
    if status != 200:
        err = r.get_json()["error"]
        assert err["code"] in ("unauthorized", "forbidden") and TOKEN not in json.dumps(err)


@pytest.mark.parametrize("token", [None, ""])
def test_admin_endpoints_are_off_without_a_token(models_dir, token):
    c = create_app({"MODELS_DIR": str(models_dir), "ADMIN_TOKEN": token}).test_client()
    for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Bearer None"}):
        r = c.post("/v1/admin/reload", headers=headers)
        assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"


def test_admin_token_comparison_leaks_neither_content_nor_length(app, monkeypatch):
    # the comparison is hmac.compare_digest (constant time in the content) over digests of one
    # fixed length (so the token's length does not show either); the timing figures are in
    # docs/reliability.md (scripts/reliability/admin_timing.py)
    seen = []
    real = api.hmac.compare_digest

    def spy(a, b):
        seen.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(api.hmac, "compare_digest", spy)
    c = app.test_client()
    for given in ("", "x", TOKEN[:-1], TOKEN + "x" * 100, "я" * 50, TOKEN):
        c.post("/v1/admin/reload", headers={"Authorization": f"Bearer {given}".encode().decode("latin-1")})
    assert len(seen) == 6 and set(seen) == {(32, 32)}


def test_a_non_ascii_token_works_when_sent_as_utf8(models_dir):
    token = "пароль-токен"
    c = create_app({"MODELS_DIR": str(models_dir), "ADMIN_TOKEN": token}).test_client()
    header = ("Bearer " + token).encode("utf-8").decode("latin-1")  # what arrives through WSGI
    assert c.post("/v1/admin/reload", headers={"Authorization": header}).status_code == 200


def test_admin_reload_takes_no_file_from_the_request(app, models_dir):
    # whatever a caller adds, the reload reads the configured files
    c = app.test_client()
    r = c.post("/v1/admin/reload?model=/etc/passwd&rules=/etc/passwd&path=../x",
               json={"model": "/etc/passwd", "MODEL_FILE": "../../x.joblib", "rules": "/etc/passwd"},
               headers={"Authorization": f"Bearer {TOKEN}", "X-Model-File": "/etc/passwd"})
    assert r.status_code == 200
    body = r.get_json()
    assert body["model"]["file"] == "appeals.joblib" and body["model"]["sha256"] == sha256_file(
        models_dir / "appeals.joblib")
    assert body["rules"]["source"] == "default.yaml"


# --- model files: only from the models directory, only with a matching SHA-256 ---------------

class _Payload:
    """A pickle that runs code when loaded: it writes a marker file."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "code ran"))


def _malicious_model(d: Path, marker: Path, matching_card: bool) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    path = d / "appeals.joblib"
    path.write_bytes(pickle.dumps(_Payload(marker)))
    sha = sha256_file(path) if matching_card else hashlib.sha256(b"the model that was trained").hexdigest()
    from nlp.model_io import library_versions
    card_path(path).write_text(json.dumps({"model_sha256": sha, "versions": library_versions()}))
    return path


def test_a_model_file_that_does_not_match_its_card_is_never_unpickled(tmp_path):
    marker = tmp_path / "pwned"
    path = _malicious_model(tmp_path / "m", marker, matching_card=False)
    with pytest.raises(ModelError, match="does not match its card"):
        load_model(path)
    with pytest.raises(ModelError, match="does not match its card"):
        create_app({"MODELS_DIR": str(path.parent)})
    assert not marker.exists()


def test_a_replaced_model_is_refused_on_reload_without_running_it(models_dir, tmp_path):
    d = tmp_path / "m"
    shutil.copytree(models_dir, d)
    c = create_app({"MODELS_DIR": str(d), "ADMIN_TOKEN": TOKEN}).test_client()
    marker = tmp_path / "pwned"
    (d / "appeals.joblib").write_bytes(pickle.dumps(_Payload(marker)))  # the card stays the trained model's
    r = c.post("/v1/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 409 and "does not match its card" in r.get_json()["error"]["message"]
    assert not marker.exists()
    assert c.post("/v1/appeals/classify", json={"text": "мастер не пришёл"}).status_code == 200


def test_the_card_is_the_trust_anchor(tmp_path):
    # documents the boundary: whoever can write both the model AND its card into the models
    # directory can run code in the server (joblib is pickle); keep that directory writable only
    # by the training job (docs/reliability.md)
    marker = tmp_path / "pwned"
    path = _malicious_model(tmp_path / "m", marker, matching_card=True)
    with pytest.raises(ModelError):  # it is not a classifier, but by then it was unpickled
        create_app({"MODELS_DIR": str(path.parent)})
    assert marker.exists()


@pytest.mark.parametrize("model_file", ["../appeals.joblib", "/etc/passwd", "sub/appeals.joblib",
                                        "sub/../../appeals.joblib", "link.joblib", ".", ""])
def test_model_files_only_from_the_models_dir(models_dir, tmp_path, model_file):
    d = tmp_path / "models"
    d.mkdir()
    (d / "sub").mkdir()
    for f in models_dir.iterdir():  # a real model outside the models dir, and one in a subdirectory
        if f.name.startswith("appeals"):
            shutil.copy(f, tmp_path / f.name)
            shutil.copy(f, d / "sub" / f.name)
    (d / "link.joblib").symlink_to(tmp_path / "appeals.joblib")
    shutil.copy(card_path(tmp_path / "appeals.joblib"), d / "link.card.json")
    with pytest.raises(ModelError, match="must be a file name inside"):
        ServiceState(d, model_file, api.DEFAULT_RULES).load()
    with pytest.raises(ModelError):
        create_app({"MODELS_DIR": str(d), "MODEL_FILE": model_file})


def test_no_request_parameter_names_a_file(app):
    rules = {r.rule: r for r in app.url_map.iter_rules()}
    with_args = {path for path, r in rules.items() if r.arguments}
    # only static assets and the batch reports take a path, each confined to its own directory
    # (the reports' confinement is tested in tests/test_web.py::test_nothing_outside_the_reports_dir_is_served)
    assert with_args <= {"/static/<path:filename>", "/web/static/<path:filename>", "/reports/<path:name>"}
    spec = app.test_client().get("/openapi.json").get_json()
    for path, ops in spec["paths"].items():
        assert "{" not in path
        for op in ops.values():
            assert not op.get("parameters"), f"{path} takes parameters"
    names = set()
    for request_schema in ("ClassifyRequest", "AppealItem", "TranscriptIn", "TurnIn", "ScoreBatch"):
        names |= set(spec["components"]["schemas"][request_schema]["properties"])
    assert names == {"text", "id", "items", "explain", "channel", "operator_id", "turns", "speaker", "start", "end"}
    assert not names & {"path", "file", "model", "model_file", "rules", "rules_path", "dir", "filename"}


# --- no appeal or transcript text in logs or error messages --------------------------------

CANARIES = [f"Канарейкина{n} Зоя Петровна, ул. Тайная {n}" for n in range(16)]


def _requests_with_canaries():
    """(method, path, kwargs) for every endpoint and many error paths, each carrying a canary text."""
    c = iter(CANARIES)
    j = "application/json"
    yield "post", "/v1/appeals/classify", {"json": {"text": next(c), "explain": True}}
    yield "post", "/v1/appeals/classify", {"json": {"items": [{"id": 1, "text": next(c)}, {"text": 5}]}}
    yield "post", "/v1/appeals/classify", {"json": {"text": next(c) * 2000}}  # too long
    yield "post", "/v1/appeals/classify", {"data": ('{"text": "' + next(c) + '", ').encode(), "content_type": j}
    yield "post", "/v1/appeals/classify", {"data": next(c).encode("cp1251"), "content_type": j}
    yield "post", "/v1/appeals/classify", {"data": next(c).encode(), "content_type": "text/plain"}
    yield "post", "/v1/transcripts/score", {"json": {"turns": [{"speaker": "operator", "text": next(c)},
                                                               {"speaker": next(c), "text": "да"}]}}
    yield "post", "/v1/transcripts/score", {"json": {"text": next(c)}}  # no speaker prefix
    yield "post", "/v1/transcripts/score", {"json": f"Клиент: {next(c)}"}  # no operator turn
    yield "post", "/v1/transcripts/score", {"json": {"items": [f"Оператор: ну {next(c)}", {"turns": 1}]}}
    yield "post", "/v1/transcripts/score", {"json": {"turns": [{"speaker": "operator", "text": next(c),
                                                                "start": 5, "end": 1}]}}
    yield "post", "/v1/transcripts/score", {"data": json.dumps({"turns": [{"speaker": "operator",
                                                                           "text": next(c) + "\ud800"}]}),
                                            "content_type": j}  # a lone surrogate


def _leaks(text: str) -> list[str]:
    # a canary, or its first distinctive word, anywhere in the text
    return [c for c in CANARIES if c in text or c.split()[0] in text]


def test_no_text_in_logs_or_error_messages(app, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)  # every logger, every level
    logging.getLogger().setLevel(logging.DEBUG)
    client = app.test_client()
    errors = []
    for method, path, kwargs in _requests_with_canaries():
        r = getattr(client, method)(path, **kwargs)
        if r.status_code >= 400:
            errors.append(r.get_data(as_text=True))
    # an unexpected failure whose exception quotes the text (a KeyError of a word, say)
    state = app.extensions["gerp_nlp"]
    monkeypatch.setattr(state.classifier, "predict", lambda texts, **k: {}[texts[0]])
    r = client.post("/v1/appeals/classify", json={"text": CANARIES[0]})
    assert r.status_code == 500
    errors.append(r.get_data(as_text=True))
    assert len(errors) >= 12
    logged = "\n".join(rec.getMessage() + (rec.exc_text or "") for rec in caplog.records)
    logged += caplog.text
    assert "unexpected KeyError" in logged  # the failure is logged (where, not what)
    assert not _leaks(logged), "a text reached the logs"
    assert not _leaks("\n".join(errors)), "a text reached an error message"


def test_no_text_in_cli_errors_or_logs(model_path, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    appeals = tmp_path / "appeals.jsonl"
    appeals.write_text("\n".join([
        json.dumps({"id": 1, "text": CANARIES[0]}, ensure_ascii=False),
        json.dumps({"id": 2, "text": CANARIES[1] * 2000}, ensure_ascii=False),  # too long
        json.dumps({"id": 3, "text": 5}),
        '{"id": 4, "text": "' + CANARIES[2],  # broken JSON
        json.dumps({"id": 5, "txt": CANARIES[3]}, ensure_ascii=False),
        json.dumps({"id": 6, "text": CANARIES[4] + "\ud800"}),
    ]) + "\n", encoding="utf-8")
    calls = tmp_path / "calls.jsonl"
    calls.write_text("\n".join([
        json.dumps({"id": 1, "text": f"Оператор: {CANARIES[5]}"}, ensure_ascii=False),
        json.dumps({"id": 2, "text": CANARIES[6]}, ensure_ascii=False),
        json.dumps({"id": 3, "turns": [{"speaker": CANARIES[7], "text": "x"}]}, ensure_ascii=False),
        json.dumps({"id": 4, "turns": [{"speaker": "client", "text": CANARIES[8]}]}, ensure_ascii=False),
        '{"id": 5, "text": "' + CANARIES[9],
    ]) + "\n", encoding="utf-8")
    for argv in (["classify", str(appeals), "--model", str(model_path)], ["score", str(calls)]):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            assert main(argv) == 1  # some lines failed, and said so
        assert err.getvalue().count("error:") >= 4
        assert not _leaks(err.getvalue()), err.getvalue()
    assert not _leaks(caplog.text)


@pytest.mark.slow
def test_no_text_in_gunicorn_logs_at_debug(models_dir, tmp_path):
    log = tmp_path / "gunicorn.err"
    env = {"GERP_NLP_MODELS_DIR": str(models_dir), "GERP_NLP_LOG_LEVEL": "debug", "GERP_NLP_ADMIN_TOKEN": TOKEN}
    with gunicorn(env, log, workers=1) as (_, port):
        for _, path, kwargs in _requests_with_canaries():
            if "json" in kwargs:
                request(port, path, kwargs["json"])
        request(port, "/v1/admin/reload", headers={"Authorization": "Bearer wrong"})
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "POST /v1/transcripts/score" in text  # the access lines are there
    assert not _leaks(text)
    assert TOKEN not in text and "wrong" not in text
