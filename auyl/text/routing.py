"""Routing: suggest the category and the responsible unit of an appeal, with a confidence and a "why".

A linear SVM (balanced class weights: small units must not vanish behind the akim's office) on the
backend's vectors, calibrated with Platt scaling so the confidence can be shown to staff and used as a
threshold ("suggest only when confident"). Train it on a community's or district's past appeals; the
shipped starter model is trained lazily from ``data/appeals_train.csv`` (synthetic, see its README) and
can be combined with local examples (``train_router(..., with_starter=True)``).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.svm import LinearSVC

from auyl.text._resources import DATA_DIR
from auyl.text.vectors import SparseVectorizer, Vectorizer, get_vectorizer

STARTER_DATA = DATA_DIR / "appeals_train.csv"


@dataclass(frozen=True)
class Suggestion:
    """A suggested label with its confidence (0..1), the terms behind it and the runner-up labels."""

    label: str
    confidence: float
    why: list[str] = field(default_factory=list)
    alternatives: list[tuple[str, float]] = field(default_factory=list)


class Router:
    """Text classifier for one label (e.g. ``responsible_unit``) behind any vector backend."""

    def __init__(self, backend: str = "sparse", vectorizer: Vectorizer | None = None) -> None:
        self.vectorizer = vectorizer or get_vectorizer(backend)
        self.classes_: np.ndarray = np.array([])
        self._model: CalibratedClassifierCV | LinearSVC | None = None
        self._constant: str | None = None

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> Router:
        """Train on labelled texts; copes with one class and with classes too small to calibrate."""
        if len(texts) != len(labels) or not texts:
            raise ValueError("need as many labels as texts, and at least one text")
        counts = Counter(labels)
        X = self.vectorizer.fit_transform(list(texts))
        self.classes_ = np.array(sorted(counts))
        if len(counts) == 1:
            self._constant, self._model = labels[0], None
            return self
        self._constant = None
        svm = LinearSVC(C=1.0, class_weight="balanced")
        folds = min(3, min(counts.values()))
        if folds >= 2:
            self._model = CalibratedClassifierCV(svm, cv=folds, method="sigmoid").fit(X, list(labels))
        else:
            self._model = svm.fit(X, list(labels))
        self.classes_ = np.asarray(self._model.classes_)
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(n, classes) matrix of confidences; rows sum to 1."""
        if self._constant is not None:
            return np.ones((len(texts), 1))
        if self._model is None:
            raise RuntimeError("Router is not trained; call fit() first")
        X = self.vectorizer.transform(list(texts))
        if isinstance(self._model, CalibratedClassifierCV):
            return self._model.predict_proba(X)
        scores = self._model.decision_function(X)
        scores = scores.reshape(len(texts), -1)
        if scores.shape[1] == 1:  # binary LinearSVC
            scores = np.hstack([-scores, scores])
        e = np.exp(3.0 * (scores - scores.max(axis=1, keepdims=True)))
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str]) -> list[str]:
        if self._constant is not None:
            return [self._constant] * len(texts)
        proba = self.predict_proba(texts)
        return [str(self.classes_[i]) for i in proba.argmax(axis=1)]

    def suggest(self, text: str, top: int = 3) -> Suggestion:
        """Best label for one text, its confidence, the words that pushed it there, and alternatives."""
        proba = self.predict_proba([text])[0]
        order = np.argsort(-proba)
        label = str(self.classes_[order[0]])
        alternatives = [(str(self.classes_[i]), float(proba[i])) for i in order[1:top]]
        return Suggestion(label, float(proba[order[0]]), self._why(text, int(order[0])), alternatives)

    def _why(self, text: str, class_index: int, n: int = 5) -> list[str]:
        """Lemmas of the text with the largest positive weight for the chosen class (sparse backend only)."""
        if not isinstance(self.vectorizer, SparseVectorizer) or self._model is None:
            return []
        estimators = (
            [c.estimator for c in self._model.calibrated_classifiers_]
            if isinstance(self._model, CalibratedClassifierCV) else [self._model]
        )
        coef = np.mean([e.coef_ for e in estimators], axis=0)
        if coef.shape[0] == 1:  # binary: one row for the positive class
            coef = np.vstack([-coef[0], coef[0]])
        x = self.vectorizer.transform([text]).tocsr()
        names = self.vectorizer.word_features()
        n_words = len(names)
        contrib = [(x[0, j] * coef[class_index, j], names[j]) for j in x.indices if j < n_words]
        return [name for value, name in sorted(contrib, reverse=True)[:n] if value > 0]


def read_rows(path: str) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file as dicts (the format of the shipped and the evaluation data)."""
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def train_router(texts: Sequence[str], labels: Sequence[str], label: str = "responsible_unit",
                 with_starter: bool = True, backend: str = "sparse") -> Router:
    """Router trained on local labelled texts, plus the shipped starter examples for the same label.

    Staff corrections are just more (text, label) pairs: the platform retrains with this function in a
    background job.
    """
    all_texts, all_labels = list(texts), list(labels)
    if with_starter:
        for row in read_rows(str(STARTER_DATA)):
            all_texts.append(row["text"])
            all_labels.append(row[label])
    return Router(backend).fit(all_texts, all_labels)


@cache
def starter_router(label: str = "responsible_unit") -> Router:
    """The shipped starter model for ``label`` ("category" or "responsible_unit"), trained on first use."""
    return train_router([], [], label=label, with_starter=True)


@dataclass(frozen=True)
class RouteSuggestion:
    """Suggested category and responsible unit of one appeal."""

    category: Suggestion
    unit: Suggestion


def route(text: str) -> RouteSuggestion:
    """Suggest category and responsible unit for one appeal with the starter models."""
    return RouteSuggestion(starter_router("category").suggest(text),
                           starter_router("responsible_unit").suggest(text))
