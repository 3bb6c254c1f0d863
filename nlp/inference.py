"""A fitted appeal pipeline compiled for serving: the same numbers, less overhead.

scikit-learn's ``transform``/``predict_proba`` re-validate their input and walk
the ``FeatureUnion`` through joblib on every call, which costs milliseconds per
request; :func:`compile_pipeline` reads the fitted state once (vocabularies, idf,
coefficients, calibrators) and computes the same tf-idf rows and probabilities
with a few numpy calls. Pipelines it does not know return None, and the caller
keeps using scikit-learn. ``tests/test_inference.py`` checks both paths agree.
"""
from __future__ import annotations

import bisect
import itertools
import operator
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

from .features import lemma_ngrams, normalized_text
from .morph import fold
from .text import analyze, piece_keys, piece_parts, piece_tokens, token_fields, warm_pieces

WORD_CACHE = 50_000  # distinct words whose character n-gram indices are kept, per vectorizer
PIECE_CACHE = 100_000  # distinct pieces (runs, placeholders) whose feature indices are kept


class _Block:
    """One fitted TfidfVectorizer: its analyzer, vocabulary and idf."""

    def __init__(self, vec: TfidfVectorizer, offset: int):
        self.analyze = vec.build_analyzer()
        self.analyzer, self.preprocessor = vec.analyzer, vec.preprocessor
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
                get = vocabulary.get
                return np.array([j for j in map(get, ngrams(word)) if j is not None], dtype=np.int64)

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
        return self.proba(np.asarray(X @ self.W) + self.b)

    def proba(self, scores: np.ndarray) -> np.ndarray:
        """Probabilities from the linear scores (one row per document)."""
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


def _cat(arrays) -> np.ndarray:
    return np.concatenate(arrays) if len(arrays) else np.zeros(0, dtype=np.int64)


class IntMap:
    """A vectorised look-up table for non-negative int64 keys (open addressing, linear probing).

    ``np.searchsorted`` into the sorted bigram keys was a third of the lemma block's time;
    this finds 300,000 keys in a few milliseconds.

    >>> m = IntMap(np.array([5, 21, 1 << 40]), np.array([1, 2, 3]))
    >>> m.get(np.array([21, 7, 1 << 40, 5])).tolist()
    [2, -1, 3, 1]
    """

    _MULT = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing

    def __init__(self, keys: np.ndarray, vals: np.ndarray):
        keys, vals = np.asarray(keys, dtype=np.int64), np.asarray(vals, dtype=np.int64)
        if len(keys) and keys.min() < 0:
            raise ValueError("IntMap keys must be non-negative")
        if len(np.unique(keys)) != len(keys):
            raise ValueError("IntMap keys must be distinct")
        self.bits = max(4, int(np.ceil(np.log2(max(1, len(keys)) * 3))))  # load factor at most 1/3
        self.mask = (1 << self.bits) - 1
        self.keys = np.full(self.mask + 1, -1, dtype=np.int64)
        self.vals = np.full(self.mask + 1, -1, dtype=np.int64)
        todo, slot = np.arange(len(keys)), self._slot(keys)
        while len(todo):  # place, per free slot, the first key that wants it; the rest probe on
            free = self.keys[slot] == -1
            first = np.zeros(len(todo), dtype=bool)
            _, at = np.unique(np.where(free, slot, -1), return_index=True)
            first[at] = True
            first &= free
            self.keys[slot[first]] = keys[todo[first]]
            self.vals[slot[first]] = vals[todo[first]]
            todo, slot = todo[~first], (slot[~first] + 1) & self.mask

    def _slot(self, keys: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            h = keys.astype(np.uint64) * self._MULT
        return (h >> np.uint64(64 - self.bits)).astype(np.int64)

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key, or -1 where a key is absent."""
        keys = np.asarray(keys, dtype=np.int64)
        out = np.full(len(keys), -1, dtype=np.int64)
        todo, slot = np.arange(len(keys)), self._slot(keys)
        while len(todo):
            found = self.keys[slot]
            hit = found == keys[todo]
            out[todo[hit]] = self.vals[slot[hit]]
            go_on = ~hit & (found != -1)
            todo, slot = todo[go_on], (slot[go_on] + 1) & self.mask
        return out


CHUNK = 2_000  # documents per sparse product in TextPath.predict_proba


class _Flat:
    """Many small integer arrays (one per distinct piece) as one array with offsets."""

    def __init__(self, parts):
        self.size = np.array([len(x) for x in parts], dtype=np.int64)
        self.start = np.zeros(len(parts), dtype=np.int64)
        np.cumsum(self.size[:-1], out=self.start[1:])
        self.flat = _cat(parts)

    def gather(self, inv) -> tuple[np.ndarray, np.ndarray]:
        """Concatenate ``parts[inv[0]], parts[inv[1]], ...`` and give how long each one is."""
        occ = self.size[inv]
        total = int(occ.sum())
        first = np.zeros(len(inv), dtype=np.int64)
        np.cumsum(occ[:-1], out=first[1:])
        idx = np.repeat(self.start[inv] - first, occ) + np.arange(total, dtype=np.int64)
        return self.flat[idx], occ

    def matrix(self, width: int) -> sp.csr_matrix:
        """The parts as the rows of a 0/1 sparse matrix (parts x width)."""
        indptr = np.zeros(len(self.size) + 1, dtype=np.int64)
        np.cumsum(self.size, out=indptr[1:])
        return sp.csr_matrix((np.ones(len(self.flat)), self.flat, indptr), shape=(len(self.size), width))


class TextPath:
    """Texts straight to probabilities, for the usual two blocks (lemma 1-2-grams, char_wb n-grams).

    ``analyze`` builds a ``Token`` per word, which a batch of thousands of appeals
    pays for nothing: this path cuts each text into the pieces ``analyze``
    tokenises independently (:func:`nlp.text.piece_keys`) and keeps, per piece,
    its lemma feature indices and its character n-gram indices. A document's
    counts are then one sparse product (documents x pieces) @ (pieces x n-grams)
    and a vectorised bigram look-up; the tf-idf weighting, normalisation and
    scores are those of :class:`_Block` and :class:`_Head`.
    ``tests/test_inference.py`` checks it gives the same rows and probabilities.
    """

    def __init__(self, lemmas: _Block, chars: _Block, head: _Head):
        self.lem, self.chr, self.head = lemmas, chars, head
        vocab = lemmas.vocabulary
        self.uni = {k: v for k, v in vocab.items() if " " not in k}
        self.base = len(vocab)
        keys, vals = [], []
        for k, v in vocab.items():
            if " " in k:
                a, _, b = k.partition(" ")
                if a not in self.uni or b not in self.uni:
                    raise ValueError(f"bigram {k!r} without its unigrams")
                keys.append(self.uni[a] * self.base + self.uni[b])
                vals.append(v)
        self.bigrams = IntMap(np.asarray(keys, dtype=np.int64), np.asarray(vals, dtype=np.int64))
        self.W_lem = head.W[lemmas.offset:lemmas.offset + lemmas.size]
        self.W_chr = head.W[chars.offset:chars.offset + chars.size]
        self.pieces: dict[str, int] = {}  # piece key -> id
        self.by_id: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # id -> (lemma indices, char n-gram indices)
        self._ids = itertools.count()
        self._table: tuple | None = None

    def clear(self) -> None:
        """Forget every piece seen since loading (the model's own piece table stays)."""
        self.pieces.clear()
        self.by_id.clear()
        if self._table is not None:
            self.load_table(self._table)

    def export_table(self) -> tuple:
        """The pieces known now, as flat arrays (stored with a model: no analysis for them at start)."""
        keys = list(self.pieces)
        rows = [self.by_id[self.pieces[k]] for k in keys]
        lem = [r[0] for r in rows]
        chars = [r[1] for r in rows]
        return (keys, np.cumsum([0] + [len(x) for x in lem]), _cat(lem).astype(np.int32),
                np.cumsum([0] + [len(x) for x in chars]), _cat(chars).astype(np.int32))

    def load_table(self, table: tuple) -> None:
        keys, lem_ptr, lem, chr_ptr, chars = table
        if len(lem) and (lem.max() >= self.lem.size or lem.min() < -1) or \
                len(chars) and (chars.max() >= self.chr.size or chars.min() < 0):
            raise ValueError("piece table does not fit the vocabularies")
        self._table = table
        lem, chars = lem.astype(np.int64), chars.astype(np.int64)
        for i, key in enumerate(keys[:PIECE_CACHE]):
            uid = next(self._ids)
            self.pieces[key] = uid
            self.by_id[uid] = (lem[lem_ptr[i]:lem_ptr[i + 1]], chars[chr_ptr[i]:chr_ptr[i + 1]])

    def _add(self, key: str, tokens) -> int:
        """Register a piece from its tokens' (norm, lemma, kind); returns its id."""
        lemmas = np.array([self.uni.get(lemma, -1) for _, lemma, kind in tokens if kind != "punct"], dtype=np.int64)
        chars = _cat([self.chr.per_word(norm) for norm, _, _ in tokens if norm])
        uid = next(self._ids)
        self.by_id[uid] = (lemmas, chars)
        if key is not None:
            self.pieces[key] = uid
        return uid

    def _compose(self, key: str) -> None:
        """Register a new piece that needs no spaCy call («упаковали,», «ДЕРЕВНЕ») from its tokens:
        a token that is itself a known piece (as written or lower-cased) gives that piece's
        features, the others are analysed (the same fields :func:`piece_tokens` would give)."""
        parts = piece_parts(key)
        if parts is None:
            return
        lem, chars = [], []
        for t in parts:
            uid = self.pieces.get(t)
            if uid is None and (f := fold(t)) != t:
                uid = self.pieces.get(f)
                t = t if uid is None else f
            if uid is not None and piece_parts(t) == [t]:  # the piece is that one token
                got = self.by_id[uid]
                lem.append(got[0])
                chars.append(got[1])
                continue
            norm, lemma, kind = token_fields(t)
            if kind != "punct":
                lem.append(np.array([self.uni.get(lemma, -1)], dtype=np.int64))
            if norm:
                chars.append(self.chr.per_word(norm))
        uid = next(self._ids)
        self.by_id[uid] = (_cat(lem), _cat(chars))
        self.pieces[key] = uid

    def _shrink(self) -> None:
        """Bound the cache after a batch (never during one: its pieces are in use)."""
        if len(self.pieces) > PIECE_CACHE:
            for old in list(itertools.islice(self.pieces, len(self.pieces) - PIECE_CACHE + PIECE_CACHE // 4)):
                del self.by_id[self.pieces.pop(old)]

    def predict_proba(self, texts) -> np.ndarray:
        """Probabilities of ``texts``; the sparse rows are built CHUNK documents at a time (the same
        numbers as :meth:`features`: every step is row by row), so a batch of 100,000 appeals never
        holds its 50 million character n-gram entries at once."""
        n, D, inv, parts = self._prepare(texts)
        lem, chars = _Flat([p[0] for p in parts]), _Flat([p[1] for p in parts])
        C = chars.matrix(self.chr.size)
        S = np.empty((n, self.W_lem.shape[1]))
        for a in range(0, n, CHUNK):
            b = min(n, a + CHUNK)
            lo, hi = np.searchsorted(D, (a, b))  # D is sorted: a document's pieces are contiguous
            Dc, ic = D[lo:hi] - a, inv[lo:hi]
            S[a:b] = np.asarray(self._lemma_rows(b - a, Dc, ic, lem) @ self.W_lem) + \
                np.asarray(self._char_rows(b - a, Dc, ic, C) @ self.W_chr)
        return self.head.proba(S + self.head.b)

    def features(self, texts) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """The two tf-idf blocks of ``texts`` (each row normalised as its vectorizer does)."""
        n, D, inv, parts = self._prepare(texts)
        chars = _Flat([p[1] for p in parts])
        return (self._lemma_rows(n, D, inv, _Flat([p[0] for p in parts])),
                self._char_rows(n, D, inv, chars.matrix(self.chr.size)))

    def _prepare(self, texts):
        """(n, document of each piece occurrence, its index among the distinct pieces, the distinct
        pieces' (lemma ids, char n-gram ids))."""
        n = len(texts)
        keys = [piece_keys(text) for text in texts]
        lengths = [len(ks) for ks in keys]
        flat = [k for ks in keys for k in ks]
        ids = list(map(self.pieces.get, flat))
        temp: list[int] = []
        if None in ids:
            ids, lengths, temp = self._resolve(texts, flat, ids, lengths)
        try:
            U = np.asarray(ids, dtype=np.int64)
            D = np.repeat(np.arange(n, dtype=np.int64), lengths)
            # the distinct ids, sorted, and each position's rank among them (np.unique without a sort:
            # ids are small integers)
            seen = np.zeros(int(U.max()) + 1 if len(U) else 0, dtype=bool)
            seen[U] = True
            uniq = np.flatnonzero(seen)
            inv = (np.cumsum(seen) - 1)[U]
            parts = [self.by_id[u] for u in uniq.tolist()]
        finally:
            for uid in temp:
                del self.by_id[uid]
            self._shrink()
        return n, D, inv, parts

    def _resolve(self, texts, flat, ids, lengths):
        """Ids for the pieces not seen yet (their runs tokenised in one go); a text whose pieces
        may join into a tokenizer exception becomes one piece of its own, analysed whole."""
        missing = list(itertools.compress(range(len(ids)), map(operator.is_, ids, itertools.repeat(None))))
        new = dict.fromkeys(flat[i] for i in missing)
        for k in new:
            self._compose(k)
        warm_pieces(k for k in new if k not in self.pieces)
        spaced = set()
        for k in new:
            if k not in self.pieces:
                tokens = piece_tokens(k)
                if tokens is None:
                    spaced.add(k)
                else:
                    self._add(k, tokens)
        get = self.pieces.get
        for i in missing:
            ids[i] = get(flat[i], -1)
        if not spaced:
            return ids, lengths, []
        starts = list(itertools.accumulate(lengths, initial=0))
        whole = sorted({bisect.bisect_right(starts, i) - 1 for i in missing if flat[i] in spaced})
        out, temp, pos, lengths = [], [], 0, list(lengths)
        for d in whole:
            out += ids[pos:starts[d]]
            a = analyze(texts[d])
            uid = self._add(None, [(t.norm, t.lemma, t.kind) for t in a.tokens])
            out.append(uid)
            temp.append(uid)
            lengths[d] = 1
            pos = starts[d + 1]
        out += ids[pos:]
        return out, lengths, temp

    def _lemma_rows(self, n, D_piece, inv, lem: "_Flat") -> sp.csr_matrix:
        L, occ = lem.gather(inv)
        D = np.repeat(D_piece, occ)
        a, b = L[:-1], L[1:]
        pair = (D[1:] == D[:-1]) & (a >= 0) & (b >= 0)
        keys = a[pair] * self.base + b[pair]
        found = self.bigrams.get(keys)
        hit = found >= 0
        rows = np.concatenate([D[L >= 0], D[:-1][pair][hit]])
        cols = np.concatenate([L[L >= 0], found[hit]])
        X = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, self.lem.size)).tocsr()  # sums repeats
        return self._tfidf(self.lem, X)

    def _char_rows(self, n, D_piece, inv, C: sp.csr_matrix) -> sp.csr_matrix:
        R = sp.coo_matrix((np.ones(len(inv)), (D_piece, inv)), shape=(n, C.shape[0])).tocsr()
        return self._tfidf(self.chr, R @ C)  # the product sums each n-gram's count per document

    @staticmethod
    def _tfidf(blk: _Block, X: sp.csr_matrix) -> sp.csr_matrix:
        """Counts (no duplicate entries; indices need not be sorted) to weighted, normalised rows."""
        if blk.binary:
            X.data[:] = 1.0
        if blk.sublinear:
            np.log(X.data, X.data)
            X.data += 1.0
        if blk.idf is not None:
            X.data *= blk.idf[X.indices]
        if blk.norm == "l2":
            inplace_csr_row_normalize_l2(X)
        return X


class CompiledPipeline:
    """``features(docs)`` and ``predict_proba(X)`` of a fitted appeal pipeline."""

    def __init__(self, blocks: list[_Block], width: int, head: _Head, table=None):
        self.blocks, self.width, self.head = blocks, width, head
        self.text_path = _text_path(blocks, head, table)

    def features(self, docs) -> sp.csr_matrix:
        parts = [blk.rows(docs) for blk in self.blocks]
        if len(parts) == 1:
            return _csr(parts[0].data, parts[0].indices, parts[0].indptr, self.width)
        return _hstack_rows(parts, [blk.offset for blk in self.blocks], self.width)

    def predict_proba(self, X) -> np.ndarray:
        return self.head.predict_proba(X)


def _text_path(blocks: list[_Block], head: _Head, table=None) -> TextPath | None:
    """The texts-first path when the blocks are exactly [lemma 1-2-grams, char_wb n-grams]."""
    if len(blocks) != 2 or blocks[0].analyzer is not lemma_ngrams or blocks[1].per_word is None \
            or blocks[1].preprocessor is not normalized_text:
        return None
    try:
        path = TextPath(blocks[0], blocks[1], head)
        if table is not None:
            path.load_table(table)
        return path
    except (ValueError, TypeError, IndexError):
        return None


def attach_piece_table(pipeline, texts) -> int:
    """Store with a fitted pipeline the features of every piece of ``texts`` (its training texts).

    Like the word vectors of a fastText model, the table spares the analysis of
    known words at prediction time: a new process classifies its first batch
    about as fast as a warm one. The numbers are those computed without it
    (``tests/test_inference.py``). Returns the number of pieces stored (0 when
    the pipeline has no texts-first path).
    """
    compiled = compile_pipeline(pipeline)
    if compiled is None or compiled.text_path is None:
        return 0
    path = compiled.text_path
    path.features(list(texts))
    # the bare words of pieces with punctuation («упаковали» of «упаковали,»): a new piece
    # made of a known word and other marks is then put together without analysis (_compose)
    words = {t for k in list(path.pieces) for t in (piece_parts(k) or ()) if t.isalpha()}
    path.features(sorted(words - path.pieces.keys()))
    table = path.export_table()
    pipeline[0].pieces_ = table
    return len(table[0])


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
    return CompiledPipeline(blocks, offset, head, getattr(pipeline[0], "pieces_", None))
