"""Greedy rules: by votes (skip what does not fit), no-skip, and by votes per cost."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

INF = Fraction(10**30)


@dataclass
class GreedyResult:
    """Selection order plus, for each unselected project, the money left when it was reached."""

    selected: list[int]
    total_cost: Fraction
    remaining_when_reached: dict[int, Fraction] = field(default_factory=dict)
    stopped_at: int | None = None


def order(support: list, costs: list[Fraction], allowed: list[bool], ranks: list[int], per_cost: bool) -> list[int]:
    """Projects by decreasing support (or support per unit of cost), ties by ``ranks``."""

    def density(j: int) -> Fraction:
        if not per_cost:
            return Fraction(support[j])
        return INF if costs[j] == 0 else Fraction(support[j]) / costs[j]

    return sorted((j for j in range(len(costs)) if allowed[j]), key=lambda j: (-density(j), ranks[j]))


def greedy(
    costs: list[Fraction],
    budget: Fraction,
    ordered: list[int],
    skip: bool = True,
    initial: list[int] | None = None,
) -> GreedyResult:
    """Fund projects in ``ordered`` while they fit; without ``skip`` stop at the first misfit."""
    chosen = list(initial or [])
    spent = sum((costs[j] for j in chosen), Fraction(0))
    res = GreedyResult(chosen, spent)
    taken = set(chosen)
    for j in ordered:
        if j in taken:
            continue
        if spent + costs[j] <= budget:
            chosen.append(j)
            taken.add(j)
            spent += costs[j]
        else:
            res.remaining_when_reached[j] = budget - spent
            if not skip:
                res.stopped_at = j
                break
    res.total_cost = spent
    return res
