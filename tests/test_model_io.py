"""nlp/model_io.py: atomic writes, SHA-256 and version checks before unpickling."""
import json
import os

import pytest

from nlp import model_io
from nlp.model_io import ModelError, card_path, load_model, prev_card_path, read_card, save_model


def test_roundtrip_writes_card_with_versions_and_sha(tmp_path):
    path = tmp_path / "m.joblib"
    card = save_model({"w": [1, 2, 3]}, {"name": "t"}, path)
    assert card["model_sha256"] == model_io.sha256_file(path)
    assert card["versions"]["scikit-learn"]
    model, loaded = load_model(path)
    assert model == {"w": [1, 2, 3]} and loaded["name"] == "t"
    assert json.loads(card_path(path).read_text())["model_sha256"] == card["model_sha256"]


def test_missing_model_says_how_to_train(tmp_path):
    with pytest.raises(ModelError, match="gerp-nlp train"):
        load_model(tmp_path / "none.joblib")


def test_missing_card(tmp_path):
    path = tmp_path / "m.joblib"
    save_model([1], {}, path)
    card_path(path).unlink()
    with pytest.raises(ModelError, match="has no card"):
        load_model(path)


@pytest.mark.parametrize("damage", ["truncate", "corrupt"])
def test_damaged_model_is_refused_before_unpickling(tmp_path, damage):
    path = tmp_path / "m.joblib"
    save_model(list(range(1000)), {}, path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if damage == "truncate" else data[:-10] + b"x" * 10)
    with pytest.raises(ModelError, match="does not match its card"):
        load_model(path)


def test_wrong_library_version_is_refused(tmp_path):
    path = tmp_path / "m.joblib"
    save_model([1], {}, path)
    card = json.loads(card_path(path).read_text())
    card["versions"]["scikit-learn"] = "0.1.0"
    card_path(path).write_text(json.dumps(card))
    with pytest.raises(ModelError, match=r"trained with scikit-learn 0\.1\.0.*retrain it with `gerp-nlp train"):
        load_model(path)


def test_interrupted_write_keeps_the_previous_model_loadable(tmp_path, monkeypatch):
    path = tmp_path / "m.joblib"
    save_model(["old"], {"name": "old"}, path)
    real_replace = os.replace

    def die_before_model_moves(src, dst):
        if str(dst) == str(path):
            raise KeyboardInterrupt("killed")  # the process dies after the card was committed
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", die_before_model_moves)
    with pytest.raises(KeyboardInterrupt):
        save_model(["new"], {"name": "new"}, path)
    monkeypatch.setattr(os, "replace", real_replace)
    model, card = load_model(path)
    assert model == ["old"] and card["name"] == "old"
    assert prev_card_path(path).exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    save_model(["new"], {"name": "new"}, path)  # the next write succeeds normally
    assert load_model(path)[0] == ["new"] and read_card(path)["name"] == "new"


def test_written_with_the_standard_pickle_and_said_so_on_the_card(tmp_path):
    import pickle

    path = tmp_path / "m.joblib"
    card = save_model({"w": [1, 2]}, {}, path)
    assert card["serialization"] == "pickle"
    assert pickle.loads(path.read_bytes()) == {"w": [1, 2]}


def test_a_model_written_by_joblib_before_still_loads(tmp_path):
    import joblib
    import numpy as np

    path = tmp_path / "m.joblib"
    save_model([0], {"name": "old"}, path)
    joblib.dump({"w": np.arange(5)}, path)   # the format of sessions 1-20: joblib's own array records
    card = json.loads(card_path(path).read_text())
    del card["serialization"]
    card["model_sha256"] = model_io.sha256_file(path)
    card_path(path).write_text(json.dumps(card))
    model, _ = load_model(path)
    assert model["w"].tolist() == [0, 1, 2, 3, 4]


def test_an_unknown_serialization_is_refused_before_unpickling(tmp_path):
    path = tmp_path / "m.joblib"
    save_model([1], {}, path)
    card = json.loads(card_path(path).read_text())
    card["serialization"] = "dill"
    card_path(path).write_text(json.dumps(card))
    with pytest.raises(ModelError, match=r"unknown serialization 'dill'.*gerp-nlp train"):
        load_model(path)
