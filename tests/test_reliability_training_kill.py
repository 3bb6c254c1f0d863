"""Training killed at any moment of the save (SIGKILL: no cleanup, no finally) leaves a model and a
card that belong together and load: the previous ones, or the new ones once the model moved in.

Two ways: a child process that runs ``save_model`` and SIGKILLs itself before and after every
fsync and rename it makes (every step, deterministically); and a real ``gerp-nlp train`` killed
from outside at random moments after its save started. ``scripts/reliability/kill_train.py``
runs the second many more times for the figures in docs/reliability.md.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nlp.appeals import AppealClassifier
from nlp.model_io import card_path, load_model, prev_card_path, read_card, save_model
from tests.conftest import ROOT

# The child: save a "new" model over the old one and SIGKILL itself at one point of the save. The
# models are small objects (the save does not care what it writes; loading a real classifier is
# the real-training test's part), so that each child takes a fraction of a second.
CHILD = r"""
import os, signal, sys
from nlp import model_io

path, kill_at = sys.argv[1], int(sys.argv[2])
steps = []

def step(name, fn):
    def wrapped(*a, **k):
        steps.append("before " + name)
        if len(steps) - 1 == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        out = fn(*a, **k)
        steps.append("after " + name)
        if len(steps) - 1 == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return out
    return wrapped

os.replace = step("replace", os.replace)
os.fsync = step("fsync", os.fsync)
model_io.save_model({"model": "new", "weights": list(range(50_000))}, {"name": "new"}, path)
print(len(steps))
"""


def _previous_model(d: Path) -> Path:
    """A model in service (a small object) with its card, both "old"."""
    d.mkdir(parents=True, exist_ok=True)
    save_model({"model": "old", "weights": list(range(40_000))}, {"name": "old"}, d / "appeals.joblib")
    return d / "appeals.joblib"


def _previous_classifier(model_path: Path, d: Path) -> Path:
    """The test classifier as the one in service, its card named "old"."""
    d.mkdir(parents=True, exist_ok=True)
    shutil.copy(model_path, d / "appeals.joblib")
    card = json.loads(card_path(model_path).read_text())
    card["name"] = "old"
    card_path(d / "appeals.joblib").write_text(json.dumps(card))
    return d / "appeals.joblib"


def _run_child(path: Path, kill_at: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CHILD, str(path), str(kill_at)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def _check_loadable(path: Path) -> str:
    """The model and its card load together; return which one is in service (old / new)."""
    model, card = load_model(path)
    assert card["name"] in ("old", "new")
    assert model["model"] == card["name"], "the card of one model with the other model"
    return card["name"]


@pytest.mark.slow
def test_kill_at_every_step_of_the_save(tmp_path):
    dry = _run_child(_previous_model(tmp_path / "dry"), kill_at=10**6)
    assert dry.returncode == 0, dry.stderr
    n_steps = int(dry.stdout.strip())
    assert n_steps >= 8  # fsync + rename of the model, the kept card and the new card, before and after
    seen = []
    for k in range(n_steps):
        path = _previous_model(tmp_path / f"kill{k}")
        r = _run_child(path, kill_at=k)
        assert r.returncode == -signal.SIGKILL, (k, r.returncode, r.stderr[-500:])
        seen.append(_check_loadable(path))
        assert read_card(path)["name"] == seen[-1]
    # early kills keep the old model, late ones (after the model moved in) have the new one
    assert seen[0] == "old" and seen[-1] == "new" and seen == sorted(seen, key=["old", "new"].index)


def test_a_second_save_after_a_killed_one(tmp_path):
    # killed after the new card was committed but before the model moved in: the kept card serves;
    # the next save must keep the right card again (not the orphaned new one)
    path = _previous_model(tmp_path / "m")
    dry = _run_child(_previous_model(tmp_path / "dry"), kill_at=10**6)
    n_steps = int(dry.stdout.strip())
    r = _run_child(path, kill_at=n_steps - 2)  # before the last rename: the model's
    assert r.returncode == -signal.SIGKILL
    assert _check_loadable(path) == "old" and prev_card_path(path).exists()
    r = _run_child(path, kill_at=n_steps - 2)  # killed again at the same place
    assert r.returncode == -signal.SIGKILL and _check_loadable(path) == "old"
    assert _run_child(path, kill_at=10**6).returncode == 0
    assert _check_loadable(path) == "new"


def _gerp_train(corpus: Path, out: Path):
    return subprocess.Popen([str(Path(sys.executable).parent / "gerp-nlp"), "train", "--corpus", str(corpus),
                             "--out", str(out), "--candidate", "logreg", "--folds", "2", "--force", "--quiet"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def kill_train_during_save(corpus: Path, path: Path, delay: float, timeout: float = 300) -> str:
    """Run `gerp-nlp train`; SIGKILL it ``delay`` seconds after its temp model file appears
    (the save has begun). Return "killed" or "finished" (the save ended before the kill)."""
    proc = _gerp_train(corpus, path)
    deadline = time.monotonic() + timeout
    try:
        while not any(p.name.startswith(f".{path.name}.") for p in path.parent.iterdir()):
            if proc.poll() is not None:
                return "finished"
            assert time.monotonic() < deadline, "training did not reach its save"
            time.sleep(0.001)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        return "killed" if proc.wait(timeout=30) == -signal.SIGKILL else "finished"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.slow
def test_real_training_killed_during_its_save(model_path, small_corpus, tmp_path):
    rnd = random.Random(int(os.environ.get("GERP_NLP_KILL_SEED", "8")))
    outcomes = []
    for k, delay in enumerate([0.0] + [rnd.uniform(0, 0.6) for _ in range(2)]):
        path = _previous_classifier(model_path, tmp_path / f"train{k}")
        outcomes.append(kill_train_during_save(small_corpus, path, delay))
        card = AppealClassifier.load(path).card  # the model and its card load together
        assert card["name"] == "old" or card.get("corpus", {}).get("files") == [small_corpus.name]
    assert "killed" in outcomes
