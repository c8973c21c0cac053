"""Open data of published budgets: CSV, JSON and a Frictionless Fiscal Data Package whose resource is the CSV.

Rows come from ``selectors.open_data_rows``: classification, amounts and official references only, never
personal data. The CSV is the one table; the JSON and the package describe the same rows, so their totals
agree by construction (and a test checks it against the page and the PDF).
"""

from __future__ import annotations

import csv
import io
import json

from auyl.budget.selectors import OPEN_DATA_FIELDS

LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0"}

FIELD_TYPES = {
    "budget_year": "integer", "version": "integer", "fiscal_year": "integer", "approved_on": "date",
    "own_revenue": "boolean", "spending_direction": "integer", "planned": "number", "executed": "number",
}
FIELD_DESCRIPTIONS = {
    "kato": "KATO code of the local community (9 digits)",
    "budget_year": "Planned year of the three-year budget",
    "version": "Version in force: 1 is the original budget, higher numbers are adjustments",
    "approved_on": "Date the district maslikhat approved the version",
    "fiscal_year": "Year the amount is planned for",
    "direction": "revenue or expenditure",
    "code": "Budget classification: 6-digit revenue code or programme FG.ADM.PRG.SUB",
    "revenue_kind": "tax, non_tax, capital or transfer",
    "own_revenue": "True for the community's own revenue, False for transfers",
    "spending_direction": "Number of the spending direction (Budget Code art. 56-1)",
    "planned": "Amount planned in the version in force, tenge",
    "executed": "Amount received or paid so far in the planned year, tenge",
}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OPEN_DATA_FIELDS)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in OPEN_DATA_FIELDS])
    return out.getvalue()


def to_json(rows: list[dict], *, meta: dict) -> str:
    return json.dumps({**meta, "license": LICENSE["name"], "fields": OPEN_DATA_FIELDS, "rows": rows},
                      ensure_ascii=False, indent=1)


def schema() -> dict:
    return {"fields": [
        {"name": name, "type": FIELD_TYPES.get(name, "string"),
         **({"description": FIELD_DESCRIPTIONS[name]} if name in FIELD_DESCRIPTIONS else {}),
         **({"format": "default", "trueValues": ["true"], "falseValues": ["false"]}
            if FIELD_TYPES.get(name) == "boolean" else {})}
        for name in OPEN_DATA_FIELDS]}


def fiscal_model() -> dict:
    """The Fiscal Data Package model: two measures in tenge and the dimensions that classify them."""

    def attributes(*names: str) -> dict:
        return {name: {"source": name} for name in names}

    return {
        "measures": {
            "planned": {"source": "planned", "currency": "KZT", "phase": "approved"},
            "executed": {"source": "executed", "currency": "KZT", "phase": "executed"},
        },
        "dimensions": {
            "geography": {"dimensionType": "location", "primaryKey": ["kato"],
                          "attributes": attributes("kato", "community_kk", "community_ru")},
            "date": {"dimensionType": "datetime", "primaryKey": ["fiscal_year"],
                     "attributes": attributes("fiscal_year")},
            "budget": {"dimensionType": "other", "primaryKey": ["budget_year", "version"],
                       "attributes": attributes("budget_year", "version", "approved_on")},
            "direction": {"dimensionType": "classification", "primaryKey": ["direction"],
                          "attributes": attributes("direction")},
            "classification": {
                "dimensionType": "classification", "classificationType": "functional",
                "primaryKey": ["code"],
                "attributes": {**attributes("code", "revenue_kind", "own_revenue", "spending_direction",
                                            "functional_group", "administrator", "programme", "subprogramme"),
                               "name_kk": {"source": "name_kk", "labelfor": "code"},
                               "name_ru": {"source": "name_ru", "labelfor": "code"},
                               "name_en": {"source": "name_en", "labelfor": "code"}},
            },
        },
    }


def datapackage(*, name: str, title: str, year: int, csv_path: str) -> dict:
    """A Fiscal Data Package descriptor whose one resource is the CSV at ``csv_path`` (relative path)."""
    return {
        "name": name,
        "title": title,
        "profile": "tabular-data-package",  # what the Fiscal Data Package schema requires, plus ``model``
        "countryCode": "KZ",
        "granularity": "aggregated",
        "fiscalPeriod": {"start": f"{year}-01-01", "end": f"{year + 2}-12-31"},
        "licenses": [LICENSE],
        "resources": [{
            "name": "budget", "path": csv_path, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "profile": "tabular-data-resource", "schema": schema(),
        }],
        "model": fiscal_model(),
    }
