"""Streaming inputs and outputs of batch jobs: JSONL, CSV, plain lines, directories, gzip.

A reader yields one ``Item`` per input record without decoding it (JSON is
decoded by the worker that scores it), so memory stays flat and skipping the
records of an interrupted run is cheap. Writers turn result records into bytes.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
from pathlib import Path
from typing import Iterator, NamedTuple

csv.field_size_limit(16 * 1024 * 1024)

GZIP_MAGIC = b"\x1f\x8b"
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
DIR_SUFFIXES = (".txt", ".json")


class BatchError(ValueError):
    """A batch job that cannot start or go on; the message says what to do."""


class Item(NamedTuple):
    line: int | None  # line number in the input file (None for a directory entry)
    file: str | None  # file name inside an input directory
    default_id: object  # id to use when the record has none
    fmt: str  # json: undecoded JSON text | text: a bare text | obj: a ready dict | bad: a reason
    payload: object


def _open_binary(path: Path):
    with open(path, "rb") as f:
        gz = f.read(2) == GZIP_MAGIC
    return gzip.open(path, "rb") if gz else open(path, "rb")


def _stem(path: Path) -> str:
    name = path.name.removesuffix(".gz")
    return path.with_name(name).suffix.lower()


def input_format(path: str | os.PathLike, kind: str) -> str:
    """jsonl | csv | lines | dir, from the name (a .gz suffix is looked through)."""
    path = Path(path)
    if path.is_dir():
        return "dir"
    if not path.is_file():
        raise BatchError(f"{path}: no such file or directory")
    suffix = _stem(path)
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix == ".txt" and kind == "classify":
        return "lines"
    raise BatchError(f"{path}: expected a .jsonl or .csv file (optionally .gz) or a directory of "
                     f".txt/.json files, got {suffix or 'no extension'!r}")


def _decode(raw: bytes, first: bool) -> str:
    text = raw.decode("utf-8")
    return text.removeprefix("\ufeff") if first else text


def read_lines(path: Path, fmt: str) -> Iterator[Item]:
    """JSONL (undecoded) or plain-text lines, blank lines skipped."""
    with _open_binary(path) as f:
        try:
            for n, raw in enumerate(f, 1):
                if not raw.strip():
                    continue
                try:
                    text = _decode(raw, n == 1)
                except UnicodeDecodeError:
                    yield Item(n, None, n, "bad", "not UTF-8 text")
                    continue
                yield Item(n, None, n, "json" if fmt == "jsonl" else "text", text.rstrip("\r\n"))
        except (EOFError, gzip.BadGzipFile) as exc:
            raise BatchError(f"{path}: the compressed input ends early or is damaged ({exc})") from None


def read_csv(path: Path, text_column: str = "text", id_column: str = "id",
             extra: tuple[str, ...] = ()) -> Iterator[Item]:
    """CSV rows with a header; each becomes {"id", "text", *extra} (empty cells are missing)."""
    f = io.TextIOWrapper(_open_binary(path), encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(f)
    try:
        header = next(reader, [])
    except (csv.Error, EOFError, gzip.BadGzipFile) as exc:
        f.close()
        raise BatchError(f"{path}: cannot read the CSV header ({exc})") from None
    cols = {name.strip(): i for i, name in enumerate(header)}
    if header and text_column not in cols:
        f.close()
        raise BatchError(f"{path}: the CSV header has no {text_column!r} column (it has "
                         f"{', '.join(map(repr, cols))}); name the text column with --text-column")
    wanted = [("id", cols.get(id_column)), ("text", cols.get(text_column))]
    wanted += [(name, cols[name]) for name in extra if name in cols]
    return _csv_rows(path, f, reader, len(header), wanted)


def _csv_rows(path, f, reader, width: int, wanted) -> Iterator[Item]:
    with f:
        last = reader.line_num
        while width:
            n = last + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                last = reader.line_num
                yield Item(n, None, n, "bad", f"broken CSV row ({exc})")
                continue
            except (EOFError, gzip.BadGzipFile) as exc:
                raise BatchError(f"{path}: the compressed input ends early or is damaged ({exc})") from None
            last = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != width:
                yield Item(n, None, n, "bad", f"expected {width} CSV columns, got {len(row)}")
                continue
            try:
                "".join(row).encode("utf-8")
            except UnicodeEncodeError:
                yield Item(n, None, n, "bad", "not UTF-8 text")
                continue
            yield Item(n, None, n, "obj", {key: row[i] for key, i in wanted if i is not None and row[i] != ""})


def list_directory(path: Path) -> list[Path]:
    """The .txt/.json(.gz) files under a directory, in a stable order."""
    return sorted((p for p in path.rglob("*") if p.is_file() and _stem(p) in DIR_SUFFIXES),
                  key=lambda p: p.relative_to(path).as_posix())


def read_directory(path: Path) -> Iterator[Item]:
    """One record per file: a .txt holds a bare text, a .json one JSON object; the id is the name."""
    for p in list_directory(path):
        rel = p.relative_to(path).as_posix()
        rid = rel.removesuffix(".gz").rsplit(".", 1)[0]
        try:
            with _open_binary(p) as f:
                text = _decode(f.read(), True)
        except UnicodeDecodeError:
            yield Item(None, rel, rid, "bad", "not UTF-8 text")
            continue
        except (OSError, EOFError) as exc:
            yield Item(None, rel, rid, "bad", f"cannot read the file ({exc.__class__.__name__})")
            continue
        yield Item(None, rel, rid, "json" if _stem(p) == ".json" else "text", text)


def read_items(path: str | os.PathLike, kind: str, text_column: str = "text",
               id_column: str = "id") -> Iterator[Item]:
    """Every record of a batch input, streamed."""
    path = Path(path)
    fmt = input_format(path, kind)
    if fmt == "dir":
        return read_directory(path)
    if fmt == "csv":
        extra = ("operator_id", "channel") if kind == "score" else ()
        return read_csv(path, text_column, id_column, extra)
    return read_lines(path, fmt)


def count_items(path: str | os.PathLike, kind: str) -> int | None:
    """How many records the input holds (for the progress bar); None when unknown."""
    path = Path(path)
    fmt = input_format(path, kind)
    if fmt == "dir":
        return len(list_directory(path))
    with _open_binary(path) as f:
        try:
            if fmt == "csv":
                rows = csv.reader(io.TextIOWrapper(f, encoding="utf-8", errors="replace", newline=""))
                return max(0, sum(1 for row in rows if any(c.strip() for c in row)) - 1)
            return sum(1 for raw in f if raw.strip())
        except (EOFError, gzip.BadGzipFile, csv.Error):
            return None


# --- writers ---------------------------------------------------------------------------

class JsonlWriter:
    """One JSON object per line."""

    def header(self) -> bytes:
        return b""

    def encode(self, rec: dict) -> bytes:
        return (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8")


class CsvWriter:
    """Fixed columns; nested dicts as ``key.sub`` columns, lists as JSON, booleans as true/false."""

    def __init__(self, columns: list[str]):
        self.columns = columns

    def header(self) -> bytes:
        return "\ufeff".encode("utf-8") + self._row(self.columns)  # the BOM lets Excel see UTF-8

    def encode(self, rec: dict) -> bytes:
        return self._row([_cell(_get(rec, c)) for c in self.columns])

    @staticmethod
    def _row(cells) -> bytes:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(cells)
        return buf.getvalue().encode("utf-8")


def _get(rec: dict, column: str):
    if column in rec:
        return rec[column]
    key, _, sub = column.partition(".")
    value = rec.get(key)
    return value.get(sub) if sub and isinstance(value, dict) else None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def output_format(path: str | os.PathLike) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    raise BatchError(f"{path}: expected an output name ending in .jsonl or .csv, got {suffix or 'no extension'!r}")


def read_output(path: str | os.PathLike) -> Iterator[dict]:
    """Stream the records of a finished output file back (CSV cells come back as strings)."""
    path = Path(path)
    if output_format(path) == "jsonl":
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)
        return
    with open(path, encoding="utf-8-sig", newline="") as f:
        yield from csv.DictReader(f)
