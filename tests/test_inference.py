"""nlp/inference.py: the compiled pipeline gives scikit-learn's numbers, or steps aside."""
import json

import numpy as np
import scipy.sparse as sp
import pytest

from nlp.appeals import AppealClassifier
from nlp.inference import compile_pipeline
from nlp.text import analyze

from .conftest import CORPUS

TEXTS = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()[:400]] + [
    "мастер не пришёл!!! звоните +7 (900) 123-45-67 :(",
    "СПАСИБО)))",
    "ж/д бл-ст, канд. техн. наук",  # a tokenizer exception that spans a space
    "x" * 300,  # one over-long word
    "?!",  # nothing in the vocabulary
]


def _assert_same(pipeline, docs):
    compiled = compile_pipeline(pipeline)
    assert compiled is not None
    ref = pipeline[:-1].transform(docs)
    got = compiled.features(docs)
    assert got.shape == ref.shape
    assert np.array_equal(got.indptr, ref.indptr) and np.array_equal(got.indices, ref.indices)
    np.testing.assert_allclose(got.data, ref.data, rtol=1e-12, atol=0)
    p_ref = pipeline[-1].predict_proba(ref)
    p_got = compiled.predict_proba(got)
    np.testing.assert_allclose(p_got, p_ref, rtol=1e-10, atol=1e-12)
    assert (p_got.argmax(axis=1) == p_ref.argmax(axis=1)).all()
    # one document at a time (the API's case) gives the same rows as the batch
    for k in (0, len(docs) - 1, len(docs) // 2):
        one = compiled.features(docs[k:k + 1])
        assert np.array_equal(one.indices, got[k].indices)
        np.testing.assert_allclose(compiled.predict_proba(one)[0], p_got[k], rtol=1e-12)


def test_logreg_model_matches_sklearn(classifier):
    _assert_same(classifier.pipeline, [analyze(t) for t in TEXTS])


@pytest.fixture(scope="module")
def svm_classifier(small_corpus, tmp_path_factory):
    from training.train import train

    out = tmp_path_factory.mktemp("svm") / "appeals.joblib"
    train([small_corpus], out, candidates=["linsvc_sigmoid"], folds=1, log=lambda *a: None)
    return AppealClassifier.load(out)


def test_calibrated_svm_matches_sklearn(svm_classifier):
    _assert_same(svm_classifier.pipeline, [analyze(t) for t in TEXTS])


def test_predictions_are_the_same_with_or_without_the_compiled_path(svm_classifier):
    fast = svm_classifier.predict(TEXTS[:50], explain=True)
    slow_clf = AppealClassifier(svm_classifier.pipeline, svm_classifier.card)
    slow_clf._compiled = None
    slow = slow_clf.predict(TEXTS[:50], explain=True)
    for a, b in zip(fast, slow):
        assert a.label == b.label and a.needs_review == b.needs_review
        assert a.confidence == pytest.approx(b.confidence, abs=1e-12)
        assert [e.feature for e in a.explanation] == [e.feature for e in b.explanation]


def test_unknown_pipelines_are_left_to_sklearn(small_corpus, tmp_path):
    from training.train import train

    out = tmp_path / "nb.joblib"
    train([small_corpus], out, candidates=["complement_nb"], folds=1, log=lambda *a: None)
    clf = AppealClassifier.load(out)
    assert clf._compiled is None  # isotonic calibration is not compiled
    assert clf.predict(["мастер не пришёл"])[0].label in clf.classes_
    assert compile_pipeline(object()) is None


def test_word_cache_does_not_change_rows(classifier):
    compiled = classifier._compiled
    docs = [analyze(t) for t in TEXTS[:100]]
    for blk in compiled.blocks:
        if blk.per_word is not None:
            blk.per_word.cache_clear()
    cold = compiled.features(docs)
    warm = compiled.features(docs)
    assert (cold != warm).nnz == 0


TRICKY = [
    "и др. работы, в т.ч. замена смесителя",  # tokenizer exceptions that span a space and merge
    "ма\u200bстер  не\n\nпришёл\t!",  # an invisible character inside a word, unusual whitespace
    "\u00ad \u200b мастер",  # tokens whose norm is empty
    "пишите на a.b@mail.ru или www.remont.ru, звоните 8 (900) 123-45-67 :) 😡",
    "x" * 70 + " мастер " + "ё" * 65 + ",",  # runs longer than MAX_RUN
    "Мастер. МАСТЕР! мастер?! (мастер) «мастер»...",
]


def _rows_and_proba(compiled, texts):
    import scipy.sparse as sp

    Xl, Xc = compiled.text_path.features(texts)
    return sp.hstack([Xl, Xc]).toarray(), compiled.text_path.predict_proba(texts)


@pytest.mark.parametrize("which", ["classifier", "svm_classifier"])
def test_text_path_gives_the_rows_and_probabilities_of_the_analysis_path(which, request):
    compiled = request.getfixturevalue(which)._compiled
    assert compiled.text_path is not None
    texts = TEXTS + TRICKY
    ref = compiled.features([analyze(t) for t in texts])
    p_ref = compiled.predict_proba(ref)
    compiled.text_path.clear()
    for _ in ("cold", "warm"):
        rows, proba = _rows_and_proba(compiled, texts)
        np.testing.assert_allclose(rows, ref.toarray(), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(proba, p_ref, rtol=1e-10, atol=1e-12)
    one = compiled.text_path.predict_proba(TRICKY[:1])
    np.testing.assert_allclose(one[0], p_ref[len(TEXTS)], rtol=1e-10)


def test_piece_cache_eviction_keeps_the_numbers(classifier, monkeypatch):
    import nlp.inference as inf

    path = classifier._compiled.text_path
    full = path.predict_proba(TEXTS[:200])
    monkeypatch.setattr(inf, "PIECE_CACHE", 50)
    path.clear()
    small = path.predict_proba(TEXTS[:200])
    assert len(path.pieces) <= 50 and len(path.by_id) == len(path.pieces)
    np.testing.assert_allclose(small, full, rtol=1e-12)


def test_classifier_predict_uses_the_text_path_and_agrees_with_sklearn(svm_classifier):
    assert svm_classifier._compiled.text_path is not None
    fast = svm_classifier.predict(TEXTS[:80] + TRICKY)
    slow_clf = AppealClassifier(svm_classifier.pipeline, svm_classifier.card)
    slow_clf._compiled = None
    slow = slow_clf.predict(TEXTS[:80] + TRICKY)
    for a, b in zip(fast, slow):
        assert a.label == b.label and a.needs_review == b.needs_review
        assert a.confidence == pytest.approx(b.confidence, abs=1e-10)
    with pytest.raises(ValueError, match=r"items\[1\]\.text"):
        svm_classifier.predict(["мастер", "   "])


def test_piece_table_stored_with_the_model_gives_the_same_numbers(svm_classifier):
    pipeline = svm_classifier.pipeline
    table = getattr(pipeline[0], "pieces_", None)
    assert table is not None and len(table[0]) > 100 and svm_classifier.card["piece_table"] == len(table[0])
    with_table = compile_pipeline(pipeline)
    assert len(with_table.text_path.pieces) == len(table[0])
    del pipeline[0].pieces_
    try:
        without = compile_pipeline(pipeline)
    finally:
        pipeline[0].pieces_ = table
    assert len(without.text_path.pieces) == 0
    texts = TEXTS + TRICKY
    np.testing.assert_allclose(with_table.text_path.predict_proba(texts), without.text_path.predict_proba(texts),
                               rtol=1e-12)
    with_table.text_path.clear()  # back to the table, not to nothing
    assert len(with_table.text_path.pieces) == len(table[0])


def test_a_piece_table_that_does_not_fit_is_refused(svm_classifier):
    pipeline = svm_classifier.pipeline
    keys, lem_ptr, lem, chr_ptr, chars = table = pipeline[0].pieces_
    pipeline[0].pieces_ = (keys, lem_ptr, lem, chr_ptr, chars + 10**7)
    try:
        compiled = compile_pipeline(pipeline)
    finally:
        pipeline[0].pieces_ = table
    assert compiled is not None and compiled.text_path is None  # the analysis path serves instead


def test_new_pieces_put_together_from_known_words_give_the_rows_of_the_analysis_path(svm_classifier, monkeypatch):
    """A piece the table lacks («(ДОМ!»», «дом,») is built from its known word and marks (_compose)."""
    import nlp.inference as inf

    def no_tokenising(key):
        raise AssertionError(f"{key!r} should have been put together from known words")

    compiled = svm_classifier._compiled
    path = compiled.text_path
    known = [k for k in path.pieces if k.isalpha() and len(k) > 3][:60]
    assert len(known) >= 20
    texts = [f"({w.upper()}!» и «{w}», {w.capitalize()}... {w}" for w in known]
    ref = compiled.features([analyze(t) for t in texts])
    path.clear()
    before = len(path.pieces)
    monkeypatch.setattr(inf, "piece_tokens", no_tokenising)
    rows = sp.hstack(path.features(texts)).toarray()
    assert len(path.pieces) > before  # the new pieces were registered
    np.testing.assert_allclose(rows, ref.toarray(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(path.predict_proba(texts), compiled.predict_proba(ref), rtol=1e-10, atol=1e-12)


def test_intmap_finds_what_a_dict_finds():
    from hypothesis import given, settings, strategies as st

    from nlp.inference import IntMap

    @settings(max_examples=60, deadline=None)
    @given(st.dictionaries(st.integers(0, 2**62), st.integers(0, 2**40), max_size=300),
           st.lists(st.integers(0, 2**62), max_size=300))
    def check(table, extra):
        m = IntMap(np.array(list(table), dtype=np.int64), np.array(list(table.values()), dtype=np.int64))
        queries = list(table) + extra
        got = m.get(np.array(queries, dtype=np.int64)).tolist()
        assert got == [table.get(q, -1) for q in queries]

    check()
    with pytest.raises(ValueError, match="distinct"):
        IntMap(np.array([3, 3]), np.array([1, 2]))


def test_chunked_probabilities_equal_the_whole_batch(classifier, monkeypatch):
    """predict_proba builds the sparse rows a chunk of documents at a time; the numbers are those of
    the whole-batch rows (features)."""
    import nlp.inference as inf

    path = classifier._compiled.text_path
    texts = TEXTS + TRICKY
    Xl, Xc = path.features(texts)
    whole = path.head.proba(np.asarray(Xl @ path.W_lem) + np.asarray(Xc @ path.W_chr) + path.head.b)
    monkeypatch.setattr(inf, "CHUNK", 7)
    np.testing.assert_array_equal(path.predict_proba(texts), whole)
