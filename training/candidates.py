"""Candidate models compared by cross-validation; each builds one Pipeline."""
from __future__ import annotations

from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from nlp.features import TextAnalyzer, make_features


def _pipeline(clf, char_ngrams: bool = True) -> Pipeline:
    return Pipeline([("analyze", TextAnalyzer()), ("features", make_features(char_ngrams)), ("clf", clf)])


def logreg():
    """Multinomial logistic regression on lemma + character n-grams."""
    return _pipeline(LogisticRegression(C=20.0, class_weight="balanced", max_iter=3000))


def logreg_lemmas():
    """The same on lemma n-grams only (shows what character n-grams add)."""
    return _pipeline(LogisticRegression(C=20.0, class_weight="balanced", max_iter=3000), char_ngrams=False)


def linsvc_sigmoid():
    """Linear SVM with sigmoid (Platt) calibration over 5 internal folds."""
    svm = LinearSVC(C=0.5, class_weight="balanced")
    return _pipeline(CalibratedClassifierCV(svm, method="sigmoid", cv=5))


def complement_nb():
    """Complement naive Bayes with isotonic calibration."""
    return _pipeline(CalibratedClassifierCV(ComplementNB(alpha=0.3), method="isotonic", cv=5))


CANDIDATES = {f.__name__: f for f in (logreg, logreg_lemmas, linsvc_sigmoid, complement_nb)}
