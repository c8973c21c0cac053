"""Working days in Kazakhstan: weekends, public holidays, their carry-over and government transfers.

Every legal deadline in working days (appeals, initiatives, no-confidence steps) is computed here, from the
data in ``data/holidays_kz.json`` (edit the data, not the code, when a decree moves a day off).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from importlib import resources


@cache
def _data() -> dict:
    return json.loads(resources.files("auyl.core").joinpath("data/holidays_kz.json").read_text("utf-8"))


@cache
def days_off(year: int) -> frozenset[date]:
    """All non-working weekdays and weekend days of ``year`` that are holidays or transferred days off."""
    data = _data()
    off: set[date] = set()
    national = sorted(
        date.fromisoformat(f"{year}-{item['date']}")
        for item in data["national"]
        if item["from"] <= year <= item.get("until", 9999)
    )
    for holiday in national:
        off.add(holiday)
    # Labour Code art. 85: a national holiday on a weekend moves the day off to the next working day.
    for holiday in national:
        if holiday.weekday() >= 5:
            moved = holiday + timedelta(days=1)
            while moved.weekday() >= 5 or moved in off:
                moved += timedelta(days=1)
            off.add(moved)
    christmas = data["religious"]["orthodox_christmas"]
    if year >= christmas["from"]:
        off.add(date.fromisoformat(f"{year}-{christmas['date']}"))
    if kurban := data["religious"]["kurban_ait"].get(str(year)):
        off.add(date.fromisoformat(kurban))
    for transfer in data["transfers"]:
        day_off = date.fromisoformat(transfer["day_off"])
        if day_off.year == year:
            off.add(day_off)
    return frozenset(off)


@cache
def _extra_working_days() -> frozenset[date]:
    return frozenset(date.fromisoformat(t["working_day"]) for t in _data()["transfers"])


def is_working_day(day: date) -> bool:
    if day in _extra_working_days():
        return True
    return day.weekday() < 5 and day not in days_off(day.year)


def add_working_days(start: date, days: int, *, count_start: bool = False) -> date:
    """The date ``days`` working days after ``start``.

    With ``count_start`` the start day itself counts as the first day when it is a working day (the way
    e-Otinish counts an appeal's 15 days: received 26.05.2022, due 15.06.2022).
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    day = start
    remaining = days
    if count_start and is_working_day(day):
        remaining -= 1
        if remaining == 0:
            return day
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count
