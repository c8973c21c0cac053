"""Duplicate suggestions by character-trigram similarity (pure, no Django).

Works the same in Kazakh and Russian without dictionaries; the AI helper may later replace
``selectors.similar_proposals`` with something smarter behind the same signature.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"\w+", re.UNICODE)


def trigrams(text: str) -> frozenset[str]:
    """Trigrams of each word padded with spaces, so short words still count."""
    grams: set[str] = set()
    for word in _WORD.findall(text.lower()):
        padded = f" {word} "
        grams.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared trigrams over the smaller set: a short title typed so far still matches a long proposal."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def most_similar(text: str, candidates: Iterable[tuple[int, str]], *, limit: int = 5,
                 threshold: float = 0.3) -> list[tuple[int, float]]:
    """(id, score) of the candidates most like ``text``, best first, above ``threshold``."""
    query = trigrams(text)
    if len(query) < 6:
        return []
    scored = []
    for key, other in candidates:
        grams = trigrams(other)
        # Jaccard alone punishes length differences, overlap alone is lenient: take the mean.
        scored.append((key, (jaccard(query, grams) + overlap(query, grams)) / 2))
    scored = [(key, score) for key, score in scored if score >= threshold]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]
