"""Legal terms on real calendars: Nauryz, May holidays, weekends, the government's transfers of days off."""

from datetime import date

import pytest

from auyl.appeals import deadlines


def test_e_otinish_reference_case():
    # Domain reference §4.3: received 26.05.2022, due 15.06.2022 (the day of receipt counts).
    assert deadlines.due_date("application", date(2022, 5, 26)) == date(2022, 6, 15)


def test_application_filed_before_nauryz_2026():
    # Thu 19.03.2026; 21-23 March are Nauryz (Sat-Mon), the weekend ones carry over to Tue 24 and Wed 25.
    # Counted: 19, 20, 26, 27, 30, 31 March, 1, 2, 3, 6, 7, 8, 9, 10, 13 April -> 13 April (8 April without them).
    assert deadlines.due_date("application", date(2026, 3, 19)) == date(2026, 4, 13)


def test_complaint_filed_before_nauryz_2026_has_twenty_working_days():
    assert deadlines.due_date("complaint", date(2026, 3, 19)) == date(2026, 4, 20)


def test_simplified_procedure_has_the_general_term():
    assert deadlines.due_date("proposal", date(2026, 3, 19)) == deadlines.due_date("report", date(2026, 3, 19))
    assert deadlines.due_date("proposal", date(2026, 3, 19)) == date(2026, 4, 13)


def test_received_on_a_holiday_is_registered_the_next_working_day():
    assert deadlines.registration_date(date(2026, 3, 21)) == date(2026, 3, 26)  # Nauryz Saturday
    assert deadlines.registration_date(date(2026, 3, 19)) == date(2026, 3, 19)
    assert deadlines.registration_date(date(2025, 1, 4)) == date(2025, 1, 5)  # Sunday 5.01.2025 was a working day


def test_may_2024_transfer_moves_the_term():
    # Received Fri 3 May 2024: Sat 4 May worked (transfer); 7, 8 (transferred) and 9 May off.
    # Counted: 3, 4, 6, 10, 13-17, 20-24, 27 May.
    assert deadlines.due_date("application", date(2024, 5, 3)) == date(2024, 5, 27)


def test_forwarding_within_three_working_days_across_nauryz():
    assert deadlines.forward_by(date(2026, 3, 20)) == date(2026, 3, 27)


def test_extension_at_most_two_months_and_notice_within_three_working_days():
    assert deadlines.latest_extension(date(2026, 3, 19)) == date(2026, 5, 19)
    assert deadlines.latest_extension(date(2025, 12, 31)) == date(2026, 2, 28)
    assert deadlines.extension_notice_by(date(2026, 3, 20)) == date(2026, 3, 27)


@pytest.mark.parametrize(("today", "near"), [
    (date(2026, 4, 8), False), (date(2026, 4, 9), True), (date(2026, 4, 13), True), (date(2026, 4, 14), False),
])
def test_near_deadline(today, near):
    assert deadlines.is_near_deadline(date(2026, 4, 13), today) is near
