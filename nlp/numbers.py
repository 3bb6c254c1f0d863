"""Numbers said in words or written in digits, read back as digit strings.

Speech recognition writes a dictated phone number as words («восемь девятьсот
пять семьсот двадцать два тридцать один тринадцать»); a chat writes digits
(«8 951 222-00-71»). ``number_runs`` turns a run of such words into the digits a
listener would write down, so a rule can test what kind of number was said:

>>> from nlp.text import analyze
>>> from nlp.matcher import words_of
>>> words, _ = words_of(analyze("записывайте восемь девятьсот пять семьсот двадцать два тридцать один тринадцать").tokens)
>>> [digits for _, _, digits in number_runs(words)]
['89057223113']

Each group is read as a speaker says it: hundreds, then tens, then units
(«девятьсот пять» is 905, «ноль семь» is 07); hesitations («э», «мм») inside a
run are skipped.
"""
from __future__ import annotations

import re

from .text import Token

_UNITS = {"ноль": 0, "нуль": 0, "один": 1, "одна": 1, "одно": 1, "два": 2, "две": 2, "три": 3, "четыре": 4,
          "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9}
_TEENS = {"десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14,
          "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19}
_TENS = {"двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70,
         "восемьдесят": 80, "девяносто": 90}
_HUNDREDS = {"сто": 100, "двести": 200, "триста": 300, "четыреста": 400, "пятьсот": 500, "шестьсот": 600,
             "семьсот": 700, "восемьсот": 800, "девятьсот": 900}
_FILLERS = frozenset({"э", "ээ", "эээ", "мм", "ммм", "м", "эм"})
NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TEENS) | frozenset(_TENS) | frozenset(_HUNDREDS)
_DIGITS = re.compile(r"\d")


def _digits_of(t: Token) -> str:
    """The digits of a numeric or phone token («8 951 222-00-71» -> "89512220071")."""
    return "".join(_DIGITS.findall(t.text))


def _group(norms: list[str], i: int) -> tuple[str, int]:
    """Read one spoken group starting at ``norms[i]``: (its digits, the index after it)."""
    w = norms[i]
    if w in _UNITS:
        return str(_UNITS[w]), i + 1
    if w in _TEENS:
        return str(_TEENS[w]), i + 1
    value, j = 0, i
    if w in _HUNDREDS:
        value, j = _HUNDREDS[w], j + 1
        if j < len(norms) and norms[j] in _TEENS:
            return str(value + _TEENS[norms[j]]), j + 1
        if j + 1 < len(norms) and not _UNITS.get(norms[j], 1) and _UNITS.get(norms[j + 1]):
            return str(value + _UNITS[norms[j + 1]]), j + 2  # «девятьсот ноль пять» = 905
    if j < len(norms) and norms[j] in _TENS:
        value, j = value + _TENS[norms[j]], j + 1
        if j < len(norms) and norms[j] in _UNITS and _UNITS[norms[j]]:
            value, j = value + _UNITS[norms[j]], j + 1
    elif j < len(norms) and norms[j] in _UNITS and _UNITS[norms[j]] and value:
        value, j = value + _UNITS[norms[j]], j + 1
    return str(value), j


def number_runs(words: list[Token]) -> list[tuple[int, int, str]]:
    """(first word, last word, digits) of each run of number words, numbers and phones."""
    at = [k for k, w in enumerate(words) if w.norm in NUMBER_WORDS or w.kind == "num" or w.kind == "phone"]
    out: list[tuple[int, int, str]] = []
    k = 0
    while k < len(at):
        first = last = at[k]
        k += 1
        while k < len(at) and all(w.norm in _FILLERS for w in words[last + 1:at[k]]):
            last = at[k]  # the next number word follows directly or after hesitations only
            k += 1
        parts, spoken = [], []
        for w in words[first:last + 1]:
            if w.norm in NUMBER_WORDS:
                spoken.append(w.norm)
            elif w.kind == "num" or w.kind == "phone":
                parts.append(_read(spoken))
                spoken = []
                parts.append(_digits_of(w))
        parts.append(_read(spoken))
        out.append((first, last, "".join(parts)))
    return out


def _read(norms: list[str]) -> str:
    """The digits of a stretch of spoken number words."""
    out, k = [], 0
    while k < len(norms):
        digits, k = _group(norms, k)
        out.append(digits)
    return "".join(out)
