"""The government's real transfers of days off (data in core/data/holidays_kz.json) move appeal terms."""

from datetime import date

import pytest

from auyl.core import calendar


@pytest.mark.parametrize(("day_off", "working_day"), [
    (date(2022, 10, 24), date(2022, 10, 22)),
    (date(2023, 7, 7), date(2023, 7, 1)),
    (date(2024, 5, 8), date(2024, 5, 4)),
    (date(2025, 1, 3), date(2025, 1, 5)),
])
def test_each_published_transfer_swaps_a_day_off_and_a_working_day(day_off, working_day):
    assert not calendar.is_working_day(day_off)
    assert calendar.is_working_day(working_day)


def test_may_2024_holidays_with_the_transfer():
    # 7 May (Tue) holiday, 8 May (Wed) transferred from Saturday 4 May, 9 May (Thu) Victory Day.
    assert calendar.add_working_days(date(2024, 5, 6), 1) == date(2024, 5, 10)
    assert calendar.working_days_between(date(2024, 5, 3), date(2024, 5, 10)) == 3  # Sat 4, Mon 6, Fri 10
