"""Resumable outputs: OUT, OUT.errors.jsonl and the sidecar OUT.state.json.

The state file says how many input records are committed and how long OUT and
the errors file were at that point. It is replaced atomically after both files
are flushed and synced, so after a kill at any moment a rerun cuts the files
back to the last commit and skips that many input records: no duplicates, no
lost records, never a half-written line.
"""
from __future__ import annotations

import hashlib
import json
import os

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .batch_io import BatchError, list_directory
from .files import write_atomic

STATE_VERSION = 1


def state_path(out: str | os.PathLike) -> Path:
    return Path(f"{out}.state.json")


def errors_path(out: str | os.PathLike) -> Path:
    return Path(f"{out}.errors.jsonl")


@dataclass
class State:
    input: dict
    options: dict
    records: int = 0  # input records committed (written to OUT or to the errors file)
    ok: int = 0
    failed: int = 0
    out_bytes: int = 0
    errors_bytes: int = 0
    done: bool = False
    seconds: float = 0.0  # working time over all runs
    version: int = STATE_VERSION
    updated: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%S%z"))


def fingerprint(path: str | os.PathLike) -> dict:
    """Size, modification time and a hash of the first MiB (or of a directory listing)."""
    path = Path(path)
    h = hashlib.sha256()
    if path.is_dir():
        files = list_directory(path)
        for p in files:
            st = p.stat()
            h.update(f"{p.relative_to(path).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        return {"path": str(path.resolve()), "files": len(files), "listing_sha256": h.hexdigest()}
    st = path.stat()
    with open(path, "rb") as f:
        h.update(f.read(1 << 20))
    return {"path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns,
            "head_sha256": h.hexdigest()}


def save_state(path: Path, state: State) -> None:
    """Write the state atomically (temp file, fsync, rename)."""
    state.updated = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    write_atomic(path, json.dumps(asdict(state), ensure_ascii=False, indent=1).encode("utf-8"))


def load_state(path: Path) -> State | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("version") != STATE_VERSION:
            raise ValueError
        return State(**raw)
    except FileNotFoundError:
        return None
    except (ValueError, TypeError):
        raise BatchError(f"{path}: unreadable state of an earlier run; use --restart to start over") from None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def lock(out: Path):
    """Hold an exclusive lock on OUT for the whole run, so two runs never write it at once."""
    out.parent.mkdir(parents=True, exist_ok=True)
    f = open(out, "ab")
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return f
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        f.close()
        raise BatchError(f"another batch run is writing {out}; wait for it or stop it first") from None
    return f


def prepare(out: Path, input_fp: dict, options: dict, restart: bool) -> State:
    """The state to continue from: a fresh one, or the interrupted run's after checking it matches."""
    sp, ep = state_path(out), errors_path(out)
    state = None if restart else load_state(sp)
    if state is None:
        if not restart and _size(out) > 0:
            raise BatchError(f"{out} already exists and was not written by a batch run "
                             f"(no {sp.name}); remove it or use --restart to overwrite it")
        state = State(input_fp, options)
        save_state(sp, state)  # first: a kill right after leaves a state that truncates both files
        for p in (out, ep):
            p.write_bytes(b"")
        return state
    if state.input != input_fp:
        raise BatchError(f"the input changed since the run that wrote {out} (size, time or first bytes "
                         "differ); use --restart to start over")
    changed = sorted(k for k in set(state.options) | set(options) if state.options.get(k) != options.get(k))
    if changed:
        raise BatchError(f"{out} was written with other options ({', '.join(changed)} differ); rerun "
                         "with the same options or use --restart to start over")
    if _size(out) < state.out_bytes or _size(ep) < state.errors_bytes:
        raise BatchError(f"{out} or {ep.name} is shorter than its state file says (edited by hand?); "
                         "use --restart to start over")
    return state


class Committer:
    """Append-only OUT and errors file, cut back to the last commit, with periodic commits."""

    def __init__(self, out: Path, state: State, interval: float = 0.5):
        self.state, self.interval = state, interval
        self.sp = state_path(out)
        # unbuffered: each chunk is one write() of whole lines, so even a kill leaves whole lines
        self.out = open(out, "r+b", buffering=0)
        self.err = open(errors_path(out), "r+b", buffering=0)
        for f, size in ((self.out, state.out_bytes), (self.err, state.errors_bytes)):
            f.truncate(size)
            f.seek(size)
        # what the next commit records, as one tuple so that an interrupt never splits it
        self.pos = (state.records, state.ok, state.failed, state.out_bytes, state.errors_bytes)
        self.last = self.t0 = time.monotonic()
        self.base_seconds = state.seconds

    def write(self, out_bytes: bytes, err_bytes: bytes, records: int, ok: int, failed: int) -> None:
        """Append one chunk's lines; they count once the next commit is saved."""
        _write_all(self.out, out_bytes)
        _write_all(self.err, err_bytes)
        r, o, f, op, ep = self.pos
        self.pos = (r + records, o + ok, f + failed, op + len(out_bytes), ep + len(err_bytes))
        if time.monotonic() - self.last >= self.interval:
            self.commit()

    def commit(self, done: bool = False) -> None:
        """Sync both files and save the state; a partly written chunk (after an interrupt) is cut off."""
        s = self.state
        s.records, s.ok, s.failed, s.out_bytes, s.errors_bytes = self.pos
        for f, size in ((self.out, s.out_bytes), (self.err, s.errors_bytes)):
            if f.tell() != size:
                f.truncate(size)
            os.fsync(f.fileno())
        s.done = done
        self.last = time.monotonic()
        s.seconds = round(self.base_seconds + self.last - self.t0, 3)
        save_state(self.sp, s)

    def close(self) -> None:
        self.out.close()
        self.err.close()


def _write_all(f, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[f.write(view):]
