"""The baselines our pipeline is measured against, in the same run.

* ``limit``: lower-cased raw text -> ``TfidfVectorizer(ngram_range=(1, 2))`` ->
  ``LinearSVC``; no lemmas, no analysis: the practical ceiling for a linear text
  classifier.
* ``naive``: ``spacy.blank("ru")`` with spaCy's own pymorphy3 lemmatizer (no cache
  of ours) feeding the same kind of classifier (lemma 1-2-gram tf-idf ->
  LinearSVC), and the same spaCy pipeline feeding a spaCy ``Matcher`` built from
  the rulebook's patterns on ``LEMMA``: what one would write in an afternoon.
"""
from __future__ import annotations

import itertools
from functools import lru_cache

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC

MAX_PERMUTED = 3  # any-order patterns up to this many elements become all their orders


def limit_classifier(texts, labels):
    """Fit the ``limit`` baseline; ``predict(texts)`` returns labels."""
    return make_pipeline(TfidfVectorizer(lowercase=True, ngram_range=(1, 2)),
                         LinearSVC(C=0.5, class_weight="balanced")).fit(texts, labels)


@lru_cache(maxsize=1)
def naive_nlp():
    """``spacy.blank("ru")`` + spaCy's ``lemmatizer`` in mode ``pymorphy3`` (offline: the dictionaries are a package)."""
    import spacy

    nlp = spacy.blank("ru")
    nlp.add_pipe("lemmatizer", config={"mode": "pymorphy3"})
    nlp.initialize()
    return nlp


def naive_lemmas(texts, batch_size: int = 256) -> list[str]:
    """Each text as its space-joined lower-cased lemmas (punctuation and spaces dropped)."""
    return [" ".join(t.lemma_.lower() for t in doc if not (t.is_punct or t.is_space))
            for doc in naive_nlp().pipe(texts, batch_size=batch_size)]


class NaiveClassifier:
    """spaCy lemmas -> lemma 1-2-gram tf-idf -> LinearSVC."""

    def fit(self, texts, labels):
        self.model_ = make_pipeline(TfidfVectorizer(lowercase=False, token_pattern=r"\S+", ngram_range=(1, 2)),
                                    LinearSVC(C=0.5, class_weight="balanced")).fit(naive_lemmas(texts), labels)
        return self

    def predict(self, texts):
        return self.model_.predict(naive_lemmas(texts))


def _element(src: str, lemma) -> dict | None:
    """One rulebook pattern element as a spaCy token pattern (None: no spaCy equivalent)."""
    if src == "*":
        return {}
    if src.startswith("~"):
        return {"LOWER": {"REGEX": src[1:]}}
    alts = []
    for a in src.split("|"):
        word = a.partition("@")[0]
        if not word:  # grammemes only: the blank pipeline has no morphology to test them
            return {}
        alts.append(("=", word[1:].lower()) if word.startswith("=") else ("L", lemma(word)))
    if all(kind == "=" for kind, _ in alts):
        return {"LOWER": {"IN": [w for _, w in alts]}}
    return {"LEMMA": {"IN": [w for kind, w in alts if kind == "L"]}}


def _spacy_patterns(source: str, window: int, any_order: bool, lemma) -> list[list[dict]]:
    words = source.split() if any(c in source for c in "~|@") else source.replace("-", " ").split()
    els = [_element(w, lemma) for w in words]
    orders = itertools.permutations(els) if any_order and len(els) <= MAX_PERMUTED else [els]
    gap = [{"OP": "?"}] * window
    out = []
    for order in orders:
        pat = []
        for k, el in enumerate(order):
            pat += ([] if k == 0 else gap) + [el]
        out.append(pat)
    return out


class NaiveScorer:
    """Every rule and checklist phrase of a rulebook as one spaCy ``Matcher`` on lemmas."""

    def __init__(self, rulebook):
        from spacy.matcher import Matcher

        nlp = naive_nlp()

        @lru_cache(maxsize=None)
        def lemma(word: str) -> str:  # pattern words only, once each, at build time
            return nlp(word)[0].lemma_.lower()

        self.matcher = Matcher(nlp.vocab)
        self.names = []
        spec = rulebook.spec
        groups = [(r.id, r.patterns, r.window, r.any_order) for r in spec.rules]
        groups += [(f"phrase.{n}", pl.patterns, pl.window, pl.any_order) for n, pl in spec.phrases.items()]
        for name, sources, window, any_order in groups:
            pats = [p for s in sources for p in _spacy_patterns(s, window, any_order, lemma)]
            self.matcher.add(name, pats)
            self.names.append(name)

    def score(self, transcript: dict) -> dict:
        """Matches per rule over the operator's turns, and an illustrative score."""
        nlp = naive_nlp()
        texts = [t["text"] for t in transcript["turns"] if t["speaker"] == "operator"]
        hits: dict[str, int] = {}
        for doc in nlp.pipe(texts):
            for match_id, _, _ in self.matcher(doc):
                name = nlp.vocab.strings[match_id]
                hits[name] = hits.get(name, 0) + 1
        rules = sum(v for k, v in hits.items() if not k.startswith("phrase."))
        return {"id": transcript.get("id"), "hits": hits, "score": max(0, 100 - 5 * rules)}
