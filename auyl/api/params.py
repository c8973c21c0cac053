"""Parsing query parameters the same way in every API: bad or out-of-range values mean "no filter"."""

from __future__ import annotations

MAX_ID = 2**63 - 1  # the largest primary key PostgreSQL's bigint (and SQLite) can hold


def year_param(value: str | None) -> int | None:
    """A four-digit year, or None."""
    return int(value) if value and value.isdigit() and len(value) == 4 else None


def id_param(value: str | None) -> int | None:
    """A database id that fits the column, or None (a huge number must not reach the database)."""
    if not value or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
