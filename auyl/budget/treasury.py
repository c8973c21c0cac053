"""The treasury-style execution file (CSV or XLSX), read and written without Django.

One row per month and code: ``year,month,side,code,amount`` where ``side`` is ``revenue`` (6-digit revenue
code) or ``expenditure`` (programme code ``07.124.008.015``) and ``amount`` is tenge with up to two decimals
(received or paid in that month). Reading only checks the shape of each row; the service checks the codes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

COLUMNS = ["year", "month", "side", "code", "amount"]
SIDES = ("revenue", "expenditure")
MAX_ROWS = 20000


@dataclass(frozen=True)
class Row:
    line: int
    year: int
    month: int
    side: str
    code: str
    amount: Decimal


class FileError(ValueError):
    """The file as a whole cannot be read (wrong format, wrong header, too many rows)."""


@dataclass(frozen=True)
class RowError:
    line: int
    problem: str  # a key of PROBLEMS, translated by the service


def _cells_from_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError("encoding") from error
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=",;\t")
    except csv.Error:
        pass
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def _xlsx_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value).strip()


def _cells_from_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise FileError("xlsx") from error
    return [[_xlsx_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def read(content: bytes, filename: str) -> tuple[list[Row], list[RowError]]:
    """Parse every row; return the good rows and one error per bad row (line numbers as in the file)."""
    is_xlsx = filename.lower().endswith(".xlsx") or content[:2] == b"PK"
    cells = _cells_from_xlsx(content) if is_xlsx else _cells_from_csv(content)
    while cells and not any(cells[-1]):
        cells.pop()
    if not cells or [c.lower() for c in cells[0][: len(COLUMNS)]] != COLUMNS:
        raise FileError("header")
    if len(cells) - 1 > MAX_ROWS:
        raise FileError("too_many_rows")
    rows, errors = [], []
    for line, raw in enumerate(cells[1:], start=2):
        if not any(raw):
            continue
        raw = (raw + [""] * len(COLUMNS))[: len(COLUMNS)]
        try:
            year, month = int(raw[0]), int(raw[1])
        except ValueError:
            errors.append(RowError(line, "year_month"))
            continue
        side, code = raw[2].lower(), raw[3]
        if side not in SIDES:
            errors.append(RowError(line, "side"))
            continue
        try:
            amount = Decimal(raw[4].replace(" ", "").replace(",", "."))
        except InvalidOperation:
            errors.append(RowError(line, "amount"))
            continue
        if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
            errors.append(RowError(line, "amount"))
            continue
        rows.append(Row(line, year, month, side, code, amount.quantize(Decimal("0.01"))))
    return rows, errors


def _records(rows: list[Row]) -> list[list]:
    return [[r.year, r.month, r.side, r.code, f"{r.amount:.2f}"] for r in rows]


def write_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_records(rows))
    return out.getvalue()


def write_xlsx(rows: list[Row]) -> bytes:
    """Amounts go in as text so the file carries exactly the tiyn the database holds."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("execution")
    sheet.append(COLUMNS)
    for record in _records(rows):
        sheet.append(record)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
