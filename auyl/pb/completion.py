"""Completions of MES: Add1 (official), Add1 stopping when exhaustive, and greedy top-up.

Add1 raises every voter's endowment by one currency unit per step. Rather than rerunning MES for
every unit, each run reports the smallest endowment increase at which any of its comparisons
could change (``MESRun.next_change``); all unit steps before it give the same outcome, so the
loop jumps to the first unit step at or after it. The result is the same as the unit-step
definition (tests check this against the exact engine stepping one unit at a time).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from auyl.pb.rules.mes import MESRun, Prepared

COMPLETIONS = ("none", "add1", "add1-exhaustive", "add1u")


def is_exhaustive(prep: Prepared, selected: list[int]) -> bool:
    """No available project that is not selected fits in the money left."""
    chosen = set(selected)
    left = prep.budget - sum((prep.costs[j] for j in selected), Fraction(0))
    return all(j in chosen or prep.costs[j] > left for j in prep.available)


def add1(
    prep: Prepared, run_mes: Callable[[Fraction], MESRun], stop_when_exhaustive: bool
) -> tuple[MESRun, int]:
    """Add1 completion; returns the chosen run and the number of MES runs evaluated.

    ``stop_when_exhaustive=False`` is the official rule (Wieliczka): continue until the next step
    would exceed the budget and return the last outcome that fits. ``True`` also stops at the
    first exhaustive outcome (pabutools' ``voter_budget_increment=1``).
    """
    start = prep.budget / prep.n
    # With an endowment of at least the total cost of all projects nobody can run out of money,
    # so every project is bought from there on: the sequence of outcomes is constant.
    cap = sum((prep.costs[j] for j in prep.available), Fraction(0))
    k = 0
    previous: MESRun | None = None
    evaluated = 0
    while True:
        run = run_mes(start + k)
        evaluated += 1
        if run.total_cost(prep) > prep.budget:
            return (previous or run), evaluated
        if stop_when_exhaustive and is_exhaustive(prep, run.selected):
            return run, evaluated
        if math.isinf(run.next_change) or start + k >= cap:
            return run, evaluated  # no comparison in this run can ever change: final outcome
        previous = run
        t = run.next_change
        step = max(1, math.ceil(t - 1e-7 * (1.0 + t)))
        k = min(k + step, max(k + 1, math.ceil(cap - start)))
