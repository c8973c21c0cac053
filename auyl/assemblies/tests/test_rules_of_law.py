"""The pure numbers of art. 39-3: quorum, majority, notice, term, half-years."""

from datetime import date

import pytest

from auyl.assemblies import rules_of_law as law


@pytest.mark.parametrize(("entitled", "needed"), [(100, 10), (101, 11), (99, 10), (10, 1), (1, 1), (0, 1),
                                                  (2345, 235)])
def test_gathering_quorum_is_at_least_ten_percent(entitled, needed):
    assert law.gathering_quorum(entitled) == needed
    assert law.is_quorate(needed, law.gathering_quorum(entitled))
    assert not law.is_quorate(needed - 1, law.gathering_quorum(entitled))


@pytest.mark.parametrize(("members", "needed"), [(25, 13), (24, 12), (15, 8), (1, 1)])
def test_assembly_quorum_is_at_least_half(members, needed):
    assert law.half_quorum(members) == needed


@pytest.mark.parametrize(("votes_for", "present", "adopted"), [(6, 10, True), (5, 10, False), (5, 9, True),
                                                               (4, 9, False), (1, 1, True), (0, 1, False)])
def test_more_than_half_of_those_present(votes_for, present, adopted):
    assert law.is_adopted(votes_for, present) is adopted


def test_notice_and_term():
    assert law.earliest_meeting_day(date(2026, 3, 1)) == date(2026, 3, 11)
    assert law.earliest_meeting_day(date(2026, 3, 1), candidate_approval=True) == date(2026, 3, 4)
    assert law.assembly_term_end(date(2026, 1, 15)) == date(2030, 1, 14)
    assert law.assembly_term_end(date(2024, 2, 29)) == date(2028, 2, 28)


def test_half_years_between():
    assert law.half_years_between(date(2025, 3, 1), date(2026, 7, 1)) == [(2025, 1), (2025, 2), (2026, 1)]
    assert law.half_years_between(date(2026, 3, 1), date(2026, 6, 29)) == []
