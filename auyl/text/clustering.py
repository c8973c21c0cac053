"""Shared clustering helpers for themes and evaluation: LSA reduction and k-means with k by silhouette."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize as l2_normalize
from threadpoolctl import threadpool_limits

SVD_SAMPLE = 4000


def reduce(X: sp.spmatrix | np.ndarray, dims: int = 100, seed: int = 0) -> np.ndarray:
    """Dense, L2-normalised low-dimensional rows: LSA for sparse TF-IDF, unchanged for embeddings.

    k-means on 100 LSA dimensions is both faster and better than on 300,000 sparse columns, because
    synonyms and Kazakh/Russian glossary pairs load on the same components.
    """
    if sp.issparse(X):
        dims = min(dims, X.shape[0] - 1, X.shape[1] - 1)
        if dims < 2:
            return l2_normalize(X.toarray())
        svd = TruncatedSVD(dims, random_state=seed, algorithm="randomized", n_iter=4)
        with threadpool_limits(1):  # BLAS threads fighting other work made this 5-10 times slower
            if X.shape[0] > SVD_SAMPLE:  # the topic space of a large set is learnt well from a sample
                rows = np.random.default_rng(seed).choice(X.shape[0], SVD_SAMPLE, replace=False)
                X = svd.fit(X[np.sort(rows)]).transform(X)
            else:
                X = svd.fit_transform(X)
    return l2_normalize(np.asarray(X, dtype=np.float32))


def kmeans(Z: np.ndarray, k: int, seed: int = 0, n_init: int | None = None) -> np.ndarray:
    """Cluster labels; mini-batch k-means above 5,000 rows to stay within the time budget.

    Runs single-threaded: on a small shared server OpenMP threads spinning against other work made
    k-means several times slower, not faster.
    """
    k = max(1, min(k, len(Z)))
    if k == 1:
        return np.zeros(len(Z), dtype=int)
    if len(Z) > 5000:
        model = MiniBatchKMeans(k, random_state=seed, n_init=n_init or 3, batch_size=2048)
    else:
        model = KMeans(k, random_state=seed, n_init=n_init or (10 if len(Z) <= 2000 else 3))
    with threadpool_limits(1):
        return model.fit_predict(Z)


def choose_k(Z: np.ndarray, candidates: list[int], seed: int = 0, sample: int = 1500) -> int:
    """The k among ``candidates`` with the best silhouette (cosine), measured on a fixed sample."""
    candidates = [k for k in candidates if 2 <= k < len(Z)]
    if not candidates:
        return 1
    rng = np.random.default_rng(seed)
    idx = rng.choice(len(Z), size=min(sample, len(Z)), replace=False)
    Zs = Z[idx]
    best_k, best = candidates[0], -2.0
    for k in candidates:
        labels = kmeans(Zs, k, seed, n_init=2)
        if len(set(labels)) < 2:
            continue
        with threadpool_limits(1):
            score = silhouette_score(Zs, labels, metric="cosine")
        if score > best:
            best_k, best = k, score
    return best_k


def default_k_candidates(n: int) -> list[int]:
    """Theme counts worth trying for ``n`` texts: a handful around sqrt(n / 2), at most 40."""
    centre = max(2, min(40, round((n / 2) ** 0.5)))
    return sorted({max(2, round(centre * f)) for f in (0.6, 1.0, 1.4)})


def topic_dims(k: int) -> int:
    """LSA dimensions for k clusters: a few more than k (measured best on the appeals split)."""
    return int(min(100, max(15, round(1.4 * k))))


def topic_vectors(texts: list[str], k: int, backend: str = "sparse", seed: int = 0,
                  vectorizer: object | None = None) -> np.ndarray:
    """Rows to cluster texts by topic.

    Sparse backend: TF-IDF over unigram lemmas only (character n-grams group texts by language and
    style, not topic), words seen in at least two texts, reduced by LSA to :func:`topic_dims` (k).
    Dense backend: the sentence embeddings themselves.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    from auyl.text.normalize import lemmas, prepare
    from auyl.text.vectors import get_vectorizer

    if backend != "sparse":
        vec = vectorizer or get_vectorizer(backend)
        return reduce(vec.fit_transform(texts), seed=seed)  # type: ignore[attr-defined]
    prepared = [prepare(t) for t in texts]
    min_df = 2 if len(texts) >= 50 else 1
    try:
        X = TfidfVectorizer(analyzer=lemmas, min_df=min_df, dtype=np.float32).fit_transform(prepared)
    except ValueError:  # no word seen twice
        X = TfidfVectorizer(analyzer=lemmas, dtype=np.float32).fit_transform(prepared)
    return reduce(X, dims=topic_dims(k), seed=seed)
