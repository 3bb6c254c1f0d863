"""nlp/pattern_words.py: the pattern words' readings kept on disk give the same rulebook, faster."""
import json
import logging

import pytest
import yaml

from nlp import matcher, pattern_words
from nlp.rulebook import DEFAULT_RULES, load_rulebook

RULE = {"id": "t.banned", "category": "banned_phrase", "clause": "6.8", "severity": "major",
        "patterns": ["ничем не мочь помочь", "=ок|окей", "частный мастер", "@VERB,2per,sing", "~^щас"],
        "unless_followed_by": ["наличные"]}


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty cache folder of this test's own, and no readings remembered in the process."""
    monkeypatch.setenv(pattern_words.CACHE_ENV, str(tmp_path / "cache"))
    data = yaml.safe_load(DEFAULT_RULES.read_text(encoding="utf-8"))
    data["rules"] = [RULE]   # the default phrase lists and one rule of our own, no learned rule
    rules = tmp_path / "rules.yaml"
    rules.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    def clean():
        pattern_words.reset()
        matcher._alts.cache_clear()

    clean()
    yield rules, clean
    clean()


def _patterns(rb):
    return [(p.source, p.elements) for r in rb.rules for p in r.patterns + r.followed]


def test_the_rulebook_from_the_file_equals_the_one_read_anew(fresh, monkeypatch):
    rules, clean = fresh
    first = load_rulebook(rules)
    path = pattern_words.cache_path()
    words = json.loads(path.read_text(encoding="utf-8"))["words"]
    assert {"ничем", "мочь", "частный", "наличные"} <= set(words)
    assert "частного" in words["частный"][1]   # a form read as another lemma is kept
    clean()

    def no_pymorphy(word):
        raise AssertionError(f"{word!r} was read again")

    monkeypatch.setattr(matcher, "_readings", no_pymorphy)
    assert _patterns(load_rulebook(rules)) == _patterns(first)


def test_a_damaged_file_is_read_anew_and_rewritten(fresh, caplog):
    rules, clean = fresh
    expected = _patterns(load_rulebook(rules))
    path = pattern_words.cache_path()
    path.write_text('{"format": 1, "words": {"мочь": [', encoding="utf-8")
    clean()
    with caplog.at_level(logging.WARNING, logger="gerp_nlp"):
        assert _patterns(load_rulebook(rules)) == expected
    assert "unreadable" in caplog.text
    assert "мочь" in json.loads(path.read_text(encoding="utf-8"))["words"]


def test_off_writes_nothing(tmp_path, monkeypatch, fresh):
    rules, _ = fresh
    monkeypatch.setenv(pattern_words.CACHE_ENV, "off")
    assert pattern_words.cache_path() is None
    load_rulebook(rules)
    assert not (tmp_path / "cache").exists()


def test_a_cache_that_cannot_be_written_only_costs_time(fresh, tmp_path, monkeypatch, caplog):
    rules, _ = fresh
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(pattern_words.CACHE_ENV, str(blocker / "cache"))
    with caplog.at_level(logging.WARNING, logger="gerp_nlp"):
        rb = load_rulebook(rules)
    assert rb.rules and "not written" in caplog.text


def test_the_file_is_named_by_the_versions_it_was_read_with(fresh, monkeypatch):
    before = pattern_words.fingerprint()
    real = pattern_words.metadata.version
    monkeypatch.setattr(pattern_words.metadata, "version",
                        lambda name: "9.9" if name == "pymorphy3-dicts-ru" else real(name))
    assert pattern_words.fingerprint() != before


def test_a_full_file_keeps_the_words_asked_for_now(fresh, monkeypatch):
    rules, _ = fresh
    monkeypatch.setattr(pattern_words, "MAX_WORDS", 3)
    pattern_words.get("старое", lambda w: ((w,), ()))
    pattern_words.flush()
    load_rulebook(rules)
    words = json.loads(pattern_words.cache_path().read_text(encoding="utf-8"))["words"]
    assert "старое" not in words and "мочь" in words
