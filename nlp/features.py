"""Feature extraction for the appeal classifier, as scikit-learn pieces.

The pipeline's first step turns texts into :class:`~nlp.text.Analysis` objects
(or passes ready ones through, so a caller that already analysed a text does not
pay twice); the vectorizers read lemma n-grams and character n-grams from them.
"""
from __future__ import annotations

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from .text import Analysis, analyze


class TextAnalyzer(TransformerMixin, BaseEstimator):
    """str or Analysis -> Analysis; stateless."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return [x if isinstance(x, Analysis) else analyze(x) for x in X]


def lemma_ngrams(a: Analysis) -> list[str]:
    """Lemma unigrams and bigrams (placeholders included, punctuation left out).

    >>> lemma_ngrams(analyze("Мастер не пришёл"))
    ['мастер', 'не', 'прийти', 'мастер не', 'не прийти']
    """
    lem = a.lemmas
    return lem + [f"{x} {y}" for x, y in zip(lem, lem[1:])]


def normalized_text(a: Analysis) -> str:
    """The normalised text, input of the character n-gram vectorizer."""
    return a.normalized


def make_features(char_ngrams: bool = True) -> FeatureUnion:
    """Lemma 1-2-grams plus (optionally) character 2-5-grams within words."""
    parts = [("lemmas", TfidfVectorizer(analyzer=lemma_ngrams, sublinear_tf=True, min_df=1))]
    if char_ngrams:
        parts.append((
            "chars",
            TfidfVectorizer(analyzer="char_wb", preprocessor=normalized_text, lowercase=False,
                            ngram_range=(2, 5), sublinear_tf=True, min_df=2, max_features=150_000),
        ))
    return FeatureUnion(parts)
