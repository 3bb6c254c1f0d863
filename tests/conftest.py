"""Session fixtures: the heavy objects are built once per test run."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "appeals.jsonl"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def rulebook():
    from nlp.rulebook import load_rulebook

    return load_rulebook()


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> Path:
    """About 60 texts per class from the shipped corpus (fast training in tests)."""
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    picked, per = [], {}
    for r in rows:
        if per.get(r["label"], 0) < 60:
            per[r["label"]] = per.get(r["label"], 0) + 1
            picked.append({"text": r["text"], "label": r["label"]})
    path = tmp_path_factory.mktemp("corpus") / "small.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in picked), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def model_path(tmp_path_factory) -> Path:
    """A model trained on the whole shipped corpus with the default candidate list's first entry."""
    from training.train import train

    out = tmp_path_factory.mktemp("models") / "appeals.joblib"
    train([CORPUS], out, candidates=["logreg"], folds=3, log=lambda *a: None)
    return out


@pytest.fixture(scope="session")
def classifier(model_path):
    from nlp.appeals import AppealClassifier

    return AppealClassifier.load(model_path)


def copy_model(model_path: Path, dest: Path) -> Path:
    """Copy a model with its card(s) into ``dest`` (made if missing): a models dir of its own."""
    dest.mkdir(parents=True, exist_ok=True)
    stem = model_path.name.removesuffix(".joblib")
    for f in model_path.parent.iterdir():
        if f.name.startswith(stem):
            shutil.copy(f, dest / f.name)
    return dest


@pytest.fixture(scope="module")
def models_dir(model_path, tmp_path_factory) -> Path:
    """A models directory of this test module's own, holding the session model."""
    return copy_model(model_path, tmp_path_factory.mktemp("models"))
