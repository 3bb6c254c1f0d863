"""scripts/check_gold_file.py: a new gold file's format and coverage, every problem named by line and field."""
import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_gold_file.py"
spec = importlib.util.spec_from_file_location("check_gold_file", SCRIPT)
check_gold_file = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_gold_file)

CHECK = {"greeting": True, "introduction": True, "asked_name": True, "used_name": None,
         "hold_etiquette": None, "offered_more_help": True, "thanked": True, "farewell": True}


def _call(**over):
    obj = {"id": "ho1-001", "channel": "call",
           "turns": [{"speaker": "operator", "text": "ну здравствуйте компания дом анна", "start": 0.0, "end": 3.0},
                     {"speaker": "client", "text": "здравствуйте", "start": 3.5, "end": 4.0}],
           "expected": {"violations": [{"category": "parasite_word", "turn": 0, "text": "ну"}],
                        "checklist": dict(CHECK)}}
    obj.update(over)
    return obj


def _write(tmp_path, *objs):
    p = tmp_path / "g.jsonl"
    p.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs), encoding="utf-8")
    return p


def test_a_well_formed_file_passes_when_coverage_is_not_asked(tmp_path, capsys):
    p = _write(tmp_path, _call())
    assert check_gold_file.main([str(p), "--prefix", "ho1", "--count", "1", "--min-per-category", "0"]) == 0
    out = capsys.readouterr().out
    assert "1 transcripts (1 calls / 0 chats)" in out and "parasite_word 1" in out and out.rstrip().endswith("OK")


def test_every_format_problem_names_its_line_and_field(tmp_path):
    bad_turn = _call(id="ho1-002")
    bad_turn["turns"][1]["start"] = 1.0                     # starts before the previous turn ends
    bad_mark = _call(id="ho1-003")
    bad_mark["expected"]["violations"] = [{"category": "parasite_word", "turn": 1, "text": "здравствуйте"},
                                          {"category": "slang", "turn": 0, "text": "щас"},
                                          {"category": "swearing", "turn": 0, "text": "ну"}]
    bad_mark["expected"]["checklist"]["greeting"] = None
    p = tmp_path / "g.jsonl"
    p.write_text(json.dumps(_call()) + "\n" + "{broken\n" + json.dumps(bad_turn) + "\n" + json.dumps(bad_mark)
                 + "\n" + json.dumps(_call()) + "\n", encoding="utf-8")
    errs, _ = check_gold_file.check_file(p, prefix="ho1", count=None, min_per_category=0)
    text = "\n".join(errs)
    assert "g.jsonl:2: broken JSON" in text
    assert "g.jsonl:3: turns[1].start 1.0 is before the previous turn's end 3.0" in text
    assert "g.jsonl:4: expected.violations[0]: turn 1 is a client turn" in text
    assert "g.jsonl:4: expected.violations[1].text 'щас' is not in turn 0" in text
    assert "g.jsonl:4: expected.violations[2].category 'swearing' is not one of" in text
    assert "g.jsonl:4: expected.checklist.greeting must be true or false, got None" in text
    assert "g.jsonl:5: id 'ho1-001' repeats an earlier line" in text
    assert not any(e.startswith("g.jsonl:1:") for e in errs)


def test_coverage_asks_every_category_and_both_checklist_values(tmp_path, capsys):
    p = _write(tmp_path, _call(), _call(id="ho1-002"))
    assert check_gold_file.main([str(p), "--prefix", "ho1", "--count", "3", "--min-per-category", "2"]) == 1
    out = capsys.readouterr().out
    assert "g.jsonl: 2 transcripts, 3 wanted" in out
    assert "slang is marked in 0 transcripts, at least 2 wanted" in out
    assert "hold_time is marked in 0 transcripts, at least 1 wanted" in out   # one fewer: calls only
    assert "parasite_word is marked" not in out
    assert "checklist item greeting must be true in some transcripts and false in others" in out


# the files the checker was written for: the round-7r to 8t files (now development files) and the current
# held-out round (gold_heldout8 and 9 are older, of 40 transcripts)
_CHECKED = ["gold_dev223.jsonl", "gold_dev462.jsonl"] + sorted(
    p.name for p in (SCRIPT.parent.parent / "corpora" / "transcripts").glob("gold_heldout*.jsonl")
    if int(p.stem.removeprefix("gold_heldout")) >= 100)


@pytest.mark.parametrize("gold", _CHECKED)
def test_the_shipped_gold_files_pass(gold, capsys):
    path = SCRIPT.parent.parent / "corpora" / "transcripts" / gold
    prefix = json.loads(path.read_text(encoding="utf-8").splitlines()[0])["id"].split("-")[0]
    assert check_gold_file.main([str(path), "--prefix", prefix]) == 0, capsys.readouterr().out


def test_an_unreadable_file_is_a_clear_error(tmp_path, capsys):
    assert check_gold_file.main([str(tmp_path / "none.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err
