"""A small learned rule: is an operator utterance of a category (e.g. company criticism)?

Some clauses of the regulation name a meaning, not a phrase list: «негативные
отзывы … в адрес Заказчика, или в адрес его конкурентов» (6.6) takes endless
forms. For such a rule the rulebook points at a file of labelled operator
utterances; this module fits a binary logistic regression on their lemma
uni- and bigrams when the rulebook loads (deterministic, well under a second)
and keeps it as a weight table, so scoring a window of words is a few dict
look-ups; optionally a second logistic regression on character n-grams
(:class:`CharModel`) shares the probability. Each finding explains itself with
the n-grams that weighed most.
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import math
import sys
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path

from .files import write_atomic
from .matcher import per_turn
from .text import analyze

log = logging.getLogger("gerp_nlp")

WINDOW = 12  # words per window in a long unpunctuated turn
STRIDE = 6


class ExamplesError(ValueError):
    """A broken examples file; the message names the file and line."""


# Function words alone carry style, not meaning: they enter only as part of a bigram.
_FUNCTION = {"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "NUMR", "Apro"}


_PLACEHOLDERS = {"phone", "email", "url"}  # «пишите на <email>»: a contact is content


def _content(t) -> bool:
    if t.kind in _PLACEHOLDERS:
        return True
    return t.kind == "word" and t.pos not in _FUNCTION and _FUNCTION.isdisjoint(t.grammemes)


def _ngrams(words) -> tuple[list[str | None], list[str | None]]:
    """Per word its lemma, per adjacent pair its bigram; None where only function words are."""
    content = [_content(t) for t in words]
    uni = [t.lemma if c else None for t, c in zip(words, content)]
    bi = [f"{a.lemma} {b.lemma}" if ca or cb else None
          for a, b, ca, cb in zip(words, words[1:], content, content[1:])]
    return uni, bi


_WINDOWS: dict[int, tuple] = {}  # id(words) -> (words, windows): every learned rule reads each turn


def _turn_windows(words, clause) -> tuple[list[list], list, list]:
    """The windows a learned rule scores in a turn, as [first, last word index, n-grams or None
    until needed], and the turn's n-grams: clauses first (punctuation marks the natural units),
    cut into WINDOW words every STRIDE words, and two neighbouring clauses that fit in WINDOW words
    together («Айсберг-Юг — халтурщики, ставят кое-как»: the target in one, the judgement in the
    next). Remembered for the last few word lists."""
    return per_turn(_WINDOWS, words, lambda: _cut_windows(words, clause))


def _cut_windows(words, clause) -> tuple[list[list], list, list]:
    uni, bi = _ngrams(words)
    out = []
    start = 0
    last = None  # the clause before: (first, last word index)
    while start < len(words):
        end = start
        while end + 1 < len(words) and clause[end + 1] == clause[start]:
            end += 1
        for i in range(start, end + 1, STRIDE):
            j = min(end, i + WINDOW - 1)  # each window's n-grams: the _features of its words
            out.append([i, j, None])
            if j == end:
                break
        if last is not None and end - last[0] < WINDOW:
            out.append([last[0], end, None])
        last = (start, end)
        start = end + 1
    return out, uni, bi


def _features(words) -> set[str]:
    """Content-word lemmas and every bigram that holds a content word."""
    uni, bi = _ngrams(words)
    return {f for f in uni + bi if f is not None}


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _paths(paths) -> tuple[Path, ...]:
    """One examples file or several (a rule may add lines derived from the development gold)."""
    if isinstance(paths, (str, Path)):
        return (Path(paths),)
    return tuple(Path(p) for p in paths)


def _source(paths: tuple[Path, ...]) -> str:
    """How a finding names the files it learned from: «company_criticism.jsonl + …dev_gold.jsonl»."""
    return " + ".join(p.name for p in paths)


def read_examples(paths) -> tuple[list[str], list[int]]:
    """The (text, label) lines of one examples file or of several, in order."""
    texts, labels = [], []
    for path in _paths(paths):
        t, lab = _read_one(path)
        texts += t
        labels += lab
    if len(set(labels)) < 2:
        raise ExamplesError(f"{' + '.join(map(str, _paths(paths)))}: needs examples of both labels 0 and 1")
    return texts, labels


def _read_one(path: Path) -> tuple[list[str], list[int]]:
    texts, labels = [], []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ExamplesError(f"cannot read examples {path}: {exc}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ExamplesError(f"{path}:{n}: broken JSON ({exc.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or row.get("label") not in (0, 1):
            raise ExamplesError(f"{path}:{n}: expected {{\"text\": str, \"label\": 0 or 1}}")
        texts.append(row["text"])
        labels.append(row["label"])
    return texts, labels


CHAR_NGRAMS = (2, 5)  # character n-grams within each word padded by spaces (scikit-learn's char_wb)


@lru_cache(maxsize=100_000)
def _char_grams(word: str) -> tuple[str, ...]:
    """The char_wb n-grams of one word, in scikit-learn's order (a short word's counted once)."""
    w = " " + word + " "
    out = []
    for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1):
        offset = 0
        out.append(w[:n])
        while offset + n < len(w):
            offset += 1
            out.append(w[offset:offset + n])
        if offset == 0:
            break
    return tuple(out)


def _char_text(words) -> str:
    """The words' norms, as the character model reads them."""
    return " ".join(t.norm for t in words)


@dataclass(frozen=True)
class CharModel:
    """Logistic regression on sublinear tf-idf character n-grams of the words (l2-normalised), kept
    as a table n-gram -> idf + weight·j (one complex number: a third of the memory of an (idf,
    weight) tuple; the API worker holds ~64k of them): it reads «грабительская», «прос*ал» or a typo
    that no lemma n-gram of the examples holds. ``tests/test_utterance.py`` checks it gives
    scikit-learn's probabilities."""

    table: dict[str, complex]
    bias: float

    @classmethod
    def fit(cls, texts: list[str], labels: list[int], C: float) -> "CharModel":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, min_df=2, sublinear_tf=True,
                              lowercase=False)
        X = vec.fit_transform(texts)
        clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000).fit(X, labels)
        return cls({str(g): complex(float(vec.idf_[i]), float(clf.coef_[0][i])) for g, i in vec.vocabulary_.items()},
                   float(clf.intercept_[0]))

    def probability(self, norms) -> float:
        counts = Counter(chain.from_iterable(map(_char_grams, norms)))
        num = den = 0.0
        table = self.table
        for g, c in counts.items():
            e = table.get(g)
            if e is not None:
                v = (1.0 + math.log(c)) * e.real
                num += v * e.imag
                den += v * v
        return _sigmoid(self.bias + (num / math.sqrt(den) if den else 0.0))


@dataclass(frozen=True)
class UtteranceModel:
    weights: dict[str, float]
    bias: float
    threshold: float
    source: str
    # with a character model: p = chars_weight * p_chars + (1 - chars_weight) * p_lemmas
    chars: CharModel | None = None
    chars_weight: float = 0.0

    @classmethod
    def fit(cls, path, threshold: float, C: float = 10.0, chars: float = 0.0, min_df: int = 1) -> "UtteranceModel":
        """Fit on JSONL files of {"text", "label": 0|1} operator utterances (one path or several;
        ``chars`` > 0: also a character n-gram model, given that weight in the probability;
        ``min_df``: a lemma n-gram counts only if that many lines hold it)."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        paths = _paths(path)
        texts, labels = read_examples(paths)
        words = [[t for t in analyze(x).tokens if t.kind != "punct"] for x in texts]  # analysed once
        feats = [dict.fromkeys(_features(w), 1) for w in words]
        if min_df > 1:  # an n-gram of a single line teaches little and grows the stored weights
            df = Counter(chain.from_iterable(feats))
            feats = [{f: 1 for f in d if df[f] >= min_df} for d in feats]
        vec = DictVectorizer()
        X = vec.fit_transform(feats)
        clf = LogisticRegression(C=C, class_weight="balanced", max_iter=2000).fit(X, labels)
        names = vec.get_feature_names_out()
        weights = {str(f): float(w) for f, w in zip(names, clf.coef_[0]) if abs(w) > 1e-6}
        char_model = CharModel.fit([_char_text(w) for w in words], labels, C) if chars else None
        return cls(weights, float(clf.intercept_[0]), threshold, _source(paths), char_model, chars)

    def probability(self, words) -> float:
        p = _sigmoid(self.bias + sum(self.weights.get(f, 0.0) for f in _features(words)))
        if self.chars is None:
            return p
        return self.chars_weight * self.chars.probability([w.norm for w in words]) + (1 - self.chars_weight) * p

    def evidence(self, words, top: int = 3) -> list[str]:
        """The n-grams that pushed most towards the category."""
        scored = sorted(((self.weights.get(f, 0.0), f) for f in _features(words)), reverse=True)
        return [f for w, f in scored[:top] if w > 0]

    def best_window(self, words, clause, gate=None) -> tuple[float, int, int] | None:
        """(probability, first, last word index) of the most likely window, if over the threshold."""
        best = None
        weights, bias, threshold = self.weights, self.bias, self.threshold
        chars, cw = self.chars, self.chars_weight
        # below this lemma probability even a character probability of 1 cannot reach the threshold
        floor = (threshold - cw) / (1 - cw) if chars is not None else threshold
        windows, uni, bi = _turn_windows(words, clause)  # cut once per turn for every learned rule
        for w in windows:
            i, j, feats = w
            if gate is None or gate(i, j):
                if feats is None:  # a window's n-grams (the _features of its words), made on first use
                    feats = w[2] = {f for f in uni[i:j + 1] if f is not None} | {f for f in bi[i:j] if f is not None}
                p = _sigmoid(bias + sum(weights.get(f, 0.0) for f in feats))
                if p < floor:
                    continue
                if chars is not None:
                    p = cw * chars.probability([t.norm for t in words[i:j + 1]]) + (1 - cw) * p
                if p >= threshold and (best is None or p > best[0]):
                    best = (p, i, j)
        return best


FIT_VERSIONS = ("scikit-learn", "pymorphy3", "pymorphy3-dicts-ru", "spacy")


def fit_path(path) -> Path:
    """Where the fitted weights of a rule's examples are stored: beside the first file,
    ``x.jsonl`` -> ``x.fit.json``."""
    p = _paths(path)[0]
    return p.with_name(p.stem + ".fit.json")


# The stored fit's layout: "keys" one string of n-grams joined by newlines, each column of numbers one
# base64 string of little-endian float64. Reading it makes a handful of large objects, not ~300k small ones
# (a dict per n-gram, a float per number) that are thrown away again: both rules load in 0.20 s instead of
# 0.33 s. (What a load frees goes back to the system in nlp/memory.py; docs/benchmarks.md, session 17.)
FIT_FORMAT = 2


def _stamp(paths: tuple[Path, ...], C: float, chars: float, min_df: int = 1) -> dict:
    from importlib import metadata

    return {"format": FIT_FORMAT,
            "examples_sha256": [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths], "C": C, "chars": chars,
            "min_df": min_df, "versions": {n: metadata.version(n) for n in FIT_VERSIONS}}


def _pack(values) -> str:
    a = array("d", values)
    if sys.byteorder == "big":
        a.byteswap()
    return base64.b64encode(a.tobytes()).decode("ascii")


def _unpack(text: str) -> array:
    a = array("d")
    a.frombytes(base64.b64decode(text, validate=True))
    if sys.byteorder == "big":
        a.byteswap()
    return a


def _join(keys: list[str]) -> str:
    if any("\n" in k for k in keys):
        raise ValueError("an n-gram holds a newline")
    return "\n".join(keys)


def save_fit(path, C: float = 10.0, chars: float = 0.0, min_df: int = 1) -> Path:
    """Fit on a rule's examples files and store the weights beside the first (``gerp-nlp fit-rules``)."""
    paths = _paths(path)
    model = UtteranceModel.fit(paths, 0.5, C, chars, min_df)
    out = fit_path(paths)
    keys = sorted(model.weights)
    body = {**_stamp(paths, C, chars, min_df), "bias": model.bias, "size": len(keys),
            "keys": _join(keys), "weights": _pack(model.weights[k] for k in keys)}
    if model.chars is not None:
        grams = sorted(model.chars.table)
        body["char_model"] = {"bias": model.chars.bias, "size": len(grams), "grams": _join(grams),
                              "idf": _pack(model.chars.table[g].real for g in grams),
                              "weights": _pack(model.chars.table[g].imag for g in grams)}
    write_atomic(out, (json.dumps(body, ensure_ascii=False, indent=0) + "\n").encode("utf-8"))
    return out


def _column(keys: str, size: int) -> list[str]:
    out = keys.split("\n") if size else []
    if len(out) != size:
        raise ValueError(f"{len(out)} keys stored for {size}")
    return out


# The learned rules' weight tables are keyed by the same lemma n-grams (they read the same operator turns):
# while a rulebook loads, each n-gram string is kept once here and reused by the next table; the pool is
# emptied when the rulebook is built (``release_key_pool``), so it costs nothing after. ~5 MB per worker.
_KEY_POOL: dict[str, str] = {}


def release_key_pool() -> None:
    """Forget the strings shared while loading (the tables keep theirs)."""
    _KEY_POOL.clear()


def _stored(path, threshold: float, C: float, chars: float = 0.0, min_df: int = 1) -> UtteranceModel | None:
    """The stored fit, when it was made from these very examples, with this C, character weight and
    min_df, and these libraries."""
    paths = _paths(path)
    try:
        body = json.loads(fit_path(paths).read_text(encoding="utf-8"))
        if {k: body.get(k) for k in ("format", "examples_sha256", "C", "chars", "min_df", "versions")} != \
                _stamp(paths, C, chars, min_df):
            return None
        char_model = None
        if chars:
            cm = body["char_model"]
            grams, idf, cw = _column(cm["grams"], cm["size"]), _unpack(cm["idf"]), _unpack(cm["weights"])
            if not len(grams) == len(idf) == len(cw):
                return None
            char_model = CharModel(dict(zip(grams, map(complex, idf, cw))), float(cm["bias"]))
        keys, values = _column(body["keys"], body["size"]), _unpack(body["weights"])
        if len(keys) != len(values):
            return None
        pool = _KEY_POOL  # one string per n-gram for both learned rules (they share ~90% of them)
        weights = {pool.setdefault(k, k): v for k, v in zip(keys, values)}
        return UtteranceModel(weights, float(body["bias"]), threshold, _source(paths), char_model, chars)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


@lru_cache(maxsize=8)
def _fitted(paths: tuple[str, ...], mtimes_ns: tuple[int, ...], threshold: float, C: float,
            chars: float, min_df: int) -> UtteranceModel:
    # the stored weights spare seconds at each start; they are used only if they match exactly
    stored = _stored(paths, threshold, C, chars, min_df)
    if stored is not None:
        return stored
    # A fit at load takes minutes on the shipped examples (and a server is not ready meanwhile): say why
    # and how to store it, rather than start slowly without a word.
    log.warning("no stored fit matches the examples %s (C %s, character weight %s, min_df %s, these library "
                "versions) in %s; fitting them now, at every start until it is stored: run `gerp-nlp fit-rules` "
                "(with `--rules PATH` for another rulebook)",
                ", ".join(paths), C, chars, min_df, fit_path(paths))
    return UtteranceModel.fit(paths, threshold, C, chars, min_df)


def fitted(path, threshold: float, C: float = 10.0, chars: float = 0.0, min_df: int = 1) -> UtteranceModel:
    """Fit once per process for a given version of the files (reloads refit only when one changed)."""
    paths = _paths(path)
    mtimes = []
    for p in paths:
        try:
            mtimes.append(p.stat().st_mtime_ns)
        except OSError as exc:
            raise ExamplesError(f"cannot read examples {p}: {exc.strerror}") from None
    return _fitted(tuple(map(str, paths)), tuple(mtimes), threshold, C, chars, min_df)
