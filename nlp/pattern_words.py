"""The readings of the rulebook's pattern words, kept on disk between starts.

Compiling the default rulebook reads about 4,000 pattern words with pymorphy3:
each word's lemmas and the forms of those lemmas that a text's word may be read
under (``matcher._alts``). That took 0.57 of the 0.85 s a rulebook load takes,
the largest part of the API's cold start after the model. The readings depend
only on the word, on pymorphy3 and its dictionary and on ``nlp/morph.py``, so
they are stored in a JSON file named by a fingerprint of those; a file of other
versions is never read, and a missing, unreadable or damaged file is only slower.

Where: ``$GERP_NLP_CACHE_DIR`` if set (``off`` turns the cache off), else
``$XDG_CACHE_HOME/gerp-nlp`` or ``~/.cache/gerp-nlp``. JSON, not pickle: reading
the cache runs no code. The first load after a rulebook or library change reads
the new words with pymorphy3 and rewrites the file (atomically).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from importlib import metadata
from pathlib import Path

from .files import write_atomic

log = logging.getLogger("gerp_nlp")

CACHE_ENV = "GERP_NLP_CACHE_DIR"
MAX_WORDS = 50_000  # a file holds at most this many words (a few rulebooks' worth, about 3 MB)
_FORMAT = 1

Readings = tuple[tuple[str, ...], tuple[str, ...]]  # (lemmas, extra forms)

_stored: dict[str, Readings] | None = None   # the file's words, read at first use
_added: dict[str, Readings] = {}   # words read with pymorphy3 since, not yet written
_served: set[str] = set()   # the words asked for since the last write (kept when the file is full)


def cache_dir() -> Path | None:
    """The folder of the cache file, or None when the cache is off."""
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "none") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "gerp-nlp"


def fingerprint() -> str:
    """What the readings depend on: pymorphy3, its dictionary and the analysis code."""
    h = hashlib.sha256(f"format {_FORMAT}\n".encode())
    for name in ("pymorphy3", "pymorphy3-dicts-ru"):
        try:
            h.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} none\n".encode())
    h.update((Path(__file__).parent / "morph.py").read_bytes())
    return h.hexdigest()[:16]


def cache_path() -> Path | None:
    d = cache_dir()
    return None if d is None else d / f"pattern-words-{fingerprint()}.json"


def _load() -> dict[str, Readings]:
    path = cache_path()
    if path is None or not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        words = raw["words"]
        return {w: (tuple(v[0]), tuple(v[1])) for w, v in words.items()}
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        log.warning("pattern word cache %s unreadable (%s); reading the words anew", path, exc)
        return {}


def get(word: str, compute) -> Readings:
    """The readings of a pattern word: from the file if it has them, else ``compute(word)``."""
    global _stored
    if _stored is None:
        _stored = _load()
    _served.add(word)
    hit = _stored.get(word)
    if hit is None:
        hit = _added.get(word)
    if hit is None:
        hit = compute(word)
        _added[word] = hit
    return hit


def flush() -> bool:
    """Write the words read since the last write into the file; True if it was written. Forgets the
    file's words either way (a worker keeps no copy; a reload reads the file again). A cache that
    cannot be written (read-only home, full disk) is left as it is."""
    global _stored
    added, stored, served = dict(_added), _stored or {}, set(_served)
    reset()
    path = cache_path()
    if not added or path is None:
        return False
    merged = {**stored, **added}
    if len(merged) > MAX_WORDS:   # other rulebooks' words make room for the words asked for now
        merged = {w: r for w, r in merged.items() if w in served}
    body = {"format": _FORMAT, "fingerprint": path.stem.rsplit("-", 1)[-1],
            "words": {w: [list(l), list(f)] for w, (l, f) in sorted(merged.items())}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    except OSError as exc:
        log.warning("pattern word cache %s not written (%s); the next start reads the words again", path, exc)
        return False
    return True


def reset() -> None:
    """Forget what was read from and added to the file (tests; after ``GERP_NLP_CACHE_DIR`` changes)."""
    global _stored
    _stored = None
    _added.clear()
    _served.clear()
