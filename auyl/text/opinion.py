"""Opinion map in the manner of Polis: who agrees with whom, and on what everyone agrees.

Residents vote agree (1) / disagree (-1) / pass (0) on short statements. The vote matrix (missing votes
imputed with the statement's mean, as Polis does) is projected on two principal components; each
participant's projection is scaled up by sqrt(statements / own votes) so that people who voted on few
statements are not all squeezed into the centre. k-means with k = 2..5 chosen by silhouette, rejecting
any k that leaves a group below the minimum size, gives the opinion groups. For every group the
representative statements are those it agrees (or disagrees) with much more than the other residents;
consensus statements are those that every group agrees with (or rejects) by a clear majority.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score

Vote = tuple[Hashable, Hashable, int]


@dataclass(frozen=True)
class StatementScore:
    """A statement with the direction of the opinion ("agree"/"disagree") and its strength."""

    statement: Hashable
    direction: str
    share: float  # share of the group (or, for consensus, of the least convinced group) voting that way
    score: float


@dataclass(frozen=True)
class OpinionGroup:
    """One opinion group: its participants and the statements that set it apart."""

    participants: list[Hashable]
    representative: list[StatementScore]


@dataclass(frozen=True)
class OpinionMap:
    """Groups, consensus statements, 2-D coordinates of participants and the silhouette of the choice."""

    groups: list[OpinionGroup]
    consensus: list[StatementScore]
    coordinates: dict[Hashable, tuple[float, float]]
    silhouette: float

    @property
    def k(self) -> int:
        return len(self.groups)


def vote_matrix(votes: Iterable[Vote]) -> tuple[list[Hashable], list[Hashable], np.ndarray]:
    """(participants, statements, matrix) with NaN for no vote; a later vote replaces an earlier one."""
    latest: dict[tuple[Hashable, Hashable], int] = {}
    for participant, statement, vote in votes:
        latest[(participant, statement)] = int(np.sign(vote))
    participants = sorted({p for p, _ in latest}, key=str)
    statements = sorted({s for _, s in latest}, key=str)
    p_index = {p: i for i, p in enumerate(participants)}
    s_index = {s: i for i, s in enumerate(statements)}
    M = np.full((len(participants), len(statements)), np.nan)
    for (p, s), v in latest.items():
        M[p_index[p], s_index[s]] = v
    return participants, statements, M


def _project(M: np.ndarray, seed: int) -> np.ndarray:
    means = np.nanmean(M, axis=0)
    filled = np.where(np.isnan(M), means, M)
    coords = PCA(n_components=2, random_state=seed).fit_transform(filled)
    voted = (~np.isnan(M)).sum(axis=1)
    return coords * np.sqrt(M.shape[1] / np.maximum(voted, 1))[:, None]


def _choose_groups(X: np.ndarray, min_size: int, max_k: int, seed: int) -> tuple[np.ndarray, float]:
    best_labels, best = np.zeros(len(X), dtype=int), -1.0
    for k in range(2, max_k + 1):
        if len(X) < 2 * min_size or k >= len(X):
            break
        labels = KMeans(k, random_state=seed, n_init=10).fit_predict(X)
        if np.bincount(labels, minlength=k).min() < min_size:
            continue
        score = float(silhouette_score(X, labels))
        if score > best:
            best_labels, best = labels, score
    return best_labels, best


def _shares(block: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    agree = (block == 1).sum(axis=0)
    disagree = (block == -1).sum(axis=0)
    seen = (~np.isnan(block)).sum(axis=0)
    # Laplace smoothing as in Polis: a statement seen by two people is not a 100 % certainty.
    return (agree + 1) / (seen + 2), (disagree + 1) / (seen + 2), seen


def opinion_map(votes: Iterable[Vote], min_votes: int = 7, min_group_size: int | None = None, max_k: int = 5,
                top: int = 5, consensus_share: float = 0.6, seed: int = 0) -> OpinionMap:
    """Opinion groups, their representative statements and consensus statements from raw votes.

    Participants with fewer than ``min_votes`` votes (or fewer than all statements, if there are fewer)
    are left out of the grouping. ``min_group_size`` defaults to max(3, 5 % of grouped participants).
    """
    participants, statements, M = vote_matrix(votes)
    if not participants:
        return OpinionMap([], [], {}, -1.0)
    enough = (~np.isnan(M)).sum(axis=1) >= min(min_votes, len(statements))
    participants = [p for p, ok in zip(participants, enough, strict=True) if ok]
    M = M[enough]
    voted_on = (~np.isnan(M)).any(axis=0)
    statements = [s for s, ok in zip(statements, voted_on, strict=True) if ok]
    M = M[:, voted_on]
    if len(participants) < 4 or len(statements) < 2:
        return OpinionMap([OpinionGroup(participants, [])], [], {}, -1.0)
    X = _project(M, seed)
    min_size = min_group_size or max(3, round(0.05 * len(participants)))
    labels, silhouette = _choose_groups(X, min_size, max_k, seed)
    k = int(labels.max()) + 1
    groups: list[OpinionGroup] = []
    group_shares = []
    for g in range(k):
        inside, outside = M[labels == g], M[labels != g]
        pa, pd, seen = _shares(inside)
        group_shares.append((pa, pd, seen))
        reps: list[StatementScore] = []
        if len(outside):
            oa, od, _ = _shares(outside)
            for j in range(len(statements)):
                if seen[j] < 2:
                    continue
                for direction, p, other in (("agree", pa[j], oa[j]), ("disagree", pd[j], od[j])):
                    if p > 0.5:
                        reps.append(StatementScore(statements[j], direction, float(p), float(p * p / other)))
        reps.sort(key=lambda r: -r.score)
        members = [participants[i] for i in np.flatnonzero(labels == g)]
        groups.append(OpinionGroup(members, reps[:top]))
    consensus: list[StatementScore] = []
    for j in range(len(statements)):
        if any(seen[j] < 2 for _, _, seen in group_shares):
            continue
        for direction, idx in (("agree", 0), ("disagree", 1)):
            shares = [s[idx][j] for s in group_shares]
            if min(shares) >= consensus_share:
                consensus.append(StatementScore(statements[j], direction, float(min(shares)),
                                                float(np.prod(shares))))
    consensus.sort(key=lambda c: -c.score)
    coordinates = {p: (float(x), float(y)) for p, (x, y) in zip(participants, X, strict=True)}
    return OpinionMap(groups, consensus, coordinates, silhouette)
