"""The eligibility rules at their boundaries (pure: no database)."""

from datetime import date

import pytest

from auyl.oversight.eligibility import Rules, Term, age_on, check, consecutive_terms_before, term_end

ELECTION = date(2025, 7, 25)
FINE = dict(education="higher", experience_years=5.0, previous_terms=[], election_day=ELECTION)


def codes(**overrides):
    return [p.code for p in check(**{**FINE, "birth_date": date(1980, 1, 1), **overrides})]


def test_25th_birthday_on_election_day_is_eligible():
    assert codes(birth_date=date(2000, 7, 25)) == []


def test_25th_birthday_the_day_after_election_day_is_not():
    problems = check(**FINE, birth_date=date(2000, 7, 26))
    assert [p.code for p in problems] == ["too_young"]
    assert problems[0].params == {"age": 24, "min_age": 25, "eligible_from": "2025-07-26"}


def test_born_on_29_february_turns_25_on_1_march():
    leap = date(2000, 2, 29)
    assert age_on(leap, date(2025, 2, 28)) == 24
    assert age_on(leap, date(2025, 3, 1)) == 25
    assert codes(birth_date=leap, election_day=date(2025, 2, 28)) == ["too_young"]


@pytest.mark.parametrize("education,ok", [("postgraduate", True), ("higher", True), ("post_secondary", True),
                                          ("vocational", True), ("secondary", False), ("none", False)])
def test_education(education, ok):
    assert (codes(education=education) == []) is ok


def test_experience_below_the_minimum():
    assert codes(experience_years=1.9) == ["experience"]
    assert codes(experience_years=2.0) == []
    assert codes(experience_years=0.5, education="secondary") == ["education", "experience"]


def test_third_consecutive_term_is_refused():
    first = Term(date(2017, 7, 25), term_end(date(2017, 7, 25)))
    second = Term(date(2021, 7, 25), term_end(date(2021, 7, 25)))
    assert second.end == date(2025, 7, 24)
    problems = check(**{**FINE, "previous_terms": [first, second]}, birth_date=date(1970, 1, 1))
    assert [(p.code, p.params["terms"]) for p in problems] == [("consecutive_terms", 2)]


def test_second_consecutive_term_is_allowed():
    second = Term(date(2021, 7, 25), date(2025, 7, 24))
    assert codes(previous_terms=[second]) == []


def test_a_break_resets_the_count():
    old = Term(date(2013, 7, 25), date(2017, 7, 24))
    recent = Term(date(2021, 7, 25), date(2025, 7, 24))
    assert consecutive_terms_before([old, recent], ELECTION) == 1
    assert codes(previous_terms=[old, recent]) == []


def test_terms_ended_early_still_chain_and_a_long_gap_since_the_last_term_counts_as_a_break():
    first = Term(date(2018, 3, 1), date(2021, 5, 10))  # ended early
    second = Term(date(2021, 7, 25), date(2025, 7, 24))  # early election two and a half months later
    assert consecutive_terms_before([first, second], ELECTION) == 2
    assert consecutive_terms_before([first, second], date(2026, 6, 1)) == 0


def test_the_rules_are_parameters():
    assert codes(experience_years=0.0) == ["experience"]
    assert check(**{**FINE, "experience_years": 0.0}, birth_date=date(1980, 1, 1),
                 rules=Rules(min_experience_years=0)) == []
