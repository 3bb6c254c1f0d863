"""training/corpus.py: loading CSV/JSONL and refusing broken corpora with file:line errors."""
import json

import pytest

from training.corpus import CorpusError, load_corpus, split_of


def _jsonl(tmp_path, rows, name="c.jsonl"):
    p = tmp_path / name
    p.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows),
                 encoding="utf-8")
    return p


def test_jsonl_and_csv(tmp_path):
    j = _jsonl(tmp_path, [{"text": "мастер не пришёл", "label": "claim"}])
    c = tmp_path / "c.csv"
    c.write_text('text,label\n"сколько стоит, если срочно?",consultation\n', encoding="utf-8")
    ex = load_corpus([j, c])
    assert [(e.text, e.label) for e in ex] == [("мастер не пришёл", "claim"),
                                               ("сколько стоит, если срочно?", "consultation")]
    assert ex[1].source.endswith("c.csv:2")


@pytest.mark.parametrize("rows, message", [
    ([{"text": "ok", "label": "complaint"}], r"c\.jsonl:1: unknown label 'complaint'"),
    ([{"text": "ok", "label": "claim"}, {"text": "  ", "label": "claim"}], r"c\.jsonl:2: field 'text' is empty"),
    (['{"text": "broken'], r"c\.jsonl:1: broken JSON"),
    ([{"label": "claim"}], r"c\.jsonl:1: missing field 'text'"),
    (["[1, 2]"], r"c\.jsonl:1: expected a JSON object"),
    ([{"text": "тот же", "label": "claim"}, {"text": "Тот  же", "label": "consultation"}], r"c\.jsonl:2: the same text"),
])
def test_bad_jsonl(tmp_path, rows, message):
    with pytest.raises(CorpusError, match=message):
        load_corpus(_jsonl(tmp_path, rows))


def test_wrong_encoding_names_the_line(tmp_path):
    p = tmp_path / "cp1251.jsonl"
    p.write_bytes(json.dumps({"text": "ok", "label": "claim"}).encode() + b"\n" +
                  '{"text": "мастер", "label": "claim"}\n'.encode("cp1251"))
    with pytest.raises(CorpusError, match=r"cp1251\.jsonl:2: not UTF-8"):
        load_corpus(p)


@pytest.mark.parametrize("content, message", [
    ("txt,lbl\nx,claim\n", r"c\.csv:1: header must name"),
    ("text,label\nмастер,claim,extra\n", r"c\.csv:2: expected 2 columns"),
    ("", r"c\.csv:1: empty file"),
    ("text,label\nмастер,жалоба\n", r"c\.csv:2: unknown label"),
])
def test_bad_csv(tmp_path, content, message):
    p = tmp_path / "c.csv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_corpus(p)


def test_unknown_format_and_missing_file(tmp_path):
    (tmp_path / "c.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CorpusError, match="unknown corpus format"):
        load_corpus(tmp_path / "c.txt")
    with pytest.raises(CorpusError, match="no such corpus file"):
        load_corpus(tmp_path / "missing.jsonl")


def test_split_is_fixed_and_about_one_in_five():
    texts = [f"обращение номер {i}" for i in range(2000)]
    share = sum(split_of(t) == "test" for t in texts) / len(texts)
    assert 0.17 < share < 0.23
    assert split_of("Мастер  НЕ пришёл") == split_of("мастер не пришел")


def test_shipped_corpus_meets_the_datasheet():
    from collections import Counter

    from tests.conftest import CORPUS

    ex = load_corpus(CORPUS)
    counts = Counter(e.label for e in ex)
    assert len(ex) >= 2400 and min(counts.values()) >= 500, counts
