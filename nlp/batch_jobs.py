"""What a batch job does to a chunk of records: score transcripts or classify appeals.

A job is small and picklable (kind + the rules/model path); its resource (the
compiled rulebook or the classifier) is loaded once per worker and then serves
every chunk that worker gets. A bad record becomes an error line naming the
input line and the reason; it never stops the chunk. Reasons never quote the
record's text: transcripts and appeals hold personal data.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .batch_io import Item

KINDS = ("score", "classify")


@dataclass(frozen=True)
class Job:
    kind: str  # score | classify
    path: str | None = None  # rulebook (score) or model file (classify); None = the default
    text_column: str = "text"
    id_column: str = "id"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"job: expected one of {', '.join(KINDS)}, got {self.kind!r}")

    def load(self):
        """The rulebook or the classifier (raises RulebookError / ModelError)."""
        if self.kind == "score":
            from .rulebook import load_rulebook
            return load_rulebook(self.path)
        from .appeals import DEFAULT_MODEL, AppealClassifier
        return AppealClassifier.load(self.path or DEFAULT_MODEL)

    def options(self) -> dict:
        """What must not change between an interrupted run and its resumption."""
        from .model_io import sha256_file

        if self.kind == "score":
            from .rulebook import DEFAULT_RULES
            resource = Path(self.path or DEFAULT_RULES)
        else:
            from .appeals import DEFAULT_MODEL
            resource = Path(self.path or DEFAULT_MODEL)
        return {"job": self.kind, "resource": str(resource.resolve()),
                "resource_sha256": sha256_file(resource) if resource.is_file() else None,
                "text_column": self.text_column, "id_column": self.id_column}

    def columns(self) -> list[str]:
        """CSV output columns."""
        if self.kind == "score":
            from .rulebook import CHECKLIST
            return ["id", "operator_id", "score", "passed", *(f"checklist.{c}" for c in CHECKLIST), "violations"]
        from .labels import LABELS
        return ["id", "label", "label_ru", "confidence", "needs_review", *(f"scores.{lab}" for lab in LABELS)]


def process(kind: str, resource, items: list[Item]) -> list[tuple[bool, dict]]:
    """(True, output record) or (False, error record) for every item, in order."""
    return (score_chunk if kind == "score" else classify_chunk)(resource, items)


def decode(item: Item):
    if item.fmt == "bad":
        raise ValueError(item.payload)
    if item.fmt == "json":
        try:
            return json.loads(item.payload)
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno} column {exc.colno}" if exc.lineno > 1 else f"column {exc.colno}"
            raise ValueError(f"broken JSON ({exc.msg} at {where})") from None
        except RecursionError:
            raise ValueError("broken JSON (nested too deeply)") from None
    if item.fmt == "text":
        return {"id": item.default_id, "text": item.payload}
    return item.payload


def error_record(item: Item, obj, exc: BaseException) -> dict:
    rec: dict = {"line": item.line} if item.file is None else {"file": item.file}
    rid = obj.get("id") if isinstance(obj, dict) else None
    if isinstance(rid, (str, int)) and not isinstance(rid, bool):
        rec["id"] = rid
    if isinstance(exc, (ValueError, TypeError)):
        rec["error"] = str(exc)
    else:  # a bug, not bad input: name it without its message, which might quote the text
        rec["error"] = f"internal error ({type(exc).__name__}); please report it"
    return rec


def score_chunk(rulebook, items: list[Item]) -> list[tuple[bool, dict]]:
    from .scoring import score_transcript
    from .transcript import parse_transcript

    out = []
    for item in items:
        obj = None
        try:
            obj = decode(item)
            transcript = parse_transcript(obj, item.default_id)
            rec = score_transcript(transcript, rulebook).to_dict()
            if transcript.operator_id is not None:
                rec = {"id": rec.pop("id"), "operator_id": transcript.operator_id, **rec}
            out.append((True, rec))
        except Exception as exc:  # noqa: BLE001 - one bad record never stops the run
            out.append((False, error_record(item, obj, exc)))
    return out


def classify_chunk(clf, items: list[Item]) -> list[tuple[bool, dict]]:
    from .appeals import check_text

    out: list = [None] * len(items)
    docs, ids, where = [], [], []
    for i, item in enumerate(items):
        obj = None
        try:
            obj = decode(item)
            if not isinstance(obj, dict):
                raise TypeError(f"expected an object with a 'text' field, got {type(obj).__name__}")
            if "text" not in obj:
                raise ValueError("text: missing; expected an object with a 'text' field")
            docs.append(check_text(obj["text"]))  # plain strings: the classifier's batch path
            ids.append(obj.get("id", item.default_id))
            where.append(i)
        except Exception as exc:  # noqa: BLE001
            out[i] = (False, error_record(item, obj, exc))
    for i, pred in zip(where, clf.predict(docs, ids=ids)):
        out[i] = (True, pred.to_dict())
    return out
