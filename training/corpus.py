"""Load and validate labelled appeal corpora (CSV ``text,label`` or JSONL).

Any problem stops the load with an error naming the file and line, so a broken
corpus never reaches training and no model is written from it.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

from nlp.labels import LABELS
from nlp.morph import fold

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "appeals.jsonl"
TEST_SHARE = 5  # one text in five goes to the test split


class CorpusError(ValueError):
    """A corpus file that cannot be used; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str
    source: str  # "file:line"

    @property
    def split(self) -> str:
        return split_of(self.text)


def split_of(text: str) -> str:
    """Fixed split by a hash of the folded, whitespace-collapsed text: 'train' or 'test'.

    >>> split_of("Мастер не пришёл") == split_of("  мастер не  ПРИШЕЛ ")
    True
    """
    key = " ".join(fold(text).split()).encode("utf-8")
    return "test" if int(hashlib.sha1(key).hexdigest(), 16) % TEST_SHARE == 0 else "train"


def _check(text, label, where: str) -> Example:
    if not isinstance(text, str):
        raise CorpusError(f"{where}: field 'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        raise CorpusError(f"{where}: field 'text' is empty")
    if label not in LABELS:
        raise CorpusError(f"{where}: unknown label {label!r}; expected one of {', '.join(LABELS)}")
    return Example(text, label, where)


def _lines(path: Path):
    """Yield (line number, decoded line); a wrong encoding names the line."""
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise CorpusError(f"{path}:{n}: not UTF-8 ({exc.reason} at byte {exc.start}); "
                                  "save the file as UTF-8") from None
            yield n, line.lstrip("\ufeff") if n == 1 else line


def _read_jsonl(path: Path):
    for n, line in _lines(path):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{where}: broken JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(row, dict):
            raise CorpusError(f"{where}: expected a JSON object with 'text' and 'label', got {type(row).__name__}")
        for key in ("text", "label"):
            if key not in row:
                raise CorpusError(f"{where}: missing field {key!r}")
        yield _check(row["text"], row["label"], where)


def _read_csv(path: Path):
    lines = list(_lines(path))  # decode first, so encoding errors name their line
    text = "".join(line for _, line in lines)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CorpusError(f"{path}:1: empty file; expected a header 'text,label'") from None
    cols = [h.strip().lower() for h in header]
    if "text" not in cols or "label" not in cols:
        raise CorpusError(f"{path}:1: header must name the columns 'text' and 'label', got {header}")
    ti, li = cols.index("text"), cols.index("label")
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CorpusError(f"{path}:{reader.line_num}: broken CSV row ({exc})") from None
        where = f"{path}:{reader.line_num}"
        if not row:
            continue
        if len(row) != len(header):
            raise CorpusError(f"{where}: expected {len(header)} columns, got {len(row)}")
        yield _check(row[ti], row[li].strip(), where)


def load_corpus(paths) -> list[Example]:
    """Read one or more corpus files; exact duplicate texts keep their first copy."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    examples: list[Example] = []
    seen: dict[str, str] = {}
    for p in map(Path, paths):
        if not p.is_file():
            raise CorpusError(f"{p}: no such corpus file")
        suffix = p.suffix.lower()
        if suffix == ".csv":
            rows = _read_csv(p)
        elif suffix in (".jsonl", ".json", ".ndjson"):
            rows = _read_jsonl(p)
        else:
            raise CorpusError(f"{p}: unknown corpus format {suffix!r}; use .csv (text,label) or .jsonl")
        for ex in rows:
            key = " ".join(fold(ex.text).split())
            if key in seen:
                if seen[key] != ex.label:
                    raise CorpusError(f"{ex.source}: the same text is labelled {seen[key]!r} elsewhere "
                                      f"and {ex.label!r} here; keep one label")
                continue
            seen[key] = ex.label
            examples.append(ex)
    if not examples:
        raise CorpusError(f"{', '.join(map(str, paths))}: no labelled texts")
    return examples


def corpus_sha256(paths) -> str:
    """One SHA-256 over the corpus files' bytes, in the order given."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    h = hashlib.sha256()
    for p in paths:
        h.update(Path(p).read_bytes())
    return h.hexdigest()
