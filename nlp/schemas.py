"""Request and response shapes of the HTTP API (pydantic), and its OpenAPI document."""
from __future__ import annotations

from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, field_validator, model_validator

from .labels import LABELS

Id = Union[StrictStr, int, None]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AppealItem(_Model):
    id: Id = None
    text: StrictStr = Field(min_length=1, description="the appeal text")

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("expected a non-empty text, got only whitespace")
        return v


class ClassifyRequest(_Model):
    text: StrictStr | None = Field(None, min_length=1)
    id: Id = None
    items: list[AppealItem] | None = None
    explain: StrictBool = False

    @model_validator(mode="after")
    def _one_form(self):
        if (self.text is None) == (self.items is None):
            raise ValueError("expected exactly one of 'text' or 'items'")
        if self.text is not None and not self.text.strip():
            raise ValueError("text: expected a non-empty text, got only whitespace")
        return self


class Evidence(_Model):
    feature: str
    kind: Literal["lemma", "chars"]
    weight: float


class Prediction(_Model):
    id: Id
    label: Literal[LABELS]  # type: ignore[valid-type]
    label_ru: str
    confidence: float = Field(ge=0, le=1)
    scores: dict[str, float]
    needs_review: bool
    explanation: list[Evidence] | None = None


class ClassifyResponse(_Model):
    items: list[Prediction]


class TurnIn(_Model):
    speaker: StrictStr = Field(description="operator | client (also оператор, клиент, о, к)")
    text: StrictStr = Field(min_length=1)
    start: float | None = Field(None, ge=0)
    end: float | None = Field(None, ge=0)


class TranscriptIn(_Model):
    id: Id = None
    channel: StrictStr | None = None
    operator_id: StrictStr | int | None = None
    turns: list[TurnIn] | None = Field(None, min_length=1)
    text: StrictStr | None = Field(None, min_length=1, description="«Оператор: …» / «Клиент: …» lines")

    @model_validator(mode="after")
    def _one_form(self):
        if (self.turns is None) == (self.text is None):
            raise ValueError("expected exactly one of 'turns' or 'text'")
        return self


class ScoreBatch(_Model):
    items: list[Union[TranscriptIn, StrictStr]]


class Finding(_Model):
    category: str
    rule: str
    clause: str
    severity: Literal["minor", "major", "critical"]
    turn: int
    start: int
    end: int
    text: str
    suggestion: str | None


class ScoreResult(_Model):
    id: Id
    score: float
    passed: bool
    violations: list[Finding]
    checklist: dict[str, bool | None]


class ScoreResponse(_Model):
    items: list[ScoreResult]


class ErrorBody(_Model):
    code: str
    message: str
    details: list[dict] | dict | None = None
    request_id: str | None = None


class Error(_Model):
    error: ErrorBody


class ReloadResponse(_Model):
    reloaded: bool
    model: dict
    rules: dict


def _ref(model) -> dict:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _json(schema) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _errors(*codes) -> dict:
    names = {400: "malformed JSON", 401: "missing token", 403: "wrong token", 404: "not found",
             405: "method not allowed", 409: "reload failed", 413: "body or batch too large",
             415: "wrong content type", 422: "invalid fields", 500: "unexpected error", 503: "not ready"}
    return {str(c): {"description": names[c], **_json(_ref(Error))} for c in codes}


def openapi(limits: dict) -> dict:
    """The OpenAPI 3 description of what the endpoints accept and return."""
    models = [ClassifyRequest, AppealItem, Prediction, Evidence, ClassifyResponse, TranscriptIn, TurnIn,
              ScoreBatch, ScoreResult, Finding, ScoreResponse, Error, ErrorBody, ReloadResponse]
    schemas = {}
    for m in models:
        s = m.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(s.pop("$defs", {}))
        schemas[m.__name__] = s
    post = ("400", "413", "415", "422")
    score_body = {"oneOf": [_ref(TranscriptIn), {"type": "string", "minLength": 1}, _ref(ScoreBatch)]}
    return {
        "openapi": "3.0.3",
        "info": {"title": "gerp-nlp", "version": "1",
                 "description": "Appeal tagging (regulation section 8) and operator script scoring "
                                f"(sections 3.4, 6, 7). Limits: {limits}"},
        "paths": {
            "/v1/appeals/classify": {"post": {
                "summary": "label one appeal ({text}) or a batch ({items})",
                "requestBody": {"required": True, **_json(_ref(ClassifyRequest))},
                "responses": {"200": {"description": "a Prediction for {text}, {items: [...]} for a batch",
                                      **_json({"oneOf": [_ref(Prediction), _ref(ClassifyResponse)]})},
                              **_errors(*map(int, post), 503)}}},
            "/v1/transcripts/score": {"post": {
                "summary": "score one transcript (turns or «Оператор:» text, or a bare string) or {items}",
                "requestBody": {"required": True, **_json(score_body)},
                "responses": {"200": {"description": "a ScoreResult, or {items: [...]} for a batch",
                                      **_json({"oneOf": [_ref(ScoreResult), _ref(ScoreResponse)]})},
                              **_errors(*map(int, post), 503)}}},
            "/v1/model": {"get": {"summary": "the model card in service",
                                  "responses": {"200": {"description": "model card", **_json({"type": "object"})},
                                                **_errors(503)}}},
            "/v1/rules": {"get": {"summary": "the rulebook in service",
                                  "responses": {"200": {"description": "rulebook", **_json({"type": "object"})},
                                                **_errors(503)}}},
            "/v1/admin/reload": {"post": {
                "summary": "reload the model and rulebook from disk (bearer token)",
                "security": [{"bearer": []}],
                "responses": {"200": {"description": "reloaded", **_json(_ref(ReloadResponse))},
                              **_errors(401, 403, 404, 409)}}},
            "/healthz": {"get": {"summary": "alive", "responses": {"200": {
                "description": "alive", **_json({"type": "object"})}}}},
            "/readyz": {"get": {"summary": "model and rules loaded", "responses": {
                "200": {"description": "ready", **_json({"type": "object"})}, **_errors(503)}}},
        },
        "components": {"schemas": schemas,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }
