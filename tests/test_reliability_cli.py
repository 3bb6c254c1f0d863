"""The CLI on bad input files: one clear line per bad record or file, exit code 1, never a traceback;
good records around bad ones are still written."""
from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.cli import main


def _run(argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def test_a_lone_surrogate_id_is_written_back_as_valid_json(tmp_path, model_path):
    appeals = tmp_path / "a.jsonl"
    appeals.write_text('{"id": "\\ud800", "text": "мастер не пришёл"}\n{"id": 2, "text": "спасибо"}\n')
    code, out, err = _run(["classify", str(appeals), "--model", str(model_path)])
    assert code == 0 and not err
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["\ud800", 2]
    calls = tmp_path / "c.jsonl"
    calls.write_text('{"id": "\\udfff", "text": "Оператор: ну да"}\n')
    code, out, err = _run(["score", str(calls)])
    assert code == 0 and json.loads(out)["id"] == "\udfff"


def test_a_lone_surrogate_text_is_one_error_line(tmp_path, model_path):
    appeals = tmp_path / "a.jsonl"
    appeals.write_text('{"id": 1, "text": "мастер \\ud800"}\n{"id": 2, "text": "спасибо"}\n')
    code, out, err = _run(["classify", str(appeals), "--model", str(model_path)])
    assert code == 1 and len(out.splitlines()) == 1 and "lone surrogate" in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [["score"], ["score", "--text"], ["classify", "--model", "MODEL"]])
def test_an_input_that_is_not_utf8_is_one_line(tmp_path, model_path, argv):
    bad = tmp_path / "cp1251.jsonl"
    bad.write_bytes('{"id": 1, "text": "Оператор: мастер не пришёл"}\n'.encode("cp1251"))
    argv = [str(model_path) if a == "MODEL" else a for a in argv]
    code, _, err = _run([argv[0], str(bad), *argv[1:]])
    assert code == 1 and err.strip() == "error: the input is not UTF-8; save it as UTF-8 and run again"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.one_of(
    st.binary(max_size=60),
    st.text(max_size=60).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.sampled_from([b'{"text": "\\u041e: \\u043d\\u0443"}', b'{"turns": []}', b"{", b"null", b"[1]",
                     b'{"turns": [{"speaker": "operator", "text": "\\ud800"}]}', b'{"text": 5}']),
), max_size=6))
def test_score_survives_any_file(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("cli") / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    code, out, err = _run(["score", str(path)])
    assert code in (0, 1) and "Traceback" not in err
    for line in out.splitlines():
        json.loads(line)
    assert code == 0 or err.startswith("error:")
