"""A batch job killed (SIGKILL, whole process group) at random moments, again and again, and resumed
each time, ends with exactly the output and errors file of a run that was never interrupted.
GERP_NLP_KILL_SEED picks other moments."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from nlp.batch_state import errors_path, state_path
from tests.conftest import ROOT
from tests.test_batch import many, write_jsonl

RECORDS = 12_000
KILLS = 3


def _state(out) -> dict:
    try:
        return json.loads(state_path(out).read_text())
    except (FileNotFoundError, ValueError):
        return {"records": 0, "done": False}


def _run(cmd, out, kill_after_progress=None):
    """Run the command; with ``kill_after_progress`` (seconds), SIGKILL its process group that long
    after the state file first shows progress. Return (seconds to first progress, total, killed)."""
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)  # its own process group: the pool dies with it
    t0, first, killed = time.monotonic(), None, False
    try:
        start = _state(out)["records"]
        while proc.poll() is None and time.monotonic() - t0 < 120:
            if first is None and _state(out)["records"] != start:
                first = time.monotonic() - t0
            if first is not None and kill_after_progress is not None \
                    and time.monotonic() - t0 >= first + kill_after_progress:
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
                break
            time.sleep(0.002)
        _, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert killed or proc.returncode == 0, err
    return first or 0.0, time.monotonic() - t0, killed


@pytest.mark.slow
@pytest.mark.parametrize("workers", [2])  # a process pool (one process: tests/test_batch.py)
def test_killed_at_random_and_resumed_equals_an_uninterrupted_run(tmp_path, workers):
    rnd = random.Random(int(os.environ.get("GERP_NLP_KILL_SEED", "8")) + workers)
    src = write_jsonl(tmp_path / "in.jsonl", many(RECORDS))
    whole = tmp_path / "whole.jsonl"

    def cmd(out):
        return [sys.executable, "-m", "nlp.cli", "score-batch", str(src), "--out", str(out), "--workers", str(workers)]

    first, total, _ = _run(cmd(whole), whole)  # the uninterrupted run, and how long its work took
    work = max(total - first, 0.05)
    out, progress = tmp_path / "out.jsonl", []
    for attempt in range(12):
        left = 1 - _state(out)["records"] / RECORDS
        _run(cmd(out), out, kill_after_progress=rnd.uniform(0.05, 0.5) * work * left if attempt < KILLS else None)
        progress.append(_state(out)["records"])
        if _state(out)["done"]:  # finished (a kill may have landed after the last commit)
            break
    assert _state(out)["done"] and _state(out)["records"] == RECORDS, progress
    assert len(set(progress)) >= 2, f"no kill landed inside the run: {progress}"
    assert out.read_bytes() == whole.read_bytes()
    assert errors_path(out).read_bytes() == errors_path(whole).read_bytes()
