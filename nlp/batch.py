"""Batch jobs: stream an input through a job, locally or on a Dask cluster, resumably.

``run_batch(Job("score"), "calls.jsonl", "scores.jsonl", workers=4)`` reads the
input in chunks, sends them to the workers (the process itself, a local
process pool, or Dask workers), and writes the results in input order. Bad
records go to ``OUT.errors.jsonl``. An interrupted run continues where it
stopped when started again with the same arguments (see ``batch_state``).
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from .batch_io import BatchError, CsvWriter, JsonlWriter, count_items, output_format, read_items
from .batch_jobs import Job, process
from .batch_state import Committer, errors_path, fingerprint, lock, prepare

DASK_ENV = "GERP_NLP_DASK"
CHUNK_SIZE = 200  # records per task; results are committed chunk by chunk
DASK_CHUNK_SIZE = 1000
DASK_CONNECT_TIMEOUT = "20s"

__all__ = ["BatchError", "Job", "Summary", "run_batch"]


@dataclass(frozen=True)
class Summary:
    out: Path
    errors: Path
    records: int  # input records done over all runs (ok + failed)
    ok: int
    failed: int
    resumed_from: int  # records already done when this run started
    seconds: float  # this run's time
    already_done: bool = False

    @property
    def rate(self) -> float:
        """Records per second in this run."""
        done = self.records - self.resumed_from
        return done / self.seconds if self.seconds > 0 else 0.0


def dask_address(address: str | None = None) -> str | None:
    """The scheduler to use: the argument, else $GERP_NLP_DASK, else none ('local' forces none)."""
    address = address if address is not None else os.environ.get(DASK_ENV, "")
    return None if address.strip().lower() in ("", "local") else address.strip()


def run_batch(job: Job, source, out, *, workers: int = 1, dask: str | None = None, restart: bool = False,
              progress: bool = False, chunk_size: int | None = None) -> Summary:
    """Run a whole batch job (or continue an interrupted one) and say what it did."""
    source, out = Path(source), Path(out)
    if workers < 1:
        raise BatchError(f"--workers: expected 1 or more, got {workers}")
    address = dask_address(dask)
    writer = CsvWriter(job.columns()) if output_format(out) == "csv" else JsonlWriter()
    if out.resolve() == source.resolve():
        raise BatchError(f"{out}: the output would overwrite the input")
    items = read_items(source, job.kind, job.text_column, job.id_column)  # checks the format and CSV header
    resource = job.load()  # a broken rulebook or model fails here, before any file is touched
    t0 = time.perf_counter()
    held = lock(out)
    try:
        state = prepare(out, fingerprint(source), job.options(), restart)
        if state.done:
            return Summary(out, errors_path(out), state.records, state.ok, state.failed, state.records,
                           0.0, already_done=True)
        resumed = state.records
        committer = Committer(out, state)
        bar = _progress_bar(source, job.kind, resumed) if progress else None
        try:
            if state.out_bytes == 0:
                committer.write(writer.header(), b"", 0, 0, 0)
            size = chunk_size or (DASK_CHUNK_SIZE if address else CHUNK_SIZE)
            chunks = _chunks(islice(items, resumed, None), size)
            for results in _execute(job, resource, chunks, workers, address):
                good = [rec for ok, rec in results if ok]
                bad = [rec for ok, rec in results if not ok]
                committer.write(b"".join(map(writer.encode, good)), b"".join(map(_ERR.encode, bad)),
                                len(results), len(good), len(bad))
                if bar is not None:
                    bar.update(len(results))
            committer.commit(done=True)
        finally:
            if not state.done:
                committer.commit()
            committer.close()
            if bar is not None:
                bar.close()
        s = committer.state
        return Summary(out, errors_path(out), s.records, s.ok, s.failed, resumed, time.perf_counter() - t0)
    finally:
        held.close()


_ERR = JsonlWriter()


def _chunks(items, size: int):
    while chunk := list(islice(items, size)):
        yield chunk


def _progress_bar(source: Path, kind: str, done: int):
    from tqdm import tqdm

    return tqdm(total=count_items(source, kind), initial=done, unit=" rec", file=sys.stderr,
                dynamic_ncols=True, smoothing=0.05, desc=kind)


def _execute(job: Job, resource, chunks, workers: int, address: str | None):
    """Results of every chunk, in input order."""
    if address:
        yield from _dask_map(job, resource, chunks, address)
    elif workers > 1:
        yield from _pool_map(job, chunks, workers)
    else:
        for chunk in chunks:
            yield process(job.kind, resource, chunk)


def _in_order(submit, chunks, window: int):
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


# --- local processes -------------------------------------------------------------------

_worker: dict = {}


def _init_worker(job: Job) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    _worker["resource"] = job.load()


def _pool_task(kind: str, items):
    return process(kind, _worker["resource"], items)


def _pool_map(job: Job, chunks, workers: int):
    ctx = multiprocessing.get_context("forkserver")
    # workers fork from a server that imported the heavy modules once (safe with threads, unlike fork)
    ctx.set_forkserver_preload(["nlp.batch_jobs", "nlp.scoring" if job.kind == "score" else "nlp.appeals"])
    ex = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(job,))
    try:
        yield from _in_order(lambda chunk: ex.submit(_pool_task, job.kind, chunk), chunks, 2 * workers + 1)
    except BrokenProcessPool:
        ex.shutdown(wait=False, cancel_futures=True)
        raise BatchError("a worker process died (out of memory or killed?); the output so far is kept: "
                         "rerun the same command to continue") from None
    except BaseException:  # Ctrl-C, or the caller stopped reading
        ex.shutdown(wait=False, cancel_futures=True)
        raise
    ex.shutdown(wait=True)


# --- Dask --------------------------------------------------------------------------------

def _dask_map(job: Job, resource, chunks, address: str):
    try:
        from distributed import Client, KilledWorker
    except ImportError:  # pragma: no cover - a dependency
        raise BatchError("--dask needs dask[distributed]: pip install 'dask[distributed]'") from None
    try:
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise BatchError(f"cannot reach the Dask scheduler at {address} ({exc}); is `dask scheduler` "
                         "running there?") from None
    try:
        # the rulebook/model goes to every worker once; tasks then carry only their records
        [shared] = client.scatter([resource], broadcast=True, hash=False)
        window = 2 * max(1, sum(client.nthreads().values())) + 2
        submit = lambda chunk: client.submit(process, job.kind, shared, chunk, pure=False)  # noqa: E731
        yield from _in_order(submit, chunks, window)
    except (OSError, TimeoutError, KilledWorker) as exc:
        raise BatchError(f"lost the Dask cluster at {address} ({exc}); the output so far is kept: "
                         "rerun the same command to continue") from None
    finally:
        client.close()
