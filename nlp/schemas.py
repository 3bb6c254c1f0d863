"""Request and response shapes of the HTTP API (pydantic), and its OpenAPI document."""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictFloat, StrictStr,
                      field_validator, model_validator)

from .labels import LABELS
from .transcript import MAX_TURN_CHARS, SPEAKERS
from .transcript import MAX_TURNS as PARSER_MAX_TURNS

def _not_bool(value):
    if isinstance(value, bool):
        raise ValueError("expected a string or an integer, got a boolean")
    return value


# JSON's true is not the id 1; 80.0 is the integer 80, as JSON Schema says
Integer = Annotated[int, BeforeValidator(_not_bool)]
Id = Union[StrictStr, Integer, None]


def _exactly_one(a: tuple[str, str], b: tuple[str, str]) -> dict:
    """JSON Schema for "exactly one of the two fields, not null" (what the model validators check)."""
    return {"oneOf": [{"required": [name], "properties": {name: {"type": kind}}} for name, kind in (a, b)]}


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
    model_config = ConfigDict(extra="forbid", json_schema_extra=_exactly_one(("text", "string"), ("items", "array")))
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
    start: StrictFloat | None = Field(None, ge=0)
    end: StrictFloat | None = Field(None, ge=0)


class TranscriptIn(_Model):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_exactly_one(("turns", "array"), ("text", "string")))
    id: Id = None
    channel: StrictStr | None = None
    operator_id: StrictStr | Integer | None = None
    turns: list[TurnIn] | None = Field(None, min_length=1)
    text: StrictStr | None = Field(None, min_length=1, description="«Оператор: …» / «Клиент: …» lines")

    @model_validator(mode="after")
    def _one_form(self):
        if (self.turns is None) == (self.text is None):
            raise ValueError("expected exactly one of 'turns' or 'text'")
        return self


class ScoreBatch(_Model):
    items: list[Union[TranscriptIn, Annotated[StrictStr, Field(min_length=1)]]]


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


def _constrain(prop: dict, kind: str, **constraints) -> None:
    """Add constraints to a property (to its ``kind`` branch when it may also be null)."""
    for branch in prop.get("anyOf", [prop]):
        if branch.get("type") == kind:
            branch.update(constraints)


def _any_case(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


# the app refuses texts of only whitespace (str.strip()); "\S" differs between regex engines (Python's
# counts U+001C-U+001F as space, ECMA's does not), so the class lists what str.isspace() calls space
NOT_BLANK = r"[^\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
SPEAKER_PATTERN = r"^\s*(?:" + "|".join(_any_case(w) for w in sorted(SPEAKERS, key=len, reverse=True)) + r")\s*$"


def _with_limits(schemas: dict, limits: dict) -> None:
    """Write the configured limits and the non-blank rules into the schemas: a request the document
    calls valid is one the app accepts (tests/test_fuzz_api.py checks it with schemathesis)."""
    text_max, batch_max = limits["MAX_TEXT_CHARS"], limits["MAX_BATCH"]
    prop = lambda model, field: schemas[model]["properties"][field]  # noqa: E731
    for model in ("ClassifyRequest", "AppealItem", "TranscriptIn"):
        _constrain(prop(model, "text"), "string", maxLength=text_max, pattern=NOT_BLANK)
    for model in ("ClassifyRequest", "ScoreBatch"):
        _constrain(prop(model, "items"), "array", minItems=1, maxItems=batch_max)
    _constrain(prop("TranscriptIn", "turns"), "array", maxItems=min(limits["MAX_TURNS"], PARSER_MAX_TURNS))
    _constrain(prop("TurnIn", "text"), "string", maxLength=MAX_TURN_CHARS, pattern=NOT_BLANK)
    _constrain(prop("TurnIn", "speaker"), "string", pattern=SPEAKER_PATTERN)
    for branch in prop("ScoreBatch", "items")["items"]["anyOf"]:
        _constrain(branch, "string", maxLength=text_max, pattern=NOT_BLANK)


def openapi(limits: dict) -> dict:
    """The OpenAPI 3.1 description of what the endpoints accept and return."""
    models = [ClassifyRequest, AppealItem, Prediction, Evidence, ClassifyResponse, TranscriptIn, TurnIn,
              ScoreBatch, ScoreResult, Finding, ScoreResponse, Error, ErrorBody, ReloadResponse]
    schemas = {}
    for m in models:
        s = m.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(s.pop("$defs", {}))
        schemas[m.__name__] = s
    _with_limits(schemas, limits)
    post = ("400", "413", "415", "422")
    score_body = {"oneOf": [_ref(TranscriptIn), _ref(ScoreBatch),
                            {"type": "string", "minLength": 1, "maxLength": limits["MAX_TEXT_CHARS"],
                             "pattern": NOT_BLANK}]}
    return {
        # pydantic writes JSON Schema 2020-12 ({"type": "null"} branches): that is OpenAPI 3.1, not 3.0
        "openapi": "3.1.0",
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
