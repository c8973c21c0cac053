"""Counting a poll from its stored answers. Pure: no Django, so the published result and any recount are the
same function of the same rows.

Ranking questions use the Borda count: with n options, rank 1 earns n points, rank n earns 1; options a
resident left unranked earn nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One stored answer: ``option`` is None for free text; ``rank`` is set for ranking questions."""

    ballot: int
    question: int
    option: int | None
    rank: int | None = None


def count(questions: dict[int, tuple[str, list[int]]], rows: Iterable[Row]) -> dict[str, dict]:
    """``questions`` maps id → (kind, option ids). Returns per question: respondents and per-option figures."""
    respondents: dict[int, set[int]] = defaultdict(set)
    votes: dict[int, Counter] = defaultdict(Counter)
    points: dict[int, Counter] = defaultdict(Counter)
    firsts: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        if row.question not in questions:
            continue
        kind, options = questions[row.question]
        respondents[row.question].add(row.ballot)
        if row.option is None:
            continue
        if kind == "ranking" and row.rank:
            points[row.question][row.option] += len(options) - row.rank + 1
            firsts[row.question][row.option] += row.rank == 1
        else:
            votes[row.question][row.option] += 1
    result: dict[str, dict] = {}
    for question, (kind, options) in questions.items():
        entry: dict = {"kind": kind, "respondents": len(respondents[question])}
        if kind == "ranking":
            entry["options"] = {str(o): {"points": points[question][o], "first": firsts[question][o]}
                                for o in options}
        elif kind != "text":
            entry["options"] = {str(o): votes[question][o] for o in options}
        result[str(question)] = entry
    return result


def turnout(ballots_by_settlement: dict[str, int], eligible_by_settlement: dict[str, int]) -> list[dict]:
    """Per settlement: ballots, eligible residents and the share that answered (0 when nobody was eligible)."""
    rows = []
    for code in sorted(set(ballots_by_settlement) | set(eligible_by_settlement)):
        ballots, eligible = ballots_by_settlement.get(code, 0), eligible_by_settlement.get(code, 0)
        rows.append({"settlement": code, "ballots": ballots, "eligible": eligible,
                     "share": round(ballots / eligible, 4) if eligible else 0.0})
    return rows
