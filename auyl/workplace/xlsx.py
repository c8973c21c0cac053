"""Lists as XLSX workbooks (openpyxl, write-only so long lists stay light in memory)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if value is None or isinstance(value, int | float | date | bool):
        return value
    return str(value)


def workbook(title: str, headers: list[str], rows: Iterable[list]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Sheet")
    sheet.append(headers)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
