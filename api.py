"""HTTP API: ``create_app(config=None)``, a thin layer over the library.

Endpoints (JSON in, JSON out): ``POST /v1/appeals/classify``,
``POST /v1/transcripts/score``, ``GET /v1/model``, ``GET /v1/rules``,
``POST /v1/admin/reload`` (bearer token), ``GET /healthz``, ``GET /readyz``,
``GET /openapi.json``. Configuration: defaults below, overridden by ``GERP_NLP_*``
environment variables, overridden by the ``config`` argument.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
import traceback
import uuid
from pathlib import Path

from flask import Flask, current_app, g, jsonify, request
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from nlp import web
from nlp.model_io import ModelError
from nlp.rulebook import DEFAULT_RULES, RulebookError
from nlp.schemas import ClassifyRequest, ScoreBatch, TranscriptIn, openapi
from nlp.scoring import score_transcript
from nlp.service import ServiceState, env_default
from nlp.transcript import TranscriptError, parse_transcript

ROOT = Path(__file__).resolve().parent
access_log = logging.getLogger("gerp_nlp.access")
error_log = logging.getLogger("gerp_nlp.error")


def default_config() -> dict:
    """Every setting with its environment variable and default (see README, Configuration)."""
    return {
        "MODELS_DIR": env_default("GERP_NLP_MODELS_DIR", str(ROOT / "models")),
        "MODEL_FILE": env_default("GERP_NLP_MODEL_FILE", "appeals.joblib"),
        "RULES_PATH": env_default("GERP_NLP_RULES", str(DEFAULT_RULES)),
        "ADMIN_TOKEN": env_default("GERP_NLP_ADMIN_TOKEN", None),
        "REVIEW_THRESHOLD": env_default("GERP_NLP_REVIEW_THRESHOLD", None),
        # 512 KiB: the costliest scoring input this size allows takes ~7 s on 2 cores; at 2 MiB it took
        # 29 s, at gunicorn's 30 s timeout (docs/reliability.md, "Worst requests")
        "MAX_CONTENT_LENGTH": env_default("GERP_NLP_MAX_BODY_BYTES", 512 * 1024),
        "MAX_TEXT_CHARS": env_default("GERP_NLP_MAX_TEXT_CHARS", 20_000),
        "MAX_BATCH": env_default("GERP_NLP_MAX_BATCH", 100),
        "MAX_TURNS": env_default("GERP_NLP_MAX_TURNS", 500),
    }


class APIError(Exception):
    """An error answered as ``{"error": {"code", "message", "details"}}``."""

    def __init__(self, status: int, code: str, message: str, details=None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details

    def to_dict(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "details": self.details,
                          "request_id": g.get("request_id")}}


def _pydantic_details(exc: ValidationError) -> list[dict]:
    # loc and message only: never the input value, which may hold personal data
    return [{"field": ".".join(str(x) for x in e["loc"]) or "body", "message": e["msg"]} for e in exc.errors()]


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")  # "\ud800"-"\udfff" in the raw body
_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _has_lone_surrogate(obj) -> bool:
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, str):
            if _SURROGATE.search(o):
                return True
        elif isinstance(o, dict):
            stack.extend(o)
            stack.extend(o.values())
        elif isinstance(o, list):
            stack.extend(o)
    return False


def _json_body():
    if request.mimetype != "application/json":
        raise APIError(415, "unsupported_media_type",
                       f"expected Content-Type application/json, got {request.mimetype or 'none'}")
    raw = request.get_data(cache=False)
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is None and limit is not None and len(raw) >= limit:
        # a chunked body: werkzeug stops reading at the limit without an error; the rest is not read
        raise RequestEntityTooLarge()
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError as exc:
        raise APIError(400, "bad_encoding", f"body is not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise APIError(400, "malformed_json", f"malformed JSON: {exc.msg} at line {exc.lineno} "
                                              f"column {exc.colno}") from None
    except RecursionError:
        raise APIError(400, "malformed_json", "JSON nested too deeply") from None
    except ValueError as exc:  # NaN/Infinity, or an integer of more than 4,300 digits
        raise APIError(400, "malformed_json", f"malformed JSON: {exc}") from None
    # a lone surrogate escape decodes to a str that no UTF-8 encoder accepts (the answer would be a 500)
    if _SURROGATE_ESCAPE.search(raw) and _has_lone_surrogate(body):
        raise APIError(400, "bad_encoding", "body has a lone UTF-16 surrogate escape (\\ud800-\\udfff); "
                                            "expected valid Unicode")
    return body


def _validate(model, body):
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise APIError(422, "invalid_fields", "invalid request fields", _pydantic_details(exc)) from None


def _check_batch(n: int, cfg) -> None:
    if n > cfg["MAX_BATCH"]:
        raise APIError(413, "batch_too_large", f"expected at most {cfg['MAX_BATCH']} items, got {n}")
    if n == 0:
        raise APIError(422, "invalid_fields", "items: expected at least one item",
                       [{"field": "items", "message": "empty list"}])


def _check_len(text: str, field: str, cfg) -> None:
    if len(text) > cfg["MAX_TEXT_CHARS"]:
        raise APIError(422, "text_too_long", f"{field}: expected at most {cfg['MAX_TEXT_CHARS']} characters, "
                                             f"got {len(text)}", [{"field": field, "message": "too long"}])


def _state() -> ServiceState:
    return current_app.extensions["gerp_nlp"]


def _ready_state() -> ServiceState:
    state = _state()
    state.refresh_if_stale()
    if not state.ready:
        raise APIError(503, "not_ready", "model or rules are not loaded")
    return state


def classify():
    cfg = current_app.config
    req = _validate(ClassifyRequest, _json_body())
    state = _ready_state()
    if req.items is None:
        _check_len(req.text, "text", cfg)
        return jsonify(state.classifier.predict([req.text], ids=[req.id], explain=req.explain)[0].to_dict())
    _check_batch(len(req.items), cfg)
    for i, it in enumerate(req.items):
        _check_len(it.text, f"items.{i}.text", cfg)
    preds = state.classifier.predict([it.text for it in req.items], ids=[it.id for it in req.items],
                                     explain=req.explain)
    return jsonify({"items": [p.to_dict() for p in preds]})


def _score_one(obj, field: str, state, cfg) -> dict:
    if isinstance(obj, TranscriptIn):
        if obj.turns is not None and len(obj.turns) > cfg["MAX_TURNS"]:
            raise APIError(413, "too_many_turns", f"{field}turns: expected at most {cfg['MAX_TURNS']} turns, "
                                                  f"got {len(obj.turns)}")
        obj = obj.model_dump(exclude_none=True)
    text = obj if isinstance(obj, str) else obj.get("text")
    if isinstance(text, str):
        _check_len(text, f"{field}text", cfg)
    try:
        transcript = parse_transcript(obj)
    except TranscriptError as exc:
        where = f"{field}{str(exc).split(':', 1)[0]}"
        raise APIError(422, "invalid_transcript", f"{field}{exc}", [{"field": where, "message": str(exc)}]) from None
    if len(transcript.turns) > cfg["MAX_TURNS"]:
        raise APIError(413, "too_many_turns", f"{field}: expected at most {cfg['MAX_TURNS']} turns")
    return score_transcript(transcript, state.rulebook).to_dict()


def score():
    cfg = current_app.config
    body = _json_body()
    if isinstance(body, dict) and "items" in body:
        batch = _validate(ScoreBatch, body)
        _check_batch(len(batch.items), cfg)
        state = _ready_state()
        return jsonify({"items": [_score_one(it, f"items.{i}.", state, cfg) for i, it in enumerate(batch.items)]})
    if isinstance(body, str):
        if not body.strip():
            raise APIError(422, "invalid_fields", "expected a non-empty transcript text")
        return jsonify(_score_one(body, "", _ready_state(), cfg))
    return jsonify(_score_one(_validate(TranscriptIn, body), "", _ready_state(), cfg))


def model_card():
    return jsonify(_ready_state().classifier.card)


def rules():
    return jsonify(_ready_state().rulebook.as_dict())


def admin_reload():
    token = current_app.config.get("ADMIN_TOKEN")
    if not token:
        raise APIError(404, "not_found", "admin endpoints are off: no GERP_NLP_ADMIN_TOKEN is configured")
    auth = request.headers.get("Authorization", "")
    if auth[:7].lower() != "bearer ":
        raise APIError(401, "unauthorized", "expected an 'Authorization: Bearer <token>' header")
    # constant time: digests of equal length, so neither the content nor the length of the token leaks
    given = hashlib.sha256(auth[7:].strip().encode("latin-1", "replace")).digest()  # WSGI headers are latin-1
    if not hmac.compare_digest(given, hashlib.sha256(str(token).encode()).digest()):
        raise APIError(403, "forbidden", "wrong admin token")
    state = _state()
    try:
        summary = state.reload()
    except (ModelError, RulebookError) as exc:
        raise APIError(409, "reload_failed", f"reload failed, the previous model and rules keep serving: {exc}")
    return jsonify({"reloaded": True, **summary})


def healthz():
    return jsonify({"status": "alive"})


def readyz():
    state = _state()
    if not state.ready:
        return jsonify({"status": "not ready"}), 503
    return jsonify({"status": "ready", **state.summary()})


def openapi_json():
    cfg = current_app.config
    return jsonify(openapi({k: cfg[k] for k in ("MAX_CONTENT_LENGTH", "MAX_TEXT_CHARS", "MAX_BATCH", "MAX_TURNS")}))


ROUTES = [
    ("/v1/appeals/classify", classify, ["POST"]),
    ("/v1/transcripts/score", score, ["POST"]),
    ("/v1/model", model_card, ["GET"]),
    ("/v1/rules", rules, ["GET"]),
    ("/v1/admin/reload", admin_reload, ["POST"]),
    ("/healthz", healthz, ["GET"]),
    ("/readyz", readyz, ["GET"]),
    ("/openapi.json", openapi_json, ["GET"]),
]

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _register_hooks(app: Flask) -> None:
    @app.before_request
    def _start():
        rid = request.headers.get("X-Request-ID", "")
        g.request_id = rid if _REQUEST_ID.match(rid) else uuid.uuid4().hex[:16]
        g.t0 = time.perf_counter()

    @app.after_request
    def _finish(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        ms = (time.perf_counter() - g.get("t0", time.perf_counter())) * 1000
        # one line per request; never the body (appeals and transcripts hold personal data)
        access_log.info("%s %s %s %.1fms rid=%s", request.method, request.path, response.status_code, ms,
                        g.get("request_id"))
        return response

    @app.errorhandler(APIError)
    def _api_error(exc: APIError):
        return jsonify(exc.to_dict()), exc.status

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        codes = {413: "body_too_large", 404: "not_found", 405: "method_not_allowed", 400: "bad_request"}
        message = exc.description or exc.name
        if exc.code == 413:
            message = f"request body is larger than {app.config['MAX_CONTENT_LENGTH']} bytes"
        err = APIError(exc.code or 500, codes.get(exc.code, exc.name.lower().replace(" ", "_")), message)
        response = jsonify(err.to_dict())
        if getattr(exc, "valid_methods", None):  # a 405 names the allowed methods (RFC 9110)
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response, err.status

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        # where it failed, but not the exception's message: that may quote an appeal or a transcript
        error_log.error("unexpected %s rid=%s\n%s", type(exc).__name__, g.get("request_id"),
                        "".join(traceback.format_tb(exc.__traceback__)).rstrip())
        err = APIError(500, "internal_error", f"unexpected error; quote request id {g.get('request_id')}")
        return jsonify(err.to_dict()), 500


WARM_UP = "Мастер не пришёл, жду с утра."


def _warm_up(state: ServiceState) -> None:
    """One appeal before serving: the classifier's lazy tables load here, once, in the gunicorn
    master whose pages the workers share. Transcripts need spaCy's tokenizer (~0.4 s to import):
    under gunicorn each worker loads it in the background as soon as it is up
    (gunicorn.conf.py, post_worker_init), so readiness does not wait for it; a transcript scored
    in a worker's first half second waits for that load instead of starting its own."""
    state.classifier.predict([WARM_UP])


def create_app(config: dict | None = None) -> Flask:
    """Build the app; loads the model and rulebook once (raises ModelError/RulebookError)."""
    app = Flask(__name__)
    app.config.from_mapping(default_config())
    if config:
        app.config.from_mapping(config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    state = ServiceState(app.config["MODELS_DIR"], app.config["MODEL_FILE"], app.config["RULES_PATH"],
                         app.config["REVIEW_THRESHOLD"])
    if app.config.get("LOAD_ON_START", True):
        state.load()
        _warm_up(state)
    app.extensions["gerp_nlp"] = state
    for path, view, methods in ROUTES:
        app.add_url_rule(path, view.__name__, view, methods=methods)
    web.init_app(app)  # the QA page at / and the batch reports at /reports/ (nlp/web.py)
    _register_hooks(app)
    return app
