"""A resident opens the citizen budget in Kazakh and in Russian: the charts are drawn and the totals shown
are the budget's; the PDF link works; no serious accessibility violations."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from auyl.budget import services
from auyl.budget.tests.helpers import REVENUE_TOTAL, SPENDING_TOTAL, approved, budget_of

YEAR = timezone.localdate().year
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("classified")]

HEADINGS = {"kk": ("Ақша қайдан келеді", "Ақша қайда жұмсалады"), "ru": ("Откуда берутся деньги", "Куда идут деньги")}


def _amount(text: str) -> Decimal:
    return Decimal(re.sub(r"\D", "", text.split("₸")[0]))


def test_citizen_budget_in_kazakh_and_russian(tree, people, page, live_server, axe):
    version = approved(tree.home, YEAR, people["staff"], people["district"])
    services.record_execution(budget_of(version), actor=people["staff"], month=1, side="revenue", code="402303",
                              amount="8000000")
    for language, (sources, spending) in HEADINGS.items():
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page.goto(f"/budget/{tree.home.code}/{YEAR}/")
        assert page.locator("html").get_attribute("lang") == language
        assert page.get_by_role("heading", name=sources).is_visible()
        assert page.get_by_role("heading", name=spending).is_visible()
        assert _amount(page.locator("#total-revenues").inner_text()) == REVENUE_TOTAL
        assert _amount(page.locator("#total-expenditures").inner_text()) == SPENDING_TOTAL
        # where the money comes from: taxes, non-tax revenue and the district's subvention, drawn as bars
        rows = page.locator("#chart-sources li")
        assert rows.count() == 3
        widths = [float(rows.nth(i).locator("rect.fill").get_attribute("width")) for i in range(3)]
        assert widths == [5.0, 0.3, 94.7]  # 5 mln tax, 0.3 mln non-tax, 94.7 mln transfers of 100 mln
        box = rows.nth(2).locator("svg.bar").bounding_box()
        assert box and box["width"] > 200 and box["height"] > 5
        assert sum(_amount(rows.nth(i).locator(".amount").inner_text()) for i in range(3)) == REVENUE_TOTAL
        spending_rows = page.locator("#chart-spending li")
        assert spending_rows.count() == 5
        assert spending_rows.first.locator(".label").inner_text()  # the biggest direction first, named
        assert _amount(page.locator("#chart-execution li").first.locator(".amount").inner_text()) == 8_000_000
        assert not axe(page), f"accessibility violations in {language}"
    response = page.request.get(f"/budget/{tree.home.code}/{YEAR}/budget.pdf")
    assert response.ok and response.body().startswith(b"%PDF")
