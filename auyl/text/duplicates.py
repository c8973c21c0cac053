"""Near-duplicate detection: exact hash -> MinHash over character shingles -> vector similarity.

Suggestions only: the index never merges anything, it tells staff which stored texts look like the same
request. When a settlement is given, only texts of the same settlement are compared (the same complaint
from another village is a different problem), and the settlement's own name is removed from the text
so that "Егінсайда ..." and "в Егинсае ..." do not look alike merely because of the place.

The vector score (sparse backend) is the cosine of the TF-IDF vectors times the square root of the
cosine in a 100-dimensional LSA space: the first rewards the same concrete words (street, object), the
second checks the texts are about the same topic, which removes most "same street, other problem" pairs.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sklearn import config_context
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize as l2_normalize
from threadpoolctl import threadpool_limits

from auyl.text.normalize import fold, prepare
from auyl.text.vectors import Vectorizer, get_vectorizer

# Calibrated on the training half of the shipped split (best F1 with grouping); see docs/ai-helper.md.
DEFAULT_THRESHOLDS = {"sparse": 0.08, "dense": 0.9}
FUZZY_JACCARD = 0.6
_NON_WORD = re.compile(r"[\W_]+")
_PRIME = (1 << 61) - 1


@dataclass(frozen=True)
class DuplicateMatch:
    """A stored text that may be the same request: its id, a score and the stage that found it."""

    item_id: str
    score: float
    kind: str  # "exact" | "fuzzy" | "similar"


def canonical(text: str) -> str:
    """Text reduced to folded words: equal for texts differing only in case, punctuation, Kazakh letters."""
    return " ".join(_NON_WORD.sub(" ", fold(prepare(text))).split())


def _strip_place(text: str, settlement: str | None) -> str:
    if not settlement:
        return text
    stem = fold(settlement)[:5]
    return " ".join(w for w in text.split() if not fold(w).lstrip("«(\"").startswith(stem))


class MinHasher:
    """MinHash signatures of character 5-shingles with banded LSH buckets (stable across processes)."""

    def __init__(self, num_perm: int = 64, bands: int = 16, seed: int = 7, shingle: int = 5) -> None:
        rng = np.random.default_rng(seed)
        self.a = rng.integers(1, _PRIME, size=num_perm, dtype=np.uint64)
        self.b = rng.integers(0, _PRIME, size=num_perm, dtype=np.uint64)
        self.bands, self.rows, self.shingle = bands, num_perm // bands, shingle

    def signature(self, canon: str) -> np.ndarray:
        text = f" {canon} "
        grams = {text[i : i + self.shingle] for i in range(max(1, len(text) - self.shingle + 1))}
        h = np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint64, count=len(grams))
        # (a*h + b) mod p with 64-bit wrap-around is a fine universal hash for this purpose.
        return ((np.outer(self.a, h) + self.b[:, None]) % np.uint64(_PRIME)).min(axis=1)

    def band_keys(self, sig: np.ndarray) -> list[tuple[int, bytes]]:
        return [(i, sig[i * self.rows : (i + 1) * self.rows].tobytes()) for i in range(self.bands)]


class DuplicateIndex:
    """Stores texts and answers "which stored texts look like this one?" in milliseconds.

    ``fit(texts)`` learns the vocabulary (and LSA space) from a representative corpus; if it is not
    called, the first query fits on everything added so far. ``add``/``add_many`` store texts with an id
    and an optional settlement; ``query`` returns matches above the threshold, best first.
    """

    def __init__(self, backend: str = "sparse", threshold: float | None = None,
                 vectorizer: Vectorizer | None = None, lsa_dims: int = 100) -> None:
        self.backend = backend
        self.vectorizer = vectorizer or get_vectorizer(backend, **({"word_weight": 0.9} if backend == "sparse"
                                                                    else {}))
        self.threshold = DEFAULT_THRESHOLDS.get(backend, 0.1) if threshold is None else threshold
        self.lsa_dims = lsa_dims
        self.minhash = MinHasher()
        self.ids: list[str] = []
        self._texts: list[str] = []  # prepared (masked) texts, kept until vectorised
        self._settlement_codes: list[int] = []
        self._settlements: dict[str | None, int] = {None: -1}
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._buckets: list[dict[bytes, list[int]]] = [defaultdict(list) for _ in range(self.minhash.bands)]
        self._signatures: list[np.ndarray] = []
        self._fitted = False
        self._svd: TruncatedSVD | None = None
        self._blocks: list[sp.csr_matrix | np.ndarray] = []
        self._lsa_blocks: list[np.ndarray] = []
        self._vectorised = 0
        self._matrix_t: sp.csr_matrix | np.ndarray | None = None
        self._lsa: np.ndarray | None = None
        self._settlement_blocks: dict[int, tuple] = {}

    # -- building -----------------------------------------------------------------------------------
    def fit(self, texts: Sequence[str]) -> DuplicateIndex:
        """Fit the vectorizer (and LSA space) on a corpus; stored texts are re-vectorised."""
        X = self.vectorizer.fit_transform(list(texts))
        self._svd = None
        if sp.issparse(X) and min(X.shape) > 2:
            dims = min(self.lsa_dims, min(X.shape) - 1)
            with threadpool_limits(1):  # BLAS threads fighting other work made the fit several times slower
                self._svd = TruncatedSVD(dims, random_state=0, algorithm="randomized", n_iter=4).fit(X)
            # C-ordered (features x dims): TruncatedSVD.transform multiplies by the transposed (Fortran-ordered)
            # components, which scipy copies on every call - 100+ MB and ~100 ms per query on 300k features.
            self._projection = np.ascontiguousarray(self._svd.components_.T, dtype=np.float32)
        self._fitted = True
        self._blocks, self._lsa_blocks, self._vectorised, self._matrix_t, self._lsa = [], [], 0, None, None
        self._settlement_blocks = {}
        return self

    def add(self, item_id: str, text: str, settlement: str | None = None) -> None:
        """Store one text (masked on the way in)."""
        self.add_many([(item_id, text, settlement)])

    def add_many(self, items: Iterable[tuple[str, str, str | None]]) -> None:
        """Store many ``(id, text, settlement)`` triples."""
        for item_id, text, settlement in items:
            index = len(self.ids)
            prepared = _strip_place(prepare(text), settlement)
            self.ids.append(str(item_id))
            self._texts.append(prepared)
            self._settlement_codes.append(self._settlements.setdefault(settlement, len(self._settlements)))
            canon = canonical(prepared)
            self._exact[hashlib.sha1(canon.encode()).hexdigest()].append(index)
            sig = self.minhash.signature(canon)
            self._signatures.append(sig)
            for band, key in self.minhash.band_keys(sig):
                self._buckets[band][key].append(index)

    def _vectors(self, texts: Sequence[str]) -> tuple[sp.csr_matrix | np.ndarray, np.ndarray | None]:
        X = self.vectorizer.transform(list(texts))
        Z = l2_normalize(np.asarray(X @ self._projection, dtype=np.float32)) if self._svd is not None else None
        return X, Z

    def _ensure_vectors(self) -> None:
        if not self._fitted:
            self.fit(self._texts)
        if self._vectorised < len(self.ids):
            X, Z = self._vectors(self._texts[self._vectorised :])
            self._blocks.append(X)
            if Z is not None:
                self._lsa_blocks.append(Z)
            self._vectorised = len(self.ids)
            self._matrix_t = None
            self._settlement_blocks = {}
        if self._matrix_t is None and self._blocks:
            if sp.issparse(self._blocks[0]):
                # Features x items, so a query only walks the posting lists of its own features.
                self._matrix_t = sp.vstack(self._blocks, format="csr").T.tocsr()
            else:
                self._matrix_t = np.vstack(self._blocks).T
            self._blocks = [sp.csr_matrix(self._matrix_t.T) if sp.issparse(self._matrix_t) else self._matrix_t.T]
            self._lsa = np.vstack(self._lsa_blocks) if self._lsa_blocks else None
            self._lsa_blocks = [self._lsa] if self._lsa is not None else []

    # -- querying -----------------------------------------------------------------------------------
    def _codes_array(self) -> np.ndarray:
        if getattr(self, "_codes_cache", None) is None or len(self._codes_cache) != len(self._settlement_codes):
            self._codes_cache = np.asarray(self._settlement_codes)
        return self._codes_cache

    def _block(self, code: int) -> tuple[np.ndarray, sp.csr_matrix | np.ndarray, np.ndarray | None]:
        """One settlement's rows: their positions, vectors (features x items) and LSA rows, built once.

        A query with a settlement is scored against its block only, so its cost grows with the size of
        one village's archive, not with the whole installation's.
        """
        block = self._settlement_blocks.get(code)
        if block is None:
            rows = np.flatnonzero(self._codes_array() == code)
            items = self._blocks[0][rows]
            block = (rows, items.T.tocsr() if sp.issparse(items) else items.T,
                     self._lsa[rows] if self._lsa is not None else None)
            self._settlement_blocks[code] = block
        return block

    @staticmethod
    def _scores(X: sp.csr_matrix | np.ndarray, Z: np.ndarray | None, matrix_t: sp.csr_matrix | np.ndarray,
                lsa: np.ndarray | None) -> np.ndarray:
        cos = X @ matrix_t
        cos = np.asarray(cos.toarray() if sp.issparse(cos) else cos, dtype=np.float32)
        if Z is not None and lsa is not None:
            cos = cos * np.sqrt(np.clip(Z @ lsa.T, 0.0, 1.0))
        return cos

    def query(self, text: str, settlement: str | None = None, k: int = 5,
              exclude: str | None = None, threshold: float | None = None) -> list[DuplicateMatch]:
        """Up to ``k`` stored texts that look like ``text``, exact matches first, then by score."""
        if not self.ids:
            return []
        threshold = self.threshold if threshold is None else threshold
        self._ensure_vectors()
        prepared = _strip_place(prepare(text), settlement)
        canon = canonical(prepared)
        code = self._settlements.get(settlement, -2) if settlement else None
        codes = self._codes_array()

        def allowed(i: int) -> bool:
            return (code is None or codes[i] == code) and self.ids[i] != exclude

        found: dict[int, DuplicateMatch] = {}
        for i in self._exact.get(hashlib.sha1(canon.encode()).hexdigest(), []):
            if allowed(i):
                found[i] = DuplicateMatch(self.ids[i], 1.0, "exact")
        sig = self.minhash.signature(canon)
        candidates = {i for band, key in self.minhash.band_keys(sig) for i in self._buckets[band].get(key, ())}
        for i in candidates - found.keys():
            jaccard = float(np.mean(self._signatures[i] == sig))
            if jaccard >= FUZZY_JACCARD and allowed(i):
                found[i] = DuplicateMatch(self.ids[i], jaccard, "fuzzy")
        with config_context(assume_finite=True, skip_parameter_validation=True):  # per-call checks cost more
            X, Z = self._vectors([prepared])                                    # than the work for one text
        assert self._matrix_t is not None
        if code is None:
            positions, scores = None, self._scores(X, Z, self._matrix_t, self._lsa)[0]
        else:
            positions, matrix_t, lsa = self._block(code)
            scores = self._scores(X, Z, matrix_t, lsa)[0] if len(positions) else np.zeros(0, np.float32)
        n_top = min(k + len(found) + 1, len(scores))
        top = np.argpartition(-scores, n_top - 1)[:n_top] if n_top else np.zeros(0, dtype=int)
        for j in top[np.argsort(-scores[top])]:
            i = int(positions[j]) if positions is not None else int(j)
            if scores[j] >= threshold and i not in found and allowed(i):
                found[i] = DuplicateMatch(self.ids[i], float(scores[j]), "similar")
        rank = {"exact": 0, "fuzzy": 1, "similar": 2}
        return sorted(found.values(), key=lambda m: (rank[m.kind], -m.score))[:k]

    def pair_scores(self) -> np.ndarray:
        """Dense (n, n) matrix of vector scores between stored texts, -1 across settlements (small sets)."""
        self._ensure_vectors()
        assert self._matrix_t is not None
        X = self._matrix_t.T
        cos = X @ self._matrix_t
        S = np.asarray(cos.toarray() if sp.issparse(cos) else cos, dtype=np.float32)
        if self._lsa is not None:
            S = S * np.sqrt(np.clip(self._lsa @ self._lsa.T, 0.0, 1.0))
        codes = self._codes_array()
        S = np.where((codes[:, None] == codes[None, :]) | (codes[:, None] == -1) | (codes[None, :] == -1), S, -1.0)
        for ids in self._exact.values():
            for a in ids:
                S[a, ids] = np.maximum(S[a, ids], 1.0)
        np.fill_diagonal(S, 0.0)
        return S

    def groups(self, threshold: float | None = None) -> list[list[str]]:
        """Suggested groups of stored texts (connected components of matches), largest first.

        Chaining matters: a Kazakh text may match one Russian text of a group but not the other.
        """
        threshold = self.threshold if threshold is None else threshold
        S = self.pair_scores()
        _, labels = connected_components(sp.csr_matrix(S >= threshold), directed=False)
        members: dict[int, list[str]] = defaultdict(list)
        for i, lab in enumerate(labels):
            members[int(lab)].append(self.ids[i])
        return sorted((m for m in members.values() if len(m) > 1), key=len, reverse=True)
