"""The individual identification number (ИИН / ЖСН): 12 digits, YYMMDD + century/sex + serial + check digit.

Pure validation with localised errors; no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS_FIRST = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}

MESSAGES = {
    "length": _("An IIN has exactly 12 digits."),
    "digits": _("An IIN contains digits only."),
    "century": _("The 7th digit of an IIN (century and sex) must be from 1 to 6."),
    "date": _("The first 6 digits of an IIN must be a real birth date (YYMMDD)."),
    "future": _("The birth date in this IIN is in the future."),
    "checksum": _("The check digit of this IIN is wrong: please check for a typo."),
    "unissued": _("This IIN cannot exist: its check digit cannot be computed."),
}


@dataclass(frozen=True)
class IINInfo:
    iin: str
    birth_date: date
    sex: str  # "M" or "F"


def check_digit(first_eleven: str) -> int | None:
    """The 12th digit for 11 digits, or None when both weighted passes give 10 (never issued)."""
    digits = [int(c) for c in first_eleven]
    total = sum(d * w for d, w in zip(digits, WEIGHTS_FIRST, strict=True)) % 11
    if total == 10:
        total = sum(d * w for d, w in zip(digits, WEIGHTS_SECOND, strict=True)) % 11
        if total == 10:
            return None
    return total


def parse_iin(value: str, *, today: date | None = None) -> IINInfo:
    """Validate fully and return the birth date and sex; raise ValidationError with a localised message."""
    iin = (value or "").strip().replace(" ", "")
    if not iin.isdigit() and iin:
        raise ValidationError(MESSAGES["digits"], code="digits")
    if len(iin) != 12:
        raise ValidationError(MESSAGES["length"], code="length")
    century_sex = int(iin[6])
    if century_sex not in CENTURY:
        raise ValidationError(MESSAGES["century"], code="century")
    try:
        born = date(CENTURY[century_sex] + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        raise ValidationError(MESSAGES["date"], code="date") from None
    if born > (today or date.today()):
        raise ValidationError(MESSAGES["future"], code="future")
    expected = check_digit(iin[:11])
    if expected is None:
        raise ValidationError(MESSAGES["unissued"], code="unissued")
    if expected != int(iin[11]):
        raise ValidationError(MESSAGES["checksum"], code="checksum")
    return IINInfo(iin=iin, birth_date=born, sex="M" if century_sex % 2 else "F")


def make_iin(born: date, sex: str, serial: int) -> str | None:
    """Build a valid IIN (for demo data and tests); None when this serial gives no check digit."""
    century_sex = {1800: 1, 1900: 3, 2000: 5}[born.year // 100 * 100] + (0 if sex == "M" else 1)
    first = f"{born:%y%m%d}{century_sex}{serial % 10000:04d}"
    digit = check_digit(first)
    return None if digit is None else first + str(digit)
