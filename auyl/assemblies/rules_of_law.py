"""The numbers of Law 148, art. 39-3, as pure functions (no Django): quorum, majority, notice, seats.

Integer arithmetic only, so "at least 10 %" and "more than half" are exact at the boundary.
"""

from __future__ import annotations

from datetime import date, timedelta

ASSEMBLY_MAX_MEMBERS = 25  # п.2 пп.2: up to 25 persons
ASSEMBLY_TERM_YEARS = 4  # п.2 пп.2: for 4 years
SEPARATE_MAX_REPRESENTATIVES = 3  # п.6: no more than 3 representatives per separate gathering
NOTICE_DAYS = 10  # п.8: at least 10 calendar days before
CANDIDATE_NOTICE_DAYS = 3  # п.8: at least 3 calendar days for agreeing candidates for akim


def gathering_quorum(entitled: int) -> int:
    """Members needed present for a quorate gathering: at least 10 % of those entitled (п.9), never fewer than 1."""
    return max(1, -(-entitled // 10))


def half_quorum(members: int) -> int:
    """At least half of the delegated members (п.9): the assembly; also a gathering of representatives [U]."""
    return max(1, -(-members // 2))


def initiative_threshold(members: int) -> int:
    """Signatures needed to convene on the members' own initiative: at least 10 % of them (п.5, п.7)."""
    return max(1, -(-members // 10))


def is_quorate(present: int, needed: int) -> bool:
    return present >= needed


def is_adopted(votes_for: int, present: int) -> bool:
    """A decision needs more than half of those present (п.11): abstentions count against."""
    return votes_for * 2 > present


def notice_days(candidate_approval: bool) -> int:
    return CANDIDATE_NOTICE_DAYS if candidate_approval else NOTICE_DAYS


def earliest_meeting_day(notice_on: date, candidate_approval: bool = False) -> date:
    """The first day a meeting may be held when its notice is published on ``notice_on``."""
    return notice_on + timedelta(days=notice_days(candidate_approval))


def assembly_term_end(start: date) -> date:
    """The last day of a four-year term that starts on ``start``."""
    try:
        end = start.replace(year=start.year + ASSEMBLY_TERM_YEARS)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + ASSEMBLY_TERM_YEARS, day=28)
    return end - timedelta(days=1)


def half_year_of(day: date) -> tuple[int, int]:
    return day.year, 1 if day.month <= 6 else 2


def half_years_between(first: date, last: date) -> list[tuple[int, int]]:
    """Every completed (year, half) whose end falls within [first, last]: the commission's reporting periods."""
    periods = []
    year, half = half_year_of(first)
    while True:
        end = date(year, 6, 30) if half == 1 else date(year, 12, 31)
        if end > last:
            return periods
        periods.append((year, half))
        year, half = (year, 2) if half == 1 else (year + 1, 1)
