"""The appeal classifier in service: load a model and its card, predict, explain."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .inference import compile_pipeline
from .labels import LABELS, LABELS_RU
from .model_io import ModelError, load_model
from .text import Analysis, analyze, check_unicode

DEFAULT_MODEL = "models/appeals.joblib"
DEFAULT_THRESHOLD = 0.5  # used only when a card carries no calibrated threshold
MAX_TEXT_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class Evidence:
    """A feature that pushed the prediction towards its label."""

    feature: str
    kind: str  # lemma | chars
    weight: float


@dataclass(frozen=True, slots=True)
class Prediction:
    id: object
    label: str
    label_ru: str
    confidence: float
    scores: dict[str, float]
    needs_review: bool
    explanation: tuple[Evidence, ...] | None = field(default=None)

    def to_dict(self) -> dict:
        out = {"id": self.id, "label": self.label, "label_ru": self.label_ru,
               "confidence": round(self.confidence, 4),
               "scores": {k: round(v, 4) for k, v in self.scores.items()},
               "needs_review": self.needs_review}
        if self.explanation is not None:
            out["explanation"] = [{"feature": e.feature, "kind": e.kind, "weight": round(e.weight, 4)}
                                  for e in self.explanation]
        return out


def check_text(text, where: str = "text") -> str:
    """Validate one appeal text; raise ValueError naming the field."""
    if not isinstance(text, str):
        raise TypeError(f"{where}: expected a string, got {type(text).__name__}")
    if not text.strip():
        raise ValueError(f"{where}: expected a non-empty text, got an empty one")
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(f"{where}: expected at most {MAX_TEXT_CHARS} characters, got {len(text)}")
    try:
        check_unicode(text)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    return text


def _linear_coefficients(clf) -> np.ndarray:
    """Class-by-feature weights of a fitted linear classifier (calibrated or not)."""
    if hasattr(clf, "calibrated_classifiers_"):
        return np.mean([_linear_coefficients(c.estimator) for c in clf.calibrated_classifiers_], axis=0)
    coef = np.asarray(clf.coef_)
    if coef.shape[0] == 1:  # binary layout; never for our four classes
        coef = np.vstack([-coef[0], coef[0]])
    return coef


class AppealClassifier:
    """A trained text -> appeal-type pipeline plus its card."""

    def __init__(self, pipeline, card: dict, threshold: float | None = None):
        self.pipeline = pipeline
        self.card = card
        self.threshold = float(threshold if threshold is not None
                               else card.get("threshold", DEFAULT_THRESHOLD))
        self.classes_ = [str(c) for c in pipeline.classes_]
        if sorted(self.classes_) != sorted(LABELS):
            raise ModelError(f"model classes {self.classes_} are not the four appeal types {list(LABELS)}")
        self._compiled = compile_pipeline(pipeline)  # None: scikit-learn computes it (same numbers)

    @classmethod
    def load(cls, path: str | os.PathLike = DEFAULT_MODEL, threshold: float | None = None):
        """Load a model file after checking its card (versions, SHA-256)."""
        pipeline, card = load_model(path)
        try:
            return cls(pipeline, card, threshold)
        except ModelError:
            raise
        except (AttributeError, TypeError, ValueError, IndexError, KeyError) as exc:  # not a pipeline of ours
            raise ModelError(f"model {path} is not an appeal classifier ({type(exc).__name__}); "
                             "retrain with `gerp-nlp train`") from None

    def predict(self, texts, ids=None, explain: bool = False, top: int = 5) -> list[Prediction]:
        """Classify texts (or ready Analysis objects)."""
        texts = list(texts)
        fast = self._compiled.text_path if self._compiled is not None and not explain else None
        if fast is not None and all(isinstance(t, str) for t in texts):
            docs = [check_text(t, f"items[{i}].text") for i, t in enumerate(texts)]
        else:
            docs = [t if isinstance(t, Analysis) else analyze(check_text(t, f"items[{i}].text"))
                    for i, t in enumerate(texts)]
            fast = None
        if not docs:
            return []
        ids = list(ids) if ids is not None else [None] * len(docs)
        if fast is not None:  # texts straight to probabilities, no Token objects (same numbers)
            features, proba = None, fast.predict_proba(docs)
        elif self._compiled is not None:
            features = self._compiled.features(docs)
            proba = self._compiled.predict_proba(features)
        else:
            features = self.pipeline[:-1].transform(docs)
            proba = self.pipeline[-1].predict_proba(features)
        out = []
        classes, threshold = self.classes_, self.threshold
        best_of = proba.argmax(axis=1).tolist()
        for i, row in enumerate(proba.tolist()):  # Python floats once, not a numpy scalar per value
            best = best_of[i]
            label = classes[best]
            conf = row[best]
            expl = self._explain(features[i], best, top) if explain else None
            out.append(Prediction(ids[i], label, LABELS_RU[label], conf, dict(zip(classes, row)),
                                  conf < threshold, expl))
        return out

    def predict_one(self, text, explain: bool = False) -> Prediction:
        return self.predict([text], explain=explain)[0]

    @cached_property
    def _coef(self) -> np.ndarray:
        return _linear_coefficients(self.pipeline[-1])

    @cached_property
    def _feature_names(self) -> np.ndarray:
        return self.pipeline[-2].get_feature_names_out()

    def _explain(self, row, cls_index: int, top: int) -> tuple[Evidence, ...]:
        row = row.tocsr()
        coef = self._coef
        # how much more this feature favours the label than the average other label
        margin = coef[cls_index] - np.delete(coef, cls_index, axis=0).mean(axis=0)
        contrib = row.data * margin[row.indices]
        order = np.argsort(-contrib)[:top]
        out = []
        for j in order:
            if contrib[j] <= 0:
                break
            kind, _, name = str(self._feature_names[row.indices[j]]).partition("__")
            out.append(Evidence(name, "lemma" if kind == "lemmas" else "chars", float(contrib[j])))
        return tuple(out)
