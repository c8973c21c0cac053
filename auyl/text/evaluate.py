"""Evaluation of routing, clustering and duplicate detection against labelled CSV rows.

Every figure is reported for the chosen backend and for a trivial baseline in the same run: the
majority class (routing), random clusters of the same count (clustering) and exact-text matches
(duplicates). Works on any rows that have the named columns; a ``settlement`` column, if present,
restricts duplicate scoring to texts of the same settlement.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.metrics import accuracy_score, adjusted_rand_score, f1_score, normalized_mutual_info_score

from auyl.text.clustering import kmeans, topic_vectors
from auyl.text.duplicates import DEFAULT_THRESHOLDS, DuplicateIndex, canonical
from auyl.text.routing import Router

Row = dict[str, str]
METRIC_KEYS = ("accuracy", "macro_f1", "nmi", "ari", "dup_precision", "dup_recall")


def is_test_row(row: Row, test_share: float = 0.3, id_column: str = "id",
                group_column: str = "duplicate_group") -> bool:
    """The fixed split: SHA-256 of the row's duplicate group (or its id if it has none) modulo 1000.

    Keeping a duplicate group on one side prevents near-copies of a test text from sitting in training.
    """
    key = row.get(group_column) or row[id_column]
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 1000 < round(test_share * 1000)


def split_rows(rows: Sequence[Row], test_share: float = 0.3) -> tuple[list[Row], list[Row]]:
    """(train, test) under the fixed split of :func:`is_test_row`."""
    test = [r for r in rows if is_test_row(r, test_share)]
    train = [r for r in rows if not is_test_row(r, test_share)]
    return train, test


def _true_pairs(rows: Sequence[Row], column: str) -> set[tuple[int, int]]:
    by_group: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        if row.get(column):
            by_group.setdefault(row[column], []).append(i)
    return {p for members in by_group.values() for p in itertools.combinations(members, 2)}


def _pairs_from_labels(labels: Sequence[object]) -> set[tuple[int, int]]:
    by_label: dict[object, list[int]] = {}
    for i, lab in enumerate(labels):
        if lab is not None:
            by_label.setdefault(lab, []).append(i)
    return {p for members in by_label.values() for p in itertools.combinations(members, 2)}


def _precision_recall(pred: set[tuple[int, int]], truth: set[tuple[int, int]]) -> tuple[float, float]:
    tp = len(pred & truth)
    return (tp / len(pred) if pred else 1.0 if not truth else 0.0), (tp / len(truth) if truth else 1.0)


def _index(rows: Sequence[Row], text_column: str, settlement_column: str | None, backend: str) -> DuplicateIndex:
    index = DuplicateIndex(backend=backend)
    index.add_many((str(i), r[text_column], r.get(settlement_column) if settlement_column else None)
                   for i, r in enumerate(rows))
    index.fit([t for t in index._texts])
    return index


def _grouped_pairs(scores: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    _, labels = connected_components(csr_matrix(scores >= threshold), directed=False)
    sizes = Counter(labels)
    return _pairs_from_labels([lab if sizes[lab] > 1 else None for lab in labels])


def calibrate_threshold(rows: Sequence[Row], text_column: str, duplicate_column: str,
                        settlement_column: str | None, backend: str) -> float:
    """Threshold with the best F1 of grouped pairs on labelled rows (the training rows)."""
    truth = _true_pairs(rows, duplicate_column)
    default = DEFAULT_THRESHOLDS.get(backend, 0.1)
    if len(truth) < 3:
        return default
    scores = _index(rows, text_column, settlement_column, backend).pair_scores()
    best, best_f1 = default, -1.0
    for threshold in np.quantile(scores[scores > 0], np.linspace(0.90, 0.9995, 60)):
        p, r = _precision_recall(_grouped_pairs(scores, float(threshold)), truth)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best_f1:
            best, best_f1 = float(threshold), f1
    return best


def evaluate(train_rows: Sequence[Row], test_rows: Sequence[Row], text_column: str, label_column: str,
             duplicate_column: str | None = None, backend: str = "sparse",
             settlement_column: str | None = "settlement", seed: int = 0) -> dict[str, object]:
    """Routing accuracy / macro-F1, clustering NMI / ARI and duplicate precision / recall.

    Returns the backend's metrics at the top level and the baseline's under ``"baseline"``.
    """
    for name, rows in (("train", train_rows), ("test", test_rows)):
        if not rows:
            raise ValueError(f"no {name} rows")
        missing = {text_column, label_column} - set(rows[0])
        if missing:
            raise ValueError(f"{name} rows lack column(s): {', '.join(sorted(missing))}")
    if settlement_column and settlement_column not in test_rows[0]:
        settlement_column = None
    train_texts = [r[text_column] for r in train_rows]
    test_texts = [r[text_column] for r in test_rows]
    y_train = [r[label_column] for r in train_rows]
    y_test = [r[label_column] for r in test_rows]

    router = Router(backend).fit(train_texts, y_train)
    predicted = router.predict(test_texts)
    majority = Counter(y_train).most_common(1)[0][0]
    result: dict[str, object] = {
        "backend": backend, "n_train": len(train_rows), "n_test": len(test_rows),
        "accuracy": accuracy_score(y_test, predicted),
        "macro_f1": f1_score(y_test, predicted, average="macro", zero_division=0),
    }
    baseline: dict[str, object] = {
        "name": "majority class / random clusters / exact match",
        "accuracy": accuracy_score(y_test, [majority] * len(y_test)),
        "macro_f1": f1_score(y_test, [majority] * len(y_test), average="macro", zero_division=0),
    }

    k = len(set(y_test))
    Z = topic_vectors(test_texts, k, backend, seed)
    clusters = kmeans(Z, k, seed)
    random_clusters = np.random.default_rng(seed).integers(0, max(k, 1), size=len(test_rows))
    result["nmi"] = normalized_mutual_info_score(y_test, clusters)
    result["ari"] = adjusted_rand_score(y_test, clusters)
    baseline["nmi"] = normalized_mutual_info_score(y_test, random_clusters)
    baseline["ari"] = adjusted_rand_score(y_test, random_clusters)

    if duplicate_column:
        truth = _true_pairs(test_rows, duplicate_column)
        if duplicate_column in train_rows[0]:
            threshold = calibrate_threshold(train_rows, text_column, duplicate_column, settlement_column, backend)
        else:
            threshold = DEFAULT_THRESHOLDS.get(backend, 0.1)
        scores = _index(test_rows, text_column, settlement_column, backend).pair_scores()
        result["dup_threshold"] = threshold
        result["dup_precision"], result["dup_recall"] = _precision_recall(_grouped_pairs(scores, threshold), truth)
        same_place = ([r.get(settlement_column) for r in test_rows] if settlement_column
                      else [None] * len(test_rows))
        exact = _pairs_from_labels([(canonical(t), p) for t, p in zip(test_texts, same_place, strict=True)])
        baseline["dup_precision"], baseline["dup_recall"] = _precision_recall(exact, truth)
    for metrics in (result, baseline):
        for key in METRIC_KEYS:
            if key in metrics:
                metrics[key] = round(float(metrics[key]), 4)  # type: ignore[arg-type]
    result["baseline"] = baseline
    return result
