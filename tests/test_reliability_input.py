"""Bad requests get the right 4xx with a JSON error, never a 5xx: malformed JSON, deep nesting,
huge bodies (declared or streamed), wrong content types, bytes that are not UTF-8, lone
surrogates, non-standard numbers."""
from __future__ import annotations

import io
import json

import pytest

from werkzeug.test import create_environ, run_wsgi_app

from api import create_app
from tests.conftest import copy_model

POSTS = ["/v1/appeals/classify", "/v1/transcripts/score"]
LIMIT = 100_000  # MAX_CONTENT_LENGTH of the app under test


@pytest.fixture(scope="module")
def client(model_path, tmp_path_factory):
    d = copy_model(model_path, tmp_path_factory.mktemp("input-models"))
    app = create_app({"MODELS_DIR": str(d), "MAX_CONTENT_LENGTH": LIMIT, "MAX_TEXT_CHARS": 5_000,
                      "MAX_BATCH": 10, "MAX_TURNS": 20})
    return app.test_client()


def _error(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, (r.status_code, r.get_data()[:300])
    assert r.mimetype == "application/json"
    err = r.get_json()["error"]
    assert err["message"] and err["request_id"]
    if code:
        assert err["code"] == code
    return err


JSON = "application/json"

MALFORMED = {
    "empty body": b"",
    "cut short": b'{"text": "\xd0\xbc\xd0\xb0\xd1\x81',
    "single quotes": b"{'text': 'x'}",
    "trailing comma": b'{"text": "x",}',
    "two documents": b'{"text": "x"} {"text": "y"}',
    "bare word": b"text",
    "NaN": b'{"text": "x", "id": NaN}',
    "Infinity": b'{"turns": [{"speaker": "operator", "text": "x", "start": Infinity}]}',
    "an integer of 5,000 digits": b'{"text": "x", "id": ' + b"7" * 5000 + b"}",
    "a control character in a string": b'{"text": "a\x01b"}',
    "deep nesting, 40,000 levels": b"[" * 40_000 + b"]" * 40_000,
    "deep nesting of objects": b'{"a":' * 15_000 + b"1" + b"}" * 15_000,
}


@pytest.mark.parametrize("path", POSTS)
@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_json_is_400(client, path, name):
    _error(client.post(path, data=MALFORMED[name], content_type=JSON), 400, "malformed_json")


@pytest.mark.parametrize("path", POSTS)
@pytest.mark.parametrize("body", [
    pytest.param(b'{"text": "\xff\xfe"}', id="latin-1 bytes"),
    pytest.param('{"text": "мастер"}'.encode("cp1251"), id="cp1251"),
    pytest.param('{"text": "мастер"}'.encode("utf-16"), id="utf-16"),
    pytest.param(b'{"text": "\xed\xa0\x80"}', id="an encoded surrogate"),
    pytest.param(b'{"text": "\xc0\xaf"}', id="overlong utf-8"),
    pytest.param(b'{"text": "\\ud800 lone surrogate escape"}', id="lone surrogate escape"),
    pytest.param(b'{"text": "x", "id": "\\udfff"}', id="lone surrogate in the id"),
    pytest.param(b'{"turns": [{"speaker": "\\ud83d", "text": "x"}]}', id="lone surrogate in a speaker"),
])
def test_bytes_that_are_not_unicode_are_400(client, path, body):
    _error(client.post(path, data=body, content_type=JSON), 400, "bad_encoding")


def test_a_surrogate_pair_escape_is_fine(client):
    r = client.post("/v1/appeals/classify", data=b'{"text": "\\ud83d\\ude00 \\u043c\\u0430\\u0441\\u0442\\u0435\\u0440"}',
                    content_type=JSON)
    assert r.status_code == 200


@pytest.mark.parametrize("path", POSTS)
@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "application/xml",
                                          "application/json-patch+json", "text/json", "application/jsonx"])
def test_wrong_content_type_is_415(client, path, content_type):
    kwargs = {"data": b'{"text": "x"}'}
    if content_type:
        kwargs["content_type"] = content_type
    _error(client.post(path, **kwargs), 415, "unsupported_media_type")


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "Application/JSON"])
def test_json_content_type_with_parameters_or_case(client, content_type):
    r = client.post("/v1/appeals/classify", data='{"text": "мастер не пришёл"}'.encode(), content_type=content_type)
    assert r.status_code == 200


class _Stream(io.RawIOBase):
    """A request body that counts what the server reads (``size`` None: endless)."""

    def __init__(self, size=None):
        self.size, self.read_bytes = size, 0

    def readable(self):
        return True

    def readinto(self, b):
        n = len(b) if self.size is None else min(len(b), self.size - self.read_bytes)
        self.read_bytes += n
        assert self.read_bytes <= 10 * LIMIT, "the server kept reading a body over the limit"
        b[:n] = b" " * n
        return n


def _raw_post(client, path, stream, headers):
    """A POST whose body is a stream, with exactly these headers (the test client would measure it)."""
    environ = create_environ(path, method="POST", headers=headers)
    environ["wsgi.input"] = io.BufferedReader(stream) if isinstance(stream, io.RawIOBase) else stream
    environ["CONTENT_TYPE"] = JSON
    if "Content-Length" in headers:
        environ["CONTENT_LENGTH"] = headers["Content-Length"]
    else:
        environ.pop("CONTENT_LENGTH", None)
        environ["wsgi.input_terminated"] = True  # what gunicorn sets for a chunked body
    body, status, hdrs = run_wsgi_app(client.application, environ, buffered=True)
    return client.application.response_class(b"".join(body), status=status, headers=hdrs)


@pytest.mark.parametrize("path", POSTS)
def test_a_declared_huge_body_is_413_before_it_is_read(client, path):
    stream = _Stream(50 * 1024 * 1024)
    _error(_raw_post(client, path, stream, {"Content-Length": str(50 * 1024 * 1024)}), 413, "body_too_large")
    assert stream.read_bytes == 0


@pytest.mark.parametrize("path", POSTS)
def test_a_streamed_body_without_length_is_cut_at_the_limit(client, path):
    # chunked transfer: no Content-Length; the server reads a little over the limit, then answers 413
    stream = _Stream(None)
    _error(_raw_post(client, path, stream, {"Transfer-Encoding": "chunked"}), 413, "body_too_large")
    assert stream.read_bytes <= 2 * LIMIT


def test_a_streamed_body_under_the_limit_is_read(client):
    body = json.dumps({"text": "мастер не пришёл"}, ensure_ascii=False).encode()
    r = _raw_post(client, "/v1/appeals/classify", io.BytesIO(body), {"Transfer-Encoding": "chunked"})
    assert r.status_code == 200 and r.get_json()["label"]


@pytest.mark.parametrize("path", POSTS)
def test_a_body_just_over_the_limit_is_413(client, path):
    body = json.dumps({"text": "я" * LIMIT}).encode()
    _error(client.post(path, data=body, content_type=JSON), 413, "body_too_large")


@pytest.mark.parametrize("body, status, code", [
    ([], 422, "invalid_fields"),
    (None, 422, "invalid_fields"),
    (5, 422, "invalid_fields"),
    ("текст", 422, "invalid_fields"),
    ({"text": "x", "items": [{"text": "y"}]}, 422, "invalid_fields"),
    ({"text": True}, 422, "invalid_fields"),
    ({"text": "x", "id": True}, 422, "invalid_fields"),  # JSON true is not an id
    ({"text": "x", "explain": "yes"}, 422, "invalid_fields"),
    ({"text": "x", "model": "../../etc/passwd"}, 422, "invalid_fields"),  # no field names a file
    ({"items": []}, 422, "invalid_fields"),
    ({"items": [{"text": "x"}] * 11}, 413, "batch_too_large"),
    ({"text": "я" * 5_001}, 422, "text_too_long"),
    ({"text": " \n\t\u3000\x1c"}, 422, "invalid_fields"),
])
def test_classify_refusals(client, body, status, code):
    _error(client.post("/v1/appeals/classify", data=json.dumps(body), content_type=JSON), status, code)


@pytest.mark.parametrize("body, status, code", [
    ([], 422, "invalid_fields"),
    (None, 422, "invalid_fields"),
    (5, 422, "invalid_fields"),
    ("", 422, "invalid_fields"),
    ("просто текст без реплик", 422, "invalid_transcript"),
    ("Клиент: только клиент", 422, "invalid_transcript"),
    ({"turns": []}, 422, "invalid_fields"),
    ({"turns": [{"speaker": "operator", "text": "x", "start": "1.5"}]}, 422, "invalid_fields"),
    ({"turns": [{"speaker": "operator", "text": "x", "start": 5, "end": 1}]}, 422, "invalid_transcript"),
    ({"turns": [{"speaker": "operator", "text": "x"}] * 21}, 413, "too_many_turns"),
    ({"turns": [{"speaker": "operator", "text": "x"}], "text": "Оператор: x"}, 422, "invalid_fields"),
    ({"turns": [{"speaker": "operator", "text": "x"}], "rules": "/etc/passwd"}, 422, "invalid_fields"),
    ({"items": ["Оператор: x"] * 11}, 413, "batch_too_large"),
    ({"items": []}, 422, "invalid_fields"),
    ({"items": [""]}, 422, "invalid_fields"),
    ({"text": "Оператор: " + "я" * 5_001}, 422, "text_too_long"),
])
def test_score_refusals(client, body, status, code):
    _error(client.post("/v1/transcripts/score", data=json.dumps(body), content_type=JSON), status, code)


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH", "TRACE"])
def test_wrong_method_is_405_with_allow(client, method):
    r = client.open("/v1/appeals/classify", method=method)
    _error(r, 405, "method_not_allowed")
    assert "POST" in r.headers["Allow"]


def test_unknown_path_is_404(client):
    _error(client.get("/v1/../../etc/passwd"), 404)
    _error(client.post("/v1/appeals/classify/../../../etc/passwd", json={"text": "x"}), 404)
