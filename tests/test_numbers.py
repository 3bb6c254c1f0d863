"""nlp/numbers.py: numbers said in words or written in digits, read back as digit strings."""
import pytest

from nlp.matcher import words_of
from nlp.numbers import number_runs
from nlp.text import analyze


def _runs(text):
    words, _ = words_of(analyze(text).tokens)
    return [(" ".join(w.text for w in words[a:b + 1]), digits) for a, b, digits in number_runs(words)]


@pytest.mark.parametrize("text, digits", [
    ("восемь девятьсот ноль пять семьсот двадцать два тридцать один тринадцать", "89057223113"),
    ("восемь девятьсот двадцать шесть сто один ноль семь сорок четыре", "89261010744"),
    ("восемь девятьсот пятьдесят три ноль ноль семь двенадцать сорок", "89530071240"),
    ("восемь девятьсот э двадцать шесть мм сто один", "8926101"),  # hesitations inside a run
    ("Андрей, 8 951 222-00-71", "89512220071"),  # a chat: one phone token
    ("+7 912 345 67 89", "79123456789"),
    ("89123456789", "89123456789"),
    ("восемь 912 сто двадцать три", "8912123"),  # words and digits mixed
    ("сто пять", "105"),
    ("девятьсот одиннадцать", "911"),
])
def test_a_number_reads_as_a_listener_writes_it(text, digits):
    assert [d for _, d in _runs(text)] == [digits]


def test_other_words_end_a_run_and_hesitations_at_its_edge_are_not_part_of_it():
    assert _runs("две тысячи рублей и пятьсот э хорошо") == [("две", "2"), ("пятьсот", "500")]
    assert _runs("э восемь") == [("восемь", "8")]


def test_no_numbers_no_runs():
    assert _runs("мастер приедет завтра с девяти до двенадцати") == []  # inflected forms are not dictation
