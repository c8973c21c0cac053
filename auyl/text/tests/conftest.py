"""Shared fixtures: the read-only reference data in ../shared beside the repository root."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
APPEALS = SHARED / "appeals" / "appeals.csv"
IDEAS = SHARED / "appeals" / "ideas.csv"
POLIS = SHARED / "polis"


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def appeals() -> list[dict[str, str]]:
    if not APPEALS.exists():
        pytest.skip(f"reference data not found: {APPEALS} (shared/ must sit beside the repository root)")
    return read_csv(APPEALS)


@pytest.fixture(scope="session")
def ideas() -> list[dict[str, str]]:
    if not IDEAS.exists():
        pytest.skip(f"reference data not found: {IDEAS} (shared/ must sit beside the repository root)")
    return read_csv(IDEAS)
