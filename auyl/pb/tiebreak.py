"""Explicit tie-breaking: a comma-separated list of criteria applied in order.

Criteria: ``votes`` (more voters first), ``score`` (more points first), ``cost`` (lower cost
first), ``-cost`` (higher cost first), ``id`` (project id as a string, ``"10" < "9"``, the
pabutools default) and ``order`` (position in the file). The default ``votes,cost,id`` is the
one the issue prescribes; ``id`` is always appended so that the order is total.
"""

from __future__ import annotations

from collections.abc import Callable

from auyl.pb.model import Instance

DEFAULT = "votes,cost,id"
CRITERIA = ("votes", "score", "cost", "-cost", "id", "order")


def parse(spec: str | None) -> list[str]:
    """Validate ``spec`` and return its criteria, with ``id`` added last if absent."""
    items = [c.strip() for c in (spec or DEFAULT).split(",") if c.strip()]
    for c in items:
        if c not in CRITERIA:
            raise ValueError(f"unknown tie-break criterion {c!r}; use {', '.join(CRITERIA)}")
    if "id" not in items and "order" not in items:
        items.append("id")
    return items


def key_function(instance: Instance, spec: str | None = None) -> Callable[[int], tuple]:
    """Sort key on project indices: smaller key = preferred when tied."""
    crit = parse(spec)
    votes = instance.approval_counts()
    score = instance.scores()
    projects = instance.projects

    def key(j: int) -> tuple:
        parts: list = []
        for c in crit:
            if c == "votes":
                parts.append(-votes[j])
            elif c == "score":
                parts.append(-score[j])
            elif c == "cost":
                parts.append(projects[j].cost)
            elif c == "-cost":
                parts.append(-projects[j].cost)
            elif c == "id":
                parts.append(projects[j].id)
            else:
                parts.append(j)
        return tuple(parts)

    return key


def ranks(instance: Instance, spec: str | None = None) -> list[int]:
    """Rank of every project under the tie-break (0 = wins every tie)."""
    key = key_function(instance, spec)
    order = sorted(range(len(instance.projects)), key=key)
    rank = [0] * len(order)
    for r, j in enumerate(order):
        rank[j] = r
    return rank
