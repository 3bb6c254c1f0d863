"""A fitted appeal pipeline compiled for serving: the same numbers, less overhead.

scikit-learn's ``transform``/``predict_proba`` re-validate their input and walk
the ``FeatureUnion`` through joblib on every call, which costs milliseconds per
request; :func:`compile_pipeline` reads the fitted state once (vocabularies, idf,
coefficients, calibrators) and computes the same tf-idf rows and probabilities
with a few numpy calls. Pipelines it does not know return None, and the caller
keeps using scikit-learn. ``tests/test_inference.py`` checks both paths agree.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC
from sklearn.utils.extmath import softmax
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

WORD_CACHE = 50_000  # distinct words whose character n-gram indices are kept, per vectorizer


class _Block:
    """One fitted TfidfVectorizer: its analyzer, vocabulary and idf."""

    def __init__(self, vec: TfidfVectorizer, offset: int):
        self.analyze = vec.build_analyzer()
        self.vocabulary = vec.vocabulary_
        self.idf = vec.idf_ if vec.use_idf else None
        self.sublinear, self.binary, self.norm = vec.sublinear_tf, vec.binary, vec.norm
        self.offset = offset
        self.size = len(vec.vocabulary_)
        self.per_word = None
        if vec.analyzer == "char_wb":  # n-grams never cross words: count them word by word, cached
            self.preprocess = vec.build_preprocessor()
            self.decode = vec.decode
            ngrams, vocabulary = vec._char_wb_ngrams, self.vocabulary

            @lru_cache(maxsize=WORD_CACHE)
            def per_word(word: str) -> np.ndarray:
                found = (vocabulary.get(g) for g in ngrams(word))
                return np.fromiter((j for j in found if j is not None), dtype=np.int64)

            self.per_word = per_word

    def _counts(self, docs):
        """Sorted vocabulary indices, their counts and the row pointer of each doc."""
        if self.per_word is not None:
            words, lengths = [], []
            for doc in docs:
                found = [self.per_word(w) for w in self.preprocess(self.decode(doc)).split()]
                words += found
                lengths.append(sum(len(f) for f in found))
            flat = np.concatenate(words) if words else np.zeros(0, dtype=np.int64)
            keys = np.repeat(np.arange(len(lengths), dtype=np.int64) * self.size, lengths) + flat
            keys, counts = np.unique(keys, return_counts=True)
            indptr = np.zeros(len(lengths) + 1, dtype=np.int32)
            np.cumsum(np.bincount(keys // self.size, minlength=len(lengths)), out=indptr[1:])
            return keys % self.size, counts, indptr
        vocabulary, indices, counts, indptr = self.vocabulary, [], [], [0]
        for doc in docs:
            counter: dict[int, int] = {}
            for feature in self.analyze(doc):
                j = vocabulary.get(feature)
                if j is not None:
                    counter[j] = counter.get(j, 0) + 1
            for j in sorted(counter):
                indices.append(j)
                counts.append(counter[j])
            indptr.append(len(indices))
        return indices, counts, indptr

    def rows(self, docs) -> _Rows:
        """tf-idf rows of ``docs``, as TfidfVectorizer.transform computes them."""
        indices, counts, indptr = self._counts(docs)
        data = np.asarray(counts, dtype=np.float64)
        if self.binary:
            data[:] = 1.0
        if self.sublinear:
            np.log(data, data)
            data += 1.0
        idx = np.asarray(indices, dtype=np.int32)
        if self.idf is not None:
            data *= self.idf[idx]
        X = _Rows(data, idx, np.asarray(indptr, dtype=np.int32), self.size)
        if self.norm == "l2":
            inplace_csr_row_normalize_l2(X)
        return X


class _Rows:
    """CSR arrays without scipy's checks (built once, at the end, as one matrix)."""

    __slots__ = ("data", "indices", "indptr", "shape")

    def __init__(self, data, indices, indptr, width):
        self.data, self.indices, self.indptr = data, indices, indptr
        self.shape = (len(indptr) - 1, width)


def _hstack_rows(parts: list[_Rows], offsets: list[int], width: int) -> sp.csr_matrix:
    """Side-by-side CSR blocks with per-row sorted indices (what FeatureUnion gives)."""
    if parts[0].shape[0] == 1:
        data = np.concatenate([p.data for p in parts])
        indices = np.concatenate([p.indices + off for p, off in zip(parts, offsets)])
        return _csr(data, indices, np.array([0, len(data)], dtype=np.int32), width)
    lengths = [np.diff(p.indptr) for p in parts]
    indptr = np.zeros(parts[0].shape[0] + 1, dtype=np.int32)
    np.cumsum(np.sum(lengths, axis=0), out=indptr[1:])
    data = np.empty(indptr[-1], dtype=np.float64)
    indices = np.empty(indptr[-1], dtype=np.int32)
    before = np.zeros_like(lengths[0])
    for p, n, off in zip(parts, lengths, offsets):
        rows = np.repeat(np.arange(len(n)), n)
        where = indptr[:-1][rows] + before[rows] + (np.arange(len(rows)) - p.indptr[:-1][rows])
        data[where] = p.data
        indices[where] = p.indices + off
        before = before + n
    return _csr(data, indices, indptr, width)


def _csr(data, indices, indptr, width) -> sp.csr_matrix:
    return sp.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, width))


class _Head:
    """Linear scores ``X @ W + b`` and how probabilities come from them."""

    def __init__(self, coef: np.ndarray, intercept: np.ndarray, n_classes: int, calib=None):
        self.W = np.ascontiguousarray(coef.T)  # features x outputs
        self.b = np.asarray(intercept, dtype=np.float64)
        self.n_classes = n_classes
        self.calib = calib  # (a, b, column -> class) of stacked sigmoid calibrators, or None: softmax

    def predict_proba(self, X) -> np.ndarray:
        scores = np.asarray(X @ self.W) + self.b
        if self.calib is None:
            return softmax(scores, copy=False)
        a, b, to_class = self.calib
        k, m = self.n_classes, scores.shape[1] // self.n_classes
        p = expit(-(a * scores + b))  # each calibrated model's per-class probability
        proba = np.zeros((scores.shape[0], m, k))
        proba[:, np.repeat(np.arange(m), k), to_class] = p
        den = proba.sum(axis=2, keepdims=True)
        proba = np.divide(proba, den, out=np.full_like(proba, 1 / k), where=den != 0)
        proba[(1.0 < proba) & (proba <= 1.0 + 1e-5)] = 1.0
        out = np.zeros((scores.shape[0], k))
        for j in range(m):  # summed in the order CalibratedClassifierCV sums them
            out += proba[:, j]
        out /= m
        return out


def _linear(est, classes) -> tuple[np.ndarray, np.ndarray] | None:
    if type(est) not in (LinearSVC, LogisticRegression) or not np.array_equal(est.classes_, classes):
        return None
    coef = np.asarray(est.coef_, dtype=np.float64)
    if coef.shape[0] != len(classes):  # binary layout: not our four classes
        return None
    return coef, np.asarray(est.intercept_, dtype=np.float64)


def _head(clf) -> _Head | None:
    classes = clf.classes_
    if len(classes) < 3:
        return None
    if type(clf) is LogisticRegression:
        lin = _linear(clf, classes)
        return _Head(*lin, len(classes)) if lin else None
    if type(clf) is not CalibratedClassifierCV or clf.method != "sigmoid":
        return None
    coefs, intercepts, a, b, to_class = [], [], [], [], []
    for cc in clf.calibrated_classifiers_:
        lin = _linear(cc.estimator, classes)
        if lin is None or len(cc.calibrators) != len(classes):
            return None
        coefs.append(lin[0])
        intercepts.append(lin[1])
        for j, cal in enumerate(cc.calibrators):
            a.append(float(cal.a_))
            b.append(float(cal.b_))
            to_class.append(int(np.searchsorted(classes, cc.estimator.classes_[j])))
    return _Head(np.vstack(coefs), np.concatenate(intercepts), len(classes),
                 (np.asarray(a), np.asarray(b), np.asarray(to_class)))


class CompiledPipeline:
    """``features(docs)`` and ``predict_proba(X)`` of a fitted appeal pipeline."""

    def __init__(self, blocks: list[_Block], width: int, head: _Head):
        self.blocks, self.width, self.head = blocks, width, head

    def features(self, docs) -> sp.csr_matrix:
        parts = [blk.rows(docs) for blk in self.blocks]
        if len(parts) == 1:
            return _csr(parts[0].data, parts[0].indices, parts[0].indptr, self.width)
        return _hstack_rows(parts, [blk.offset for blk in self.blocks], self.width)

    def predict_proba(self, X) -> np.ndarray:
        return self.head.predict_proba(X)


def compile_pipeline(pipeline) -> CompiledPipeline | None:
    """Compile ``[analyze, FeatureUnion of TfidfVectorizers, linear clf]``; None for anything else."""
    try:
        union, clf = pipeline[-2], pipeline[-1]
    except (TypeError, IndexError, KeyError):
        return None
    if type(union) is not FeatureUnion or union.transformer_weights is not None:
        return None
    blocks, offset = [], 0
    for _, vec in union.transformer_list:
        if type(vec) is not TfidfVectorizer or vec.norm not in ("l2", None) or vec.dtype is not np.float64:
            return None
        blocks.append(_Block(vec, offset))
        offset += blocks[-1].size
    head = _head(clf)
    if not blocks or head is None or head.W.shape[0] != offset:
        return None
    return CompiledPipeline(blocks, offset, head)
