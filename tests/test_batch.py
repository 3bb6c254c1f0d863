"""nlp/batch*.py and the score-batch / classify-batch commands: inputs, errors, resume, workers, Dask."""
from __future__ import annotations

import csv
import gzip
import json
import shutil
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nlp.batch import BatchError, Job, run_batch
from nlp.batch_state import errors_path, state_path
from nlp.cli import main

ROOT = Path(__file__).resolve().parent.parent

# Short realistic calls and chats (written for these tests), with the operator who took them.
GOOD = [
    {"id": "call-001", "operator_id": "op-01", "channel": "call", "text": (
        "Оператор: Компания ДомСервис, здравствуйте, меня зовут Анна, чем могу помочь?\n"
        "Клиент: Здравствуйте, у меня на кухне течёт кран.\n"
        "Оператор: Подскажите, пожалуйста, как я могу к вам обращаться?\n"
        "Клиент: Галина Петровна.\n"
        "Оператор: Галина Петровна, мастер может приехать завтра с десяти до двенадцати, вам удобно?\n"
        "Клиент: Да, удобно.\n"
        "Оператор: Заявка оформлена. Могу ли я ещё чем-нибудь вам помочь?\n"
        "Клиент: Нет, спасибо.\n"
        "Оператор: Спасибо за обращение, всего доброго, до свидания!")},
    {"id": "call-002", "operator_id": "op-02", "channel": "call", "text": (
        "Оператор: Алло, слушаю.\n"
        "Клиент: Добрый день, мастер не пришёл, я ждала весь день.\n"
        "Оператор: Ну короче, это не ко мне, щас посмотрю.\n"
        "Клиент: Как это не к вам?\n"
        "Оператор: Нет, мы такое не делаем. Звоните на мой номер, решим мимо компании.\n"
        "Клиент: Безобразие.\n"
        "Оператор: Ладно, пока.")},
    {"id": "call-003", "operator_id": "op-01", "channel": "call", "turns": [
        {"speaker": "operator", "text": "Компания ДомСервис, добрый день, меня зовут Олег.", "start": 0, "end": 3},
        {"speaker": "client", "text": "Здравствуйте, сколько стоит установка смесителя?", "start": 3.5, "end": 6},
        {"speaker": "operator", "text": "Как я могу к вам обращаться?", "start": 6.5, "end": 8},
        {"speaker": "client", "text": "Сергей.", "start": 8.5, "end": 9},
        {"speaker": "operator", "text": "Сергей, могу я попросить вас подождать, я уточню стоимость?",
         "start": 9.5, "end": 12},
        {"speaker": "client", "text": "Да, конечно.", "start": 12.5, "end": 13},
        {"speaker": "operator", "text": "Спасибо за ожидание, Сергей. Установка смесителя стоит от восьмисот рублей.",
         "start": 43, "end": 48},
        {"speaker": "client", "text": "Понятно, спасибо.", "start": 48.5, "end": 50},
        {"speaker": "operator", "text": "Есть ли у вас ещё вопросы?", "start": 50.5, "end": 52},
        {"speaker": "client", "text": "Нет.", "start": 52.5, "end": 53},
        {"speaker": "operator", "text": "Спасибо за обращение, до свидания.", "start": 53.5, "end": 55}]},
    {"id": "chat-004", "operator_id": "op-03", "channel": "chat", "text": (
        "Оператор: Здравствуйте! Компания ДомСервис, меня зовут Ирина.\n"
        "Клиент: Привет, когда приедет сантехник?\n"
        "Оператор: Слушай, ты подожди, я гляну заявку.\n"
        "Клиент: Жду.\n"
        "Оператор: Мастер будет в четверг после обеда. Ок?\n"
        "Клиент: Ок.\n"
        "Оператор: Спасибо за обращение, до свидания.")},
    {"id": "chat-005", "channel": "chat", "text": (
        "О: Добрый вечер, компания ДомСервис, меня зовут Павел.\n"
        "К: Добрый вечер, хочу перенести визит электрика на субботу.\n"
        "О: Как я могу к вам обращаться?\n"
        "К: Марина.\n"
        "О: Марина, перенёс визит на субботу, на десять утра. Могу ещё чем-то помочь?\n"
        "К: Нет, благодарю.\n"
        "О: Благодарю за обращение, Марина, хорошего вечера, до свидания.")},
]
PRIVATE = "Иван Петров, Ленина 5"  # must never reach an error message
BROKEN = [  # (line as written, the reason's expected start)
    ('{"id": "bad-1", "turns": [{"speaker": "client", "text": "Алло, это ' + PRIVATE + '"}]}',
     "turns: no operator turn"),
    ('{"id": "bad-2", "turns": [', "broken JSON"),
    ('{"id": "bad-3", "turns": "' + PRIVATE + '"}', "turns: expected a list"),
    ("[1, 2]", "transcript: expected an object"),
    ('{"id": "bad-4", "text": "' + PRIVATE + ' звонил"}', "text: line 1: expected a speaker prefix"),
]


def write_jsonl(path: Path, lines) -> Path:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as f:
        for line in lines:
            f.write((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n")
    return path


def as_text(t: dict) -> str:
    if "text" in t:
        return t["text"]
    return "\n".join(("Оператор: " if x["speaker"] == "operator" else "Клиент: ") + x["text"] for x in t["turns"])


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def many(n: int) -> list[str]:
    """n input lines: the good calls under new ids, with a broken line every 50."""
    out = []
    for i in range(n):
        if i % 50 == 49:
            out.append(BROKEN[i % len(BROKEN)][0])
        else:
            out.append(json.dumps({**GOOD[i % len(GOOD)], "id": f"x{i:05d}"}, ensure_ascii=False))
    return out


@pytest.fixture(scope="module")
def expected(rulebook):
    from nlp.scoring import score

    out = []
    for t in GOOD:
        rec = score(t, rulebook).to_dict()
        if "operator_id" in t:
            rec = {"id": rec.pop("id"), "operator_id": t["operator_id"], **rec}
        out.append(rec)
    return out


# --- errors file, formats ------------------------------------------------------------

def test_bad_records_go_to_the_errors_file_with_line_and_reason(tmp_path, expected, capsys):
    lines = [json.dumps(GOOD[0], ensure_ascii=False), "", *[b for b, _ in BROKEN[:2]],
             *[json.dumps(t, ensure_ascii=False) for t in GOOD[1:]], *[b for b, _ in BROKEN[2:]]]
    src = write_jsonl(tmp_path / "calls.jsonl", lines)
    out = tmp_path / "scores.jsonl"
    assert main(["score-batch", str(src), "--out", str(out)]) == 0
    assert records(out) == expected
    errors = records(errors_path(out))
    assert [e["line"] for e in errors] == [3, 4, 9, 10, 11]  # line 2 is blank
    for err, (_, reason) in zip(errors, BROKEN):
        assert err["error"].startswith(reason)
    assert [e.get("id") for e in errors] == ["bad-1", None, "bad-3", None, "bad-4"]
    assert PRIVATE not in errors_path(out).read_text(encoding="utf-8")
    summary = capsys.readouterr().out
    assert "5 written" in summary and "5 errors" in summary


@pytest.mark.parametrize("fmt", ["jsonl", "jsonl.gz", "csv", "csv.gz", "dir"])
def test_every_input_format_gives_the_same_records(tmp_path, expected, fmt):
    if fmt.startswith("jsonl"):
        src = write_jsonl(tmp_path / f"in.{fmt}", GOOD)
    elif fmt.startswith("csv"):
        src = tmp_path / f"in.{fmt}"
        with (gzip.open if fmt.endswith(".gz") else open)(src, "wt", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "operator_id", "channel", "text"])
            for t in GOOD:
                w.writerow([t["id"], t.get("operator_id", ""), t["channel"], as_text(t)])
    else:
        src = tmp_path / "calls"
        (src / "sub").mkdir(parents=True)
        for i, t in enumerate(GOOD):  # .json objects, .txt transcripts, one gzipped, one in a subfolder
            name = f"sub/{t['id']}" if i == 4 else t["id"]
            if "operator_id" in t or i == 4:
                (src / f"{name}.json").write_text(json.dumps(t, ensure_ascii=False), encoding="utf-8")
            else:
                (src / f"{name}.txt").write_text(as_text(t), encoding="utf-8")
        gz = src / f"{GOOD[1]['id']}.json"
        gz.with_suffix(".json.gz").write_bytes(gzip.compress(gz.read_bytes()))
        gz.unlink()
    out = tmp_path / "out.jsonl"
    summary = run_batch(Job("score"), src, out)
    assert (summary.ok, summary.failed) == (len(GOOD), 0)
    got = records(out)
    if fmt == "dir":
        expected = sorted(expected, key=lambda r: r["id"])
        for r in got:
            r["id"] = r["id"].removeprefix("sub/")
    if fmt.startswith("csv"):  # the text form gives the same findings, turn by turn
        for r in got:
            r.pop("operator_id", None)
        expected = [{k: v for k, v in r.items() if k != "operator_id"} for r in expected]
    assert got == expected


def test_csv_output_has_fixed_columns_and_reads_back(tmp_path, expected):
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    out = tmp_path / "scores.csv"
    run_batch(Job("score"), src, out)
    assert out.read_bytes().startswith("\ufeff".encode())  # Excel opens it as UTF-8
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == [r["id"] for r in expected]
    for row, rec in zip(rows, expected):
        assert float(row["score"]) == rec["score"]
        assert row["passed"] == str(rec["passed"]).lower()
        assert json.loads(row["violations"]) == rec["violations"]
        assert row["checklist.greeting"] == {True: "true", False: "false", None: ""}[rec["checklist"]["greeting"]]
    assert rows[4]["operator_id"] == ""


def test_csv_input_names_its_columns(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("номер,расшифровка\n7,\"Оператор: Добрый день\nКлиент: Здравствуйте\"\n", encoding="utf-8")
    with pytest.raises(BatchError, match="no 'text' column .*--text-column"):
        run_batch(Job("score"), src, tmp_path / "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists()
    run_batch(Job("score", text_column="расшифровка", id_column="номер"), src, tmp_path / "out.jsonl")
    assert records(tmp_path / "out.jsonl")[0]["id"] == "7"


@pytest.mark.parametrize("name, message", [
    ("in.txt", "expected a .jsonl or .csv file"), ("missing.jsonl", "no such file"),
])
def test_unusable_inputs_are_refused_in_one_line(tmp_path, capsys, name, message):
    src = tmp_path / name
    if name != "missing.jsonl":
        src.write_text("Оператор: Добрый день\n", encoding="utf-8")
    assert main(["score-batch", str(src), "--out", str(tmp_path / "o.jsonl")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


# --- resume ----------------------------------------------------------------------------

def test_interrupted_run_resumes_without_duplicates(tmp_path, monkeypatch):
    """Ctrl-C after some chunks, plus a half-written line left by a kill: the rerun repairs both."""
    import nlp.batch as batch

    src = write_jsonl(tmp_path / "in.jsonl", many(60))
    whole = tmp_path / "whole.jsonl"
    run_batch(Job("score"), src, whole, chunk_size=7)
    out = tmp_path / "out.jsonl"
    real, calls = batch.process, []

    def flaky(kind, resource, items):
        calls.append(1)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real(kind, resource, items)
    monkeypatch.setattr(batch, "process", flaky)
    with pytest.raises(KeyboardInterrupt):
        run_batch(Job("score"), src, out, chunk_size=7)
    state = json.loads(state_path(out).read_text())
    assert state["records"] == 21 and not state["done"]
    assert len(out.read_bytes().splitlines()) + len(errors_path(out).read_bytes().splitlines()) == 21
    with open(out, "ab") as f:
        f.write(b'{"id": "x00021", "sco')  # what a kill in the middle of a write leaves
    monkeypatch.setattr(batch, "process", real)
    summary = run_batch(Job("score"), src, out, chunk_size=5)  # the chunk size may change
    assert summary.resumed_from == 21 and summary.records == 60
    assert out.read_bytes() == whole.read_bytes()
    assert errors_path(out).read_bytes() == errors_path(whole).read_bytes()
    again = run_batch(Job("score"), src, out)
    assert again.already_done and out.read_bytes() == whole.read_bytes()


@pytest.mark.parametrize("how, workers", [pytest.param(signal.SIGKILL, 2, id="SIGKILL-2-workers"),
                                          pytest.param(signal.SIGINT, 1, id="Ctrl-C-1-worker")])
def test_resume_after_a_real_kill(tmp_path, how, workers):
    src = write_jsonl(tmp_path / "in.jsonl", many(3000))
    whole = tmp_path / "whole.jsonl"
    run_batch(Job("score"), src, whole)
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "nlp.cli", "score-batch", str(src), "--out", str(out), "--workers", str(workers)]
    # its own process group (the pool goes with it), with Ctrl-C at its default: a test run started in the
    # background by a script (`cmd &`) ignores SIGINT, its children inherit that, and Python keeps it ignored
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                done = json.loads(state_path(out).read_text())["records"]
            except (FileNotFoundError, ValueError):
                done = 0
            if done >= 200:
                break
            time.sleep(0.02)
        time.sleep(0.3)  # land between commits, with uncommitted lines in the file
        assert proc.poll() is None, "the run finished before it could be stopped"
        os.killpg(proc.pid, how)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    state = json.loads(state_path(out).read_text())
    assert 0 < state["records"] < 3000 and not state["done"]
    if how == signal.SIGINT:
        assert proc.returncode == 130 and b"rerun the same command" in err
    else:
        assert proc.returncode == -signal.SIGKILL
    rerun = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"continued after {state['records']}" in rerun.stdout
    assert out.read_bytes() == whole.read_bytes()
    assert errors_path(out).read_bytes() == errors_path(whole).read_bytes()


def test_resume_refuses_a_changed_input_or_options(tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    out = tmp_path / "out.jsonl"
    assert main(["score-batch", str(src), "--out", str(out)]) == 0
    assert main(["score-batch", str(src), "--out", str(out)]) == 0
    assert "already complete" in capsys.readouterr().out
    rules = tmp_path / "rules.yaml"
    for examples in (ROOT / "nlp/rules").glob("*.json*"):  # the learned rules' examples and fits sit beside the rulebook
        shutil.copy(examples, tmp_path)
    rules.write_text((ROOT / "nlp/rules/default.yaml").read_text(encoding="utf-8") + "\n# edited\n",
                     encoding="utf-8")
    assert main(["score-batch", str(src), "--out", str(out), "--rules", str(rules)]) == 1
    assert "other options (resource, resource_sha256 differ)" in capsys.readouterr().err
    write_jsonl(src, GOOD[:3])
    assert main(["score-batch", str(src), "--out", str(out)]) == 1
    assert "input changed" in capsys.readouterr().err
    assert main(["score-batch", str(src), "--out", str(out), "--restart"]) == 0
    assert len(records(out)) == 3


def test_an_existing_output_is_never_overwritten_silently(tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    out = tmp_path / "out.jsonl"
    out.write_text("precious\n")
    assert main(["score-batch", str(src), "--out", str(out)]) == 1
    assert "--restart" in capsys.readouterr().err and out.read_text() == "precious\n"


# --- workers, Dask ---------------------------------------------------------------------

def test_worker_processes_write_the_same_output(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", many(400))
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    run_batch(Job("score"), src, one)
    run_batch(Job("score"), src, two, workers=2, chunk_size=30)
    assert one.read_bytes() == two.read_bytes()
    assert errors_path(one).read_bytes() == errors_path(two).read_bytes()


@pytest.mark.parametrize("processes", [True, False])
def test_dask_cluster_writes_the_same_output_as_a_local_run(tmp_path, monkeypatch, processes):
    from dask.distributed import LocalCluster

    src = write_jsonl(tmp_path / "in.jsonl.gz", many(300))
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    run_batch(Job("score"), src, local)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=processes, dashboard_address=None) as cluster:
        if processes:  # through the command and the environment variable
            monkeypatch.setenv("GERP_NLP_DASK", cluster.scheduler_address)
            assert main(["score-batch", str(src), "--out", str(remote)]) == 0
        else:
            run_batch(Job("score"), src, remote, dask=cluster.scheduler_address, chunk_size=40)
    assert remote.read_bytes() == local.read_bytes()
    assert errors_path(remote).read_bytes() == errors_path(local).read_bytes()


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("nlp.batch.DASK_CONNECT_TIMEOUT", "1s")
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    assert main(["score-batch", str(src), "--out", str(tmp_path / "o.jsonl"), "--dask", "tcp://127.0.0.1:9"]) == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


def test_progress_bar_only_when_asked(tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    main(["score-batch", str(src), "--out", str(tmp_path / "quiet.jsonl")])  # stderr is not a terminal here
    assert capsys.readouterr().err == ""
    run_batch(Job("score"), src, tmp_path / "bar.jsonl", progress=True)
    err = capsys.readouterr().err
    assert "5/5" in err and "rec/s" in err


# --- classify-batch --------------------------------------------------------------------

APPEALS = ["Подскажите, сколько стоит вызов сантехника?", "Прошу перенести визит мастера на пятницу.",
           "Мастер опоздал на три часа и ничего не починил!", "Спасибо мастеру Игорю за отличную работу."]


@pytest.fixture(scope="module")
def small_model(small_corpus, tmp_path_factory):
    from training.train import train

    out = tmp_path_factory.mktemp("batch-model") / "appeals.joblib"
    train([small_corpus], out, candidates=["logreg"], folds=2, log=lambda *a: None)
    return out


def test_classify_batch_matches_the_classifier(tmp_path, small_model, capsys):
    from nlp.appeals import AppealClassifier

    lines = [{"id": f"a{i}", "text": t} for i, t in enumerate(APPEALS)]
    lines[2:2] = ['{"id": "b1", "text": ""}', '{"id": "b2"}', "{oops", '{"id": "b3", "text": "мастер \\ud800"}']
    src = write_jsonl(tmp_path / "appeals.jsonl", lines)
    out = tmp_path / "labels.jsonl"
    assert main(["classify-batch", str(src), "--out", str(out), "--model", str(small_model)]) == 0
    clf = AppealClassifier.load(small_model)
    want = [p.to_dict() for p in clf.predict(APPEALS, ids=[f"a{i}" for i in range(4)])]
    assert records(out) == want
    errors = records(errors_path(out))
    # one bad text (here a lone surrogate) fails alone; the batch path classifies the rest
    assert [(e["line"], e.get("id")) for e in errors] == [(3, "b1"), (4, "b2"), (5, None), (6, "b3")]
    assert [e["error"].split(":")[0] for e in errors] == ["text", "text", "broken JSON (Expecting property name "
                                                                          "enclosed in double quotes at column 2)",
                                                          "text"]
    assert "lone surrogate" in errors[3]["error"]
    # a CSV of plain texts with other column names, written as CSV, with two workers
    src = tmp_path / "appeals.csv"
    with open(src, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["n", "обращение"], *[[i, t] for i, t in enumerate(APPEALS)]])
    out = tmp_path / "labels.csv"
    assert main(["classify-batch", str(src), "--out", str(out), "--model", str(small_model), "--workers", "2",
                 "--text-column", "обращение", "--id-column", "n"]) == 0
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["label"] for r in rows] == [w["label"] for w in want]
    assert list(rows[0])[:5] == ["id", "label", "label_ru", "confidence", "needs_review"]


def test_classify_batch_refuses_a_missing_model(tmp_path, capsys):
    src = write_jsonl(tmp_path / "a.jsonl", [{"text": APPEALS[0]}])
    assert main(["classify-batch", str(src), "--out", str(tmp_path / "o.jsonl"),
                 "--model", str(tmp_path / "none.joblib")]) == 1
    assert capsys.readouterr().err.startswith("error: ")
    assert not (tmp_path / "o.jsonl").exists()
