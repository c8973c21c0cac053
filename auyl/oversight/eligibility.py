"""Who may stand for akim of a town, village, settlement or rural okrug (pure rules, no Django).

Law 148 art. 36 п.1–2 and art. 36-2 (redaction of 19.04.2023) with the Concept (Decree 639): a candidate is at least
**25 years old on election day**, has higher, postgraduate, post-secondary or technical and vocational education
and work experience, and nobody holds the post in the same unit for **more than two consecutive terms**.
The minimum experience is set by the civil-service qualification requirements, not by the law itself, so it is a
parameter here (``Rules.min_experience_years``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

MIN_AGE = 25
TERM_YEARS = 4
MAX_CONSECUTIVE_TERMS = 2
# A later term is "consecutive" when it begins within this gap after the earlier one ended (early elections,
# the few weeks between an election and the registration of the result). A longer break resets the count.
CONSECUTIVE_GAP = timedelta(days=183)

ELIGIBLE_EDUCATION = frozenset({"postgraduate", "higher", "post_secondary", "vocational"})
EDUCATION_LEVELS = ("postgraduate", "higher", "post_secondary", "vocational", "secondary", "none")


@dataclass(frozen=True)
class Rules:
    min_age: int = MIN_AGE
    min_experience_years: float = 2.0
    max_consecutive_terms: int = MAX_CONSECUTIVE_TERMS


@dataclass(frozen=True)
class Term:
    """A term held in the same unit: from registration to its end (the nominal end, or earlier if ended)."""

    start: date
    end: date


@dataclass(frozen=True)
class Problem:
    """One reason a candidate is ineligible: a stable code and the figures a message needs."""

    code: str
    params: dict


def age_on(birth_date: date, day: date) -> int:
    """Full years on ``day``: the birthday itself counts (born 29 February: the age turns on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def term_end(start: date) -> date:
    """A term lasts four years: the last day is the day before the fourth anniversary of its start."""
    return add_years(start, TERM_YEARS) - timedelta(days=1)


def consecutive_terms_before(terms: Iterable[Term], election_day: date) -> int:
    """How many terms in an unbroken chain end right before ``election_day`` (0 if the person is not in office)."""
    chain = 0
    boundary = election_day
    for term in sorted((t for t in terms if t.start < election_day), key=lambda t: t.start, reverse=True):
        if boundary - term.end > CONSECUTIVE_GAP:
            break
        chain += 1
        boundary = term.start
    return chain


def check(*, birth_date: date, education: str, experience_years: float, previous_terms: Iterable[Term],
          election_day: date, rules: Rules = Rules()) -> list[Problem]:
    """Every reason the candidate may not stand; an empty list means eligible."""
    problems = []
    age = age_on(birth_date, election_day)
    if age < rules.min_age:
        problems.append(Problem("too_young", {"age": age, "min_age": rules.min_age,
                                              "eligible_from": add_years(birth_date, rules.min_age).isoformat()}))
    if education not in ELIGIBLE_EDUCATION:
        problems.append(Problem("education", {"education": education}))
    if experience_years < rules.min_experience_years:
        problems.append(Problem("experience", {"years": experience_years, "min_years": rules.min_experience_years}))
    held = consecutive_terms_before(previous_terms, election_day)
    if held >= rules.max_consecutive_terms:
        problems.append(Problem("consecutive_terms", {"terms": held, "max_terms": rules.max_consecutive_terms}))
    return problems
