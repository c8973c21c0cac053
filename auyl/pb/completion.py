"""Completions of MES: Add1 (official), Add1 stopping when exhaustive, and greedy top-up.

Add1 raises every voter's endowment by one currency unit per step. Two facts let the loop skip
steps while returning exactly what unit steps return (tests check it against the exact engine
stepping one unit at a time):

* Breakpoints. Each fast run reports the smallest endowment increase at which any of its
  comparisons could change (``MESRun.next_change``, "Streamlining Equal Shares", Kraiczy,
  Robinson & Elkind 2025): every unit step before it gives the same outcome.
* Brackets. If runs at endowments ``a < c`` select the same projects in the same order, every
  endowment between selects them too provided, in every round, the winner's key at ``a`` is
  below every other project's key at ``c``. Reason: with the same earlier purchases, more money
  per voter leaves every voter at least as much money after each round (a payer pays
  ``min(budget, rho·u)`` and ``rho`` falls when budgets rise), so keys only fall as the
  endowment rises: between ``a`` and ``c`` the winner's key is at most its key at ``a`` and any
  rival's at least its key at ``c``; a project unaffordable at ``c`` is unaffordable below.
  Add1 probes ever larger steps (doubling) while brackets hold, so long stretches where the
  outcome does not change (Budapest 2024: hundreds of 1-forint steps) cost a few runs. Float
  keys are compared with a relative margin ``TOL``; closer calls are not skipped.
"""

from __future__ import annotations

import math
from bisect import bisect_right, insort
from collections.abc import Callable
from fractions import Fraction

from auyl.pb.rules.mes import TOL, MESRun, Prepared

COMPLETIONS = ("none", "add1", "add1-exhaustive", "add1u")


def is_exhaustive(prep: Prepared, selected: list[int]) -> bool:
    """No available project that is not selected fits in the money left."""
    chosen = set(selected)
    left = prep.budget - sum((prep.costs[j] for j in selected), Fraction(0))
    return all(j in chosen or prep.costs[j] > left for j in prep.available)


def bracketed(a: MESRun, c: MESRun) -> bool:
    """Every endowment between ``a``'s and ``c``'s selects what both select (module docstring)."""
    if a.keys is None or c.keys is None or a.selected != c.selected:
        return False
    return all(wa < rc * (1 - TOL) for (wa, _), (_, rc) in zip(a.keys, c.keys, strict=True))


def add1(
    prep: Prepared, run_mes: Callable[..., MESRun], stop_when_exhaustive: bool
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
    last = max(0, math.ceil(cap - start))
    runs: dict[int, MESRun] = {}

    steps: list[int] = []  # the keys of ``runs``, sorted

    def at(k: int, thresholds: list[float] | None = None) -> MESRun:
        if k not in runs:
            runs[k] = run_mes(start + k, thresholds)
            insort(steps, k)
        return runs[k]

    k = 0
    previous: MESRun | None = None
    probe = 2
    while True:
        run = at(k)
        if run.total_cost(prep) > prep.budget:
            return (previous or run), len(runs)
        if stop_when_exhaustive and is_exhaustive(prep, run.selected):
            return run, len(runs)
        if math.isinf(run.next_change) or k >= last:
            return run, len(runs)  # no comparison in this run can ever change: final outcome
        previous = run
        t = run.next_change
        step = max(1, math.ceil(t - 1e-7 * (1.0 + t)))  # every step before k + step selects the same
        far = _farthest_alike(runs, steps[bisect_right(steps, k):], run)
        if far is not None and far > k + step and bracketed(run, runs[far]):
            k = far  # a run left further on by a probe whose bracket failed brackets from here
            continue
        winner_keys = [w for w, _ in run.keys] if run.keys is not None else None
        # Gallop: a bracket that holds doubles the probe, one that fails halves it and retries
        # from k, until the probe is no longer than the step the breakpoint certifies.
        while probe > step and k + probe <= last:
            if bracketed(run, at(k + probe, winner_keys)):
                break
            probe //= 2
        if probe > step and k + probe <= last:
            k += probe
            probe *= 2
            continue
        probe = max(probe, 2)
        k = min(k + step, max(k + 1, last))


def _farthest_alike(runs: dict[int, MESRun], ahead: list[int], run: MESRun) -> int | None:
    """The farthest of the computed steps ``ahead`` before any that selects differently from ``run``."""
    far = None
    for j in ahead:
        if runs[j].selected != run.selected:
            break
        far = j
    return far
