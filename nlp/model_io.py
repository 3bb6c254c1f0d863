"""Model files and their JSON cards: atomic writes, checked loads.

A model is a pickle file with a card beside it (``appeals.joblib`` and
``appeals.card.json``). The card records the library versions the model was
built with, the SHA-256 of the model file and how it was written. Loading checks
them BEFORE unpickling, because a pickle runs code when it is loaded.

Since session 21 a model is written with the standard pickle (protocol 5,
``"serialization": "pickle"`` on its card) and read with its C unpickler: 0.06 s
for the 21 MB default model, against 0.5 s for ``joblib.load``, whose unpickler
is written in Python (most of the API's cold start). A file without that card
entry was written by ``joblib.dump`` and is still read with ``joblib.load``; the
name stays ``.joblib`` (``joblib.load`` reads either kind).

Writes are crash-safe: the new card is committed first while the previous card
is kept as ``*.card.prev.json``; if the process dies before the model file is
renamed into place, the old model still matches the kept card and loads.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import platform
import tempfile
from importlib import metadata
from pathlib import Path

from .files import write_atomic

# Libraries whose version must match between training and loading (major.minor).
CHECKED_LIBRARIES = ("scikit-learn", "numpy", "scipy", "joblib")
REPORTED_LIBRARIES = CHECKED_LIBRARIES + ("spacy", "pymorphy3", "pymorphy3-dicts-ru", "gerp-nlp")


# how save_model writes a model; a card without the entry is a joblib.dump file (before session 21)
SERIALIZATION = "pickle"


class ModelError(ValueError):
    """A model file that cannot be used; the message says how to fix it."""


def card_path(model_path: str | os.PathLike) -> Path:
    p = Path(model_path)
    return p.with_name(p.name.removesuffix(".joblib") + ".card.json")


def prev_card_path(model_path: str | os.PathLike) -> Path:
    p = Path(model_path)
    return p.with_name(p.name.removesuffix(".joblib") + ".card.prev.json")


def library_versions() -> dict[str, str]:
    """Installed versions of the libraries a model depends on."""
    out = {"python": platform.python_version()}
    for name in REPORTED_LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def sha256_file(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _json_bytes(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def save_model(model, card: dict, path: str | os.PathLike) -> dict:
    """Write ``model`` and its card atomically; return the card as written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_model = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(model, f, protocol=5)  # read back by the C unpickler: the API's cold start
            f.flush()
            os.fsync(f.fileno())
        card = dict(card, model_file=path.name, model_sha256=sha256_file(tmp_model),
                    versions=library_versions(), serialization=SERIALIZATION)
        cpath, prev = card_path(path), prev_card_path(path)
        if path.exists():  # keep the card that matches the model now in place
            try:
                old = _json_bytes(read_card(path))
            except ModelError:
                old = None
            if old is not None:
                write_atomic(prev, old)
        write_atomic(cpath, _json_bytes(card))
        os.replace(tmp_model, path)
    except BaseException:
        Path(tmp_model).unlink(missing_ok=True)
        raise
    return card


def _read_card(path: Path) -> dict:
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"cannot read model card {path}: {exc}; retrain with `gerp-nlp train`") from exc
    if not isinstance(card, dict) or not isinstance(card.get("model_sha256"), str):
        raise ModelError(f"model card {path} has no model_sha256; retrain with `gerp-nlp train`")
    if not isinstance(card.get("versions", {}), dict):
        raise ModelError(f"model card {path}: versions: expected an object; retrain with `gerp-nlp train`")
    return card


def read_card(model_path: str | os.PathLike, digest: str | None = None) -> dict:
    """The card that matches the model file now on disk (checks the SHA-256, or ``digest`` of bytes read)."""
    path = Path(model_path)
    if not path.is_file():
        raise ModelError(f"no model file at {path}; train one with `gerp-nlp train --out {path}`")
    cpath = card_path(path)
    if not cpath.is_file():
        raise ModelError(f"model {path} has no card {cpath.name} beside it; retrain with `gerp-nlp train`")
    digest = digest or sha256_file(path)
    card = _read_card(cpath)
    if card["model_sha256"] == digest:
        return card
    prev = prev_card_path(path)
    if prev.is_file():
        old = _read_card(prev)
        if old["model_sha256"] == digest:  # a write was interrupted before the model moved in
            return old
    raise ModelError(
        f"model file {path} does not match its card (SHA-256 {digest[:12]}… vs "
        f"{card['model_sha256'][:12]}…): it is corrupt or was replaced; retrain with `gerp-nlp train`"
    )


def check_versions(card: dict, path) -> None:
    """Refuse a model built with other major.minor versions of the checked libraries."""
    installed = library_versions()
    built = card.get("versions", {})
    for lib in CHECKED_LIBRARIES:
        have, want = installed.get(lib, "?"), str(built.get(lib, "?"))
        if have.split(".")[:2] != want.split(".")[:2]:
            raise ModelError(
                f"model {path} was trained with {lib} {want}, but {have} is installed; "
                f"retrain it with `gerp-nlp train --out {path}` (or install {lib}=={want})"
            )


def load_model(path: str | os.PathLike):
    """Load a model after checking its card; return ``(model, card)``."""
    import joblib

    path = Path(path)
    data = None
    if path.is_file():  # read once: the bytes hashed are the bytes unpickled, even if the file is replaced
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ModelError(f"cannot read model file {path}: {exc.strerror}") from None
    card = read_card(path, hashlib.sha256(data).hexdigest() if data is not None else None)
    check_versions(card, path)
    how = card.get("serialization", "joblib")
    if how not in ("joblib", SERIALIZATION):
        raise ModelError(f"model card {card_path(path)}: unknown serialization {how!r} (expected "
                         f"{SERIALIZATION!r} or none); retrain with `gerp-nlp train --out {path}`")
    try:
        model = pickle.loads(data) if how == SERIALIZATION else joblib.load(io.BytesIO(data))
    except Exception as exc:  # corrupt or truncated pickles raise many types
        raise ModelError(f"cannot load model {path}: {exc!r}; retrain with `gerp-nlp train`") from exc
    return model, card
