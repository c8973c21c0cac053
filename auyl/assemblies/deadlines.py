"""The no-confidence chain's deadlines (Law 148 art. 24 and art. 36; pure, no Django).

Working days come from ``auyl.core.calendar`` (Kazakhstan's holidays and transfers). Steps, in order:
assembly decision → deputies' signatures (≥ 1/5 of deputies, within 10 working days) → chairman's verification
(within 5 working days) → maslikhat session and vote (within 1 month; majority of all deputies) → district
akim's decision (within 10 working days) → if the akim is kept, a repeat vote after 6 months, after which the
district akim must terminate the powers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from auyl.core.calendar import add_working_days

SIGNATURE_WORKING_DAYS = 10
VERIFICATION_WORKING_DAYS = 5
SESSION_MONTHS = 1
DISTRICT_DECISION_WORKING_DAYS = 10
REPEAT_AFTER_MONTHS = 6

ORDER = ["assembly", "signatures", "verified", "vote", "district"]


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def signatures_due(started_on: date) -> date:
    return add_working_days(started_on, SIGNATURE_WORKING_DAYS)


def verification_due(collected_on: date) -> date:
    return add_working_days(collected_on, VERIFICATION_WORKING_DAYS)


def session_due(verified_on: date) -> date:
    return add_months(verified_on, SESSION_MONTHS)


def district_decision_due(voted_on: date) -> date:
    return add_working_days(voted_on, DISTRICT_DECISION_WORKING_DAYS)


def repeat_vote_from(kept_on: date) -> date:
    """The maslikhat may vote again 6 months after the district akim kept the akim (art. 24 p.8)."""
    return add_months(kept_on, REPEAT_AFTER_MONTHS)


def enough_signatures(signatures: int, deputies: int) -> bool:
    """At least one fifth of the deputies."""
    return deputies > 0 and signatures * 5 >= deputies


def no_confidence(votes_for: int, deputies: int) -> bool:
    """A majority of the total number of deputies, not of those present."""
    return deputies > 0 and votes_for * 2 > deputies


@dataclass(frozen=True)
class Step:
    kind: str
    round: int
    occurred_on: date
    positive: bool = True


@dataclass(frozen=True)
class NextStep:
    kind: str | None  # None: the procedure has ended
    round: int
    due_on: date | None = None  # the legal deadline
    not_before: date | None = None  # a repeat vote may not come earlier
    must_terminate: bool = False  # the district akim has no choice (repeat vote)


def next_step(steps: list[Step]) -> NextStep:
    """What the law expects next after the recorded ``steps`` (ordered), and by when."""
    if not steps:
        raise ValueError("a procedure starts with the assembly's decision")
    last = steps[-1]
    rnd = last.round
    if last.kind == "assembly":
        return NextStep("signatures", rnd, signatures_due(last.occurred_on))
    if last.kind == "signatures":
        return NextStep("verified", rnd, verification_due(last.occurred_on)) if last.positive else NextStep(None, rnd)
    if last.kind == "verified":
        return NextStep("vote", rnd, session_due(last.occurred_on)) if last.positive else NextStep(None, rnd)
    if last.kind == "vote":
        if not last.positive:
            return NextStep(None, rnd)
        return NextStep("district", rnd, district_decision_due(last.occurred_on), must_terminate=rnd > 1)
    if last.kind == "district":
        if last.positive or rnd > 1:
            return NextStep(None, rnd)
        return NextStep("vote", rnd + 1, not_before=repeat_vote_from(last.occurred_on))
    raise ValueError(f"unknown step {last.kind!r}")
