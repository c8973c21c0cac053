"""The population registry adapter (stands for ГБД ФЛ): a file adapter now, a real connector later.

File format (UTF-8 CSV, header row): ``iin,last_name,first_name,patronymic,birth_date,sex,settlement_kato,address``
with ``birth_date`` as YYYY-MM-DD and ``sex`` as M/F. Optional columns ``registered`` and ``excluded`` (0/1).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

COLUMNS = ("iin", "last_name", "first_name", "patronymic", "birth_date", "sex", "settlement_kato", "address")


@dataclass(frozen=True)
class RegistryRecord:
    line: int
    iin: str
    last_name: str
    first_name: str
    patronymic: str
    birth_date: str
    sex: str
    settlement_kato: str
    address: str
    registered: bool = True
    excluded: bool = False


class PopulationRegistry(Protocol):
    """Anything that yields registry records: the file adapter, or an HTTP connector to the state database."""

    def records(self) -> Iterator[RegistryRecord]: ...


class CsvPopulationRegistry:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def records(self) -> Iterator[RegistryRecord]:
        with open(self.path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise ValueError(f"missing columns: {', '.join(missing)}")
            for line, row in enumerate(reader, start=2):
                yield RegistryRecord(
                    line=line,
                    **{c: (row.get(c) or "").strip() for c in COLUMNS},
                    registered=(row.get("registered") or "1").strip() != "0",
                    excluded=(row.get("excluded") or "0").strip() == "1",
                )


def write_registry_csv(path: Path, records: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*COLUMNS, "registered", "excluded"])
        writer.writeheader()
        writer.writerows(records)
