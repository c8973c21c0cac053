"""Working days with Kazakhstan's holidays, their carry-over and transfers."""

from datetime import date

from auyl.core import calendar


def test_e_otinish_counts_fifteen_working_days_from_receipt():
    # Domain reference §4.3: an appeal received 26.05.2022 was due 15.06.2022.
    assert calendar.add_working_days(date(2022, 5, 26), 15, count_start=True) == date(2022, 6, 15)


def test_nauryz_holidays_are_skipped():
    # Friday 20 March 2026; 21–23 March are Nauryz (Sat–Mon); 21 and 22 fall on the weekend → 24, 25 off.
    assert not calendar.is_working_day(date(2026, 3, 23))
    assert not calendar.is_working_day(date(2026, 3, 24))
    assert not calendar.is_working_day(date(2026, 3, 25))
    assert calendar.add_working_days(date(2026, 3, 20), 1) == date(2026, 3, 26)


def test_religious_holidays_do_not_carry_over():
    assert not calendar.is_working_day(date(2025, 1, 7))  # Orthodox Christmas, Tuesday
    assert not calendar.is_working_day(date(2025, 6, 6))  # Kurban Ait, Friday
    assert calendar.is_working_day(date(2024, 6, 17))  # Kurban Ait 2024 fell on Sunday: Monday works


def test_dropped_and_restored_holidays_follow_the_year():
    assert not calendar.is_working_day(date(2021, 12, 17))
    assert calendar.is_working_day(date(2025, 12, 17))
    assert not calendar.is_working_day(date(2023, 10, 25))


def test_transfers_from_data(monkeypatch):
    data = calendar._data()
    monkeypatch.setitem(data, "transfers", [{"day_off": "2030-01-03", "working_day": "2030-01-05"}])
    calendar.days_off.cache_clear()
    calendar._extra_working_days.cache_clear()
    try:
        assert not calendar.is_working_day(date(2030, 1, 3))
        assert calendar.is_working_day(date(2030, 1, 5))  # a Saturday made a working day
    finally:
        calendar.days_off.cache_clear()
        calendar._extra_working_days.cache_clear()


def test_working_days_between():
    assert calendar.working_days_between(date(2026, 3, 20), date(2026, 3, 27)) == 2
    assert calendar.working_days_between(date(2026, 3, 27), date(2026, 3, 20)) == 0
