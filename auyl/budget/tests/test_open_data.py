"""Open data: the Fiscal Data Package validates with frictionless; CSV, JSON, page and PDF show the same
totals; no personal data anywhere."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from auyl.budget import services
from auyl.budget.tests.helpers import REVENUE_TOTAL, SPENDING_TOTAL, approved, budget_of
from auyl.core.testing import make_resident

YEAR = timezone.localdate().year
pytestmark = pytest.mark.django_db


@pytest.fixture
def published(tree, people):
    version = approved(tree.home, YEAR, people["staff"], people["district"])
    services.record_execution(budget_of(version), actor=people["staff"], month=1, side="revenue", code="402303",
                              amount="7891234.56")
    return version


def _get(path: str) -> bytes:
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content


def test_fiscal_data_package_validates_with_frictionless(tree, published, tmp_path):
    from frictionless import Package, validate

    base = f"/budget/{tree.home.code}/{YEAR}/"
    descriptor = json.loads(_get(base + "datapackage.json"))
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (tmp_path / descriptor["resources"][0]["path"]).write_bytes(_get(base + "budget.csv"))
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = Package(str(tmp_path / "datapackage.json")).get_resource("budget").read_rows()
    assert len(rows) == 3 * (5 + 5)
    # the fiscal model (Fiscal Data Package 1.0): measures in KZT, every attribute and key is a real column
    model, columns = descriptor["model"], {f["name"] for f in descriptor["resources"][0]["schema"]["fields"]}
    assert descriptor["profile"] == "tabular-data-package" and descriptor["countryCode"] == "KZ"
    for measure in model["measures"].values():
        assert measure["source"] in columns and re.fullmatch(r"[A-Z]{3}", measure["currency"])
    for dimension in model["dimensions"].values():
        assert dimension["attributes"] and set(dimension["primaryKey"]) <= set(dimension["attributes"])
        assert {a["source"] for a in dimension["attributes"].values()} <= columns


def _numbers(text: str) -> set[Decimal]:
    """Money as the page and the PDF print it ("100 000 000 ₸" with any grouping, or none) → numbers."""
    return {Decimal(re.sub(r"\D", "", m)) for m in re.findall(r"(\d(?:[\d\s,.]*\d)?) ₸", text)}


def test_totals_agree_in_csv_json_page_and_pdf(tree, published):
    from pypdf import PdfReader

    base = f"/budget/{tree.home.code}/{YEAR}/"
    table = list(csv.DictReader(io.StringIO(_get(base + "budget.csv").decode())))
    document = json.loads(_get(base + "budget.json"))

    def totals(rows):
        planned = {"revenue": Decimal(0), "expenditure": Decimal(0)}
        executed = Decimal(0)
        for row in rows:
            if int(row["fiscal_year"]) == YEAR:
                planned[row["direction"]] += Decimal(row["planned"])
                executed += Decimal(row["executed"] or 0) if row["direction"] == "revenue" else 0
        return planned["revenue"], planned["expenditure"], executed

    assert totals(table) == totals(document["rows"]) == (REVENUE_TOTAL, SPENDING_TOTAL, Decimal("7891234.56"))
    page = _get(base).decode()
    pdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(_get(base + "budget.pdf"))).pages)
    for shown in (page, pdf):
        figures = _numbers(shown)
        assert {REVENUE_TOTAL, SPENDING_TOTAL, Decimal("7891235")} <= figures  # whole tenge, rounded half up
    assert "Көкалажар" in pdf  # the PDF font renders Kazakh letters


def test_open_data_has_no_personal_data(tree, published):
    _resident, iin = make_resident(tree.home, last_name="Құпиябаева", first_name="Ақбөпе")
    base = f"/budget/{tree.home.code}/{YEAR}/"
    for path in ("budget.csv", "budget.json", "datapackage.json"):
        text = _get(base + path).decode()
        assert iin not in text and "Құпиябаева" not in text and "b-staff" not in text
    api = Client().get(f"/api/v1/budget-lines/?territory={tree.home.code}").content.decode()
    assert iin not in api and "Құпиябаева" not in api


def test_page_is_light_and_has_no_inline_script_or_style(tree, published):
    page = _get(f"/budget/{tree.home.code}/{YEAR}/")
    assert len(page) < 100_000
    text = page.decode()
    assert "style=" not in text and "<script>" not in text
    assert text.count('<svg class="bar"') >= 6
