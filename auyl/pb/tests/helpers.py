"""Shared test helpers: where shared/ is, and small instances built in memory."""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from pathlib import Path

import pytest

from auyl.pb.model import Instance, Outcome, Project
from auyl.pb.pabulib import read
from auyl.pb.tally import Options, tally

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
PABULIB = SHARED / "pabulib"


def need_shared() -> Path:
    if not PABULIB.is_dir():
        pytest.skip(f"shared Pabulib instances not found at {PABULIB}")
    return PABULIB


@cache
def shared_instance(name: str) -> Instance:
    """A shared file read once per test session (several tests count the same large files)."""
    return read(need_shared() / name)


_COUNTS: dict[tuple, Outcome] = {}


def shared_count(name: str, opts: Options | None = None) -> Outcome:
    """``tally`` of a shared file, computed once per session per options (MES+Add1 on the large
    files is the slowest part of the suite); callers must not modify the outcome."""
    key = (name, tuple(sorted(vars(opts).items())) if opts else None)
    if key not in _COUNTS:
        _COUNTS[key] = tally(shared_instance(name), Options(**vars(opts)) if opts else None)
    return _COUNTS[key]


def make_instance(costs: list[int], budget: int, ballots: list[list[str]], ids: list[str] | None = None) -> Instance:
    """Approval instance from raw ballots (lists of project ids), in the given order."""
    ids = ids or [f"p{i}" for i in range(len(costs))]
    projects = [
        Project(pid, Fraction(c), pid, {"project_id": pid, "cost": str(c)})
        for pid, c in zip(ids, costs, strict=True)
    ]
    index = {p: i for i, p in enumerate(ids)}
    collapsed: dict = {}
    for b in ballots:
        key = tuple((j, 1) for j in sorted({index[x] for x in b}))
        collapsed[key] = collapsed.get(key, 0) + 1
    meta = {"budget": str(budget), "vote_type": "approval", "rule": "greedy"}
    return Instance(meta, projects, Fraction(budget), "approval", collapsed, ["project_id", "cost", "name"])
