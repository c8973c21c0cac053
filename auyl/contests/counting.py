"""From a contest's set-up and ballots to a Pabulib instance, and from the engine's outcome to results
(pure, no Django: the service feeds it plain data).

The instance built here is exactly what is counted and exported, so re-counting the published ``.pb``
with the same options gives the published winners.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from auyl.pb import Instance, Options, Outcome, Project, tally

APPROVAL, KNAPSACK, CUMULATIVE = "approval", "knapsack", "cumulative"
GREEDY, MES = "greedy", "mes"


@dataclass(frozen=True)
class Spec:
    """What the count needs from a contest's set-up."""

    budget: int
    ballot_type: str
    rule: str
    min_votes: int
    max_choices: int = 3
    points_total: int = 10
    meta: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Item:
    """A project on the ballot."""

    id: str
    cost: int
    name: str
    category: str = ""
    settlement: str = ""


def options(spec: Spec) -> Options:
    """Greedy by votes (points for cumulative ballots) or MES with the Add1 completion used in real elections;
    both admit only projects with at least ``min_votes`` voters."""
    threshold = spec.min_votes or None
    if spec.rule == MES:
        utility = "points" if spec.ballot_type == CUMULATIVE else "cost"
        return Options(rule="mes", utility=utility, completion="add1", threshold=threshold)
    return Options(rule="greedy", threshold=threshold)


def pabulib_rule(spec: Spec) -> str:
    """The META ``rule`` naming the count; the threshold is in ``min_project_score_threshold``."""
    return "equalshares/add1" if spec.rule == MES else "greedy-threshold"


def build_instance(spec: Spec, items: list[Item], ballots: Iterable[Mapping[str, int]]) -> Instance:
    """Collapse ballots ({project id: points}) into an instance; ballots are sorted, so the file reveals
    nothing about who voted when."""
    index = {item.id: j for j, item in enumerate(items)}
    counter: Counter = Counter()
    for ballot in ballots:
        if spec.ballot_type == CUMULATIVE:
            key = tuple(sorted((index[pid], int(points)) for pid, points in ballot.items() if points > 0))
        else:
            key = tuple(sorted((index[pid], 1) for pid in ballot))
        counter[key] += 1
    meta = {**spec.meta, "budget": str(spec.budget), "vote_type": vote_type(spec),
            "rule": pabulib_rule(spec), "min_project_score_threshold": str(spec.min_votes)}
    if spec.ballot_type == APPROVAL:
        meta["max_length"] = str(spec.max_choices)
    elif spec.ballot_type == KNAPSACK:
        meta["max_sum_cost"] = str(spec.budget)
    else:
        meta["max_sum_points"] = str(spec.points_total)
    projects = [Project(item.id, Fraction(item.cost), item.name,
                        {"category": item.category, "target": item.settlement}) for item in items]
    return Instance(meta=meta, projects=projects, budget=Fraction(spec.budget), vote_type=vote_type(spec),
                    ballots=dict(sorted(counter.items())),
                    project_columns=["project_id", "cost", "name", "category", "target"])


def vote_type(spec: Spec) -> str:
    return "cumulative" if spec.ballot_type == CUMULATIVE else "approval"


@dataclass(frozen=True)
class Row:
    """One project's result with a machine-readable reason (pages render it in the reader's language)."""

    id: str
    votes: int
    score: int
    funded: bool
    position: int | None
    reason_kind: str
    reason_data: dict
    engine_reason: str


_MONEY = r"([\d,]+(?:\.\d+)?)"
_DID_NOT_FIT = re.compile(rf"did not fit: cost {_MONEY} > {_MONEY} left")
_UNAFFORDABLE = re.compile(rf"they had {_MONEY} left in total")


def _number(text: str) -> int:
    return round(float(text.replace(",", "")))


def explain(outcome: Outcome, instance: Instance) -> list[Row]:
    """The engine's explanation per project as (kind, data); its English text is kept as ``engine_reason``."""
    scores = instance.scores()
    rows = []
    for j, e in enumerate(outcome.projects):
        kind, data = "other", {}
        if e.selected and e.price_per_supporter is not None:
            kind, data = "mes_funded", {"round": e.round, "price": round(float(e.price_per_supporter))}
        elif e.selected and e.reason.startswith("funded by the greedy top-up"):
            kind = "topped_up"
        elif e.selected:
            kind, data = "greedy_funded", {"rank": e.round}
        elif e.reason.startswith("below the minimum"):
            kind, data = "below_threshold", {"min_votes": int(instance.meta.get("min_project_score_threshold", 0))}
        elif match := _DID_NOT_FIT.search(e.reason):
            kind, data = "did_not_fit", {"left": _number(match.group(2))}
        elif match := _UNAFFORDABLE.search(e.reason):
            kind, data = "unaffordable", {"had": _number(match.group(1)),
                                          "price": round(float(e.price_per_supporter or 0))}
        elif e.reason == "no supporters":
            kind = "no_supporters"
        elif e.reason.startswith("not reached"):
            kind = "not_reached"
        rows.append(Row(e.id, e.votes, int(scores[j]), e.selected, e.round if e.selected else None, kind, data,
                        e.reason))
    return rows


def count(spec: Spec, instance: Instance) -> tuple[Outcome, list[Row]]:
    outcome = tally(instance, options(spec))
    return outcome, explain(outcome, instance)
