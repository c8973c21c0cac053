"""Legal terms of an appeal under the Administrative Procedural Code (АППК РК), in working days.

Pure functions on dates (no Django): the calendar of working days, holidays and transferred days off comes from
``auyl.core.calendar``. Terms are counted the way e-Otinish counts them: the day of registration is the first
day (received 26.05.2022 → due 15.06.2022).
"""

from __future__ import annotations

import calendar as month_calendar
from datetime import date

from auyl.core.calendar import add_working_days, is_working_day

# Art. 76: 15 working days; art. 99-100: a complaint (жалоба) 20 working days; arts. 87-89: messages and
# proposals go through the simplified procedure (упрощённое производство) within the same 15 days.
TERM_WORKING_DAYS = {"application": 15, "proposal": 15, "report": 15, "complaint": 20}
FORWARD_WORKING_DAYS = 3  # art. 65, art. 92: forward to the competent body within 3 working days
EXTENSION_NOTICE_WORKING_DAYS = 3  # art. 76: the applicant is told of an extension within 3 working days
EXTENSION_MAX_MONTHS = 2  # art. 76: the whole term may be extended up to two months
NEAR_DEADLINE_WORKING_DAYS = 3


def registration_date(received: date) -> date:
    """Art. 64: registered the day it is received, or the next working day if that day is not one."""
    return received if is_working_day(received) else add_working_days(received, 1)


def due_date(kind: str, registered: date) -> date:
    """The last day of the legal term for an appeal of ``kind`` registered on ``registered``."""
    return add_working_days(registered, TERM_WORKING_DAYS[kind], count_start=True)


def forward_by(registered: date) -> date:
    """The last day to forward an appeal sent to the wrong body (art. 65)."""
    return add_working_days(registered, FORWARD_WORKING_DAYS, count_start=True)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def latest_extension(registered: date) -> date:
    """Art. 76: an extended term ends no later than two months after registration."""
    return add_months(registered, EXTENSION_MAX_MONTHS)


def extension_notice_by(decided: date) -> date:
    return add_working_days(registration_date(decided), EXTENSION_NOTICE_WORKING_DAYS, count_start=True)


def is_near_deadline(due: date, today: date) -> bool:
    """Not yet overdue, but due within the next few working days (today counts)."""
    return today <= due <= add_working_days(registration_date(today), NEAR_DEADLINE_WORKING_DAYS, count_start=True)


def monthly_days(first: date, months: int) -> list[date]:
    """Art. 90 receptions, monthly: the same day of each month, moved to the next working day if need be."""
    return [registration_date(add_months(first, index)) for index in range(months)]
