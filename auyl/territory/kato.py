"""Reading the KATO classifier and telling the kind of each unit from its code, type sign and name suffix.

Pure functions (no database): the import service and its tests use them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from auyl.territory.models import PREFIX_LENGTH, Kind, Level


# 4th-level administrations are told apart by the name's suffix, not by an official field (final dot optional).
def _marker(abbreviations: str) -> re.Pattern[str]:
    """An abbreviation at the end («Көкалажар а.о.», «Қанай би атын.а.о») or the start («с.о.им.Канай би»)."""
    return re.compile(rf"(?:(?:^|[\s.])(?:{abbreviations})\.?$)|(?:^(?:{abbreviations})\.)", re.I)


_SUFFIX_KIND = [
    (_marker(r"а\.о|с\.о"), Kind.RURAL_OKRUG),
    (_marker(r"а\.ә|с\.а"), Kind.VILLAGE),
    (_marker(r"к\.ә|п\.а"), Kind.SETTLEMENT_ADMIN),
    (_marker(r"қ\.ә|г\.а"), Kind.TOWN),
]
SELF_GOVERNING_KINDS = {Kind.RURAL_OKRUG, Kind.VILLAGE, Kind.SETTLEMENT_ADMIN, Kind.TOWN}
REPUBLICAN_CITIES = {"71", "75", "79"}


@dataclass(frozen=True)
class KatoRow:
    code: str
    level: str
    type_code: int
    name_ru: str
    name_kk: str
    version: str

    @property
    def prefix(self) -> str:
        return self.code[: PREFIX_LENGTH[Level(self.level)]]


def shipped_path() -> Path:
    return Path(str(resources.files("auyl.territory").joinpath("data/kato.csv")))


def read_kato(path: Path | None = None) -> Iterator[KatoRow]:
    with open(path or shipped_path(), encoding="utf-8-sig", newline="") as handle:
        for line_no, row in enumerate(csv.DictReader(handle), start=2):
            code = (row.get("kato") or "").strip()
            if not re.fullmatch(r"\d{9}", code) or row.get("level") not in Level.values:
                raise ValueError(f"line {line_no}: not a valid KATO row: {row!r}")
            yield KatoRow(code, row["level"], int(row["type_code"] or 0), row["name_ru"].strip(),
                          row["name_kk"].strip(), row["kato_version"].strip())


def parent_code(code: str, existing: set[str]) -> str | None:
    """The nearest existing unit above ``code``: settlement → its okrug (or district), okrug → district…"""
    for length in (6, 4, 2):
        candidate = code[:length].ljust(9, "0")
        if candidate != code and candidate in existing:
            return candidate
    return None


def kind_of(row: KatoRow, *, district_has_sub_district: bool = True) -> Kind:
    names = (row.name_kk, row.name_ru)
    if row.level == Level.OBLAST:
        return Kind.REPUBLICAN_CITY if row.code[:2] in REPUBLICAN_CITIES else Kind.OBLAST
    if row.level == Level.DISTRICT:
        if row.code[:2] in REPUBLICAN_CITIES:
            return Kind.CITY_DISTRICT
        return Kind.OBLAST_CITY if any(re.search(r"(қ\.ә|г\.а)\.?$", n, re.I) for n in names) else Kind.DISTRICT
    if row.level == Level.SUB_DISTRICT:
        for pattern, kind in _SUFFIX_KIND:
            if any(pattern.search(n) for n in names):
                return kind
        return Kind.CITY_ITSELF
    # A town of district significance with no administration row of its own (e.g. г.Атбасар) is a
    # 4th-level unit too: an urban main settlement directly under a district.
    if (
        row.type_code == 1
        and row.code.endswith("00")
        and not district_has_sub_district
        and (row.name_ru.startswith("г.") or row.name_kk.endswith("қ."))
    ):
        return Kind.TOWN
    return Kind.POPULATED_PLACE
