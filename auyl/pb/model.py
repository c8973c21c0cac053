"""Data model: an election instance with collapsed ballots, and the outcome of a count.

Identical ballots are stored once with a multiplicity: real elections have many duplicates and
every rule here depends on a ballot only through its content, so counting them once is both
faster and exactly equivalent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

APPROVAL_TYPES = ("approval", "choose-1")
POINT_TYPES = ("cumulative", "scoring")
ORDINAL_TYPE = "ordinal"


@dataclass
class Project:
    """A project on the ballot. ``cost`` is exact; ``fields`` keeps every PROJECTS column as read."""

    id: str
    cost: Fraction
    name: str = ""
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def selected(self) -> str | None:
        """The official outcome column of the file (``1`` funded), if any."""
        return self.fields.get("selected")


# A ballot is a tuple of (project index, points) pairs. Approval ballots give 1 point per
# project (sorted by index); ordinal ballots keep the voter's order; point ballots sort by index.
Ballot = tuple[tuple[int, Fraction | int], ...]


@dataclass
class Instance:
    """An election: META, projects in file order, the budget and ballots with multiplicities."""

    meta: dict[str, str]
    projects: list[Project]
    budget: Fraction
    vote_type: str
    ballots: dict[Ballot, int]
    project_columns: list[str] = field(default_factory=list)
    _votes: tuple[tuple[int, int, int], list[int]] | None = field(default=None, repr=False, compare=False)

    @property
    def num_voters(self) -> int:
        """Number of ballots cast, empty ballots included (they still get an MES share)."""
        return sum(self.ballots.values())

    def index(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.projects)}

    def approval_counts(self) -> list[int]:
        """Voters listing each project (the ``votes`` of the greedy rules).

        Memoised (tie-breaks, thresholds and rules all ask for it) while the ballots dict is the
        same object with the same size."""
        stamp = (id(self.ballots), len(self.ballots), len(self.projects))
        if self._votes is None or self._votes[0] != stamp:
            counts = [0] * len(self.projects)
            for ballot, mult in self.ballots.items():
                for j, _ in ballot:
                    counts[j] += mult
            self._votes = (stamp, counts)
        return list(self._votes[1])

    def scores(self) -> list[Fraction | int]:
        """Points per project: points for cumulative/scoring ballots, positional points for
        ordinal ballots (first of ``k`` places gets ``k``, as in Kraków), votes otherwise."""
        if self.vote_type in POINT_TYPES:
            sc: list[Fraction | int] = [0] * len(self.projects)
            for ballot, mult in self.ballots.items():
                for j, pts in ballot:
                    sc[j] += pts * mult
            return sc
        if self.vote_type == ORDINAL_TYPE:
            k = self.max_rank_length()
            sc = [0] * len(self.projects)
            for ballot, mult in self.ballots.items():
                for pos, (j, _) in enumerate(ballot):
                    sc[j] += (k - pos) * mult
            return sc
        return list(self.approval_counts())

    def max_rank_length(self) -> int:
        if "max_length" in self.meta:
            try:
                return int(self.meta["max_length"])
            except ValueError:
                pass
        return max((len(b) for b in self.ballots), default=0)


@dataclass
class ProjectExplanation:
    """Why a project was or was not funded, in terms a results page can show."""

    id: str
    cost: Fraction
    votes: int
    selected: bool
    reason: str
    round: int | None = None
    price_per_supporter: Fraction | None = None
    supporters_money: Fraction | None = None


@dataclass
class Outcome:
    """Winners in selection order with the exact total cost and the explanations."""

    winners: list[str]
    total_cost: Fraction
    budget: Fraction
    rule: str
    projects: list[ProjectExplanation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    run: Any = field(default=None, repr=False)  # the MES run, for per-voter explanations
    prep: Any = field(default=None, repr=False)

    def as_json(self) -> dict:
        def num(x: Fraction | None) -> float | int | None:
            if x is None:
                return None
            return int(x) if x.denominator == 1 else float(x)

        return {
            "rule": self.rule,
            "winners": list(self.winners),
            "total_cost": num(self.total_cost),
            "budget": num(self.budget),
            "notes": self.notes,
            "projects": [
                {
                    "id": e.id,
                    "cost": num(e.cost),
                    "votes": e.votes,
                    "selected": e.selected,
                    "reason": e.reason,
                    "round": e.round,
                    "price_per_supporter": num(e.price_per_supporter),
                    "supporters_money": num(e.supporters_money),
                }
                for e in self.projects
            ],
        }
