"""Monthly execution: entered by the office or imported from a treasury-style CSV/XLSX; one bad row saves
nothing and every bad row is reported; a valid file round-trips exactly."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from auyl.budget import services, treasury
from auyl.budget.models import ExecutionEntry
from auyl.budget.selectors import execution_rows, execution_summary
from auyl.budget.tests.helpers import approved, budget_of, drafted

YEAR = timezone.localdate().year
pytestmark = pytest.mark.django_db

GOOD = """year,month,side,code,amount
{y},1,revenue,402303,7800000.00
{y},1,revenue,104302,120000.50
{y},1,expenditure,01.124.001.015,4300000.00
{y},2,revenue,402303,7800000.00
{y},2,expenditure,07.124.008.015,650000.25
"""


@pytest.fixture
def budget(tree, people):
    return budget_of(approved(tree.home, YEAR, people["staff"], people["district"]))


def test_valid_csv_is_saved_and_summarised(budget, tree, people):
    report = services.import_execution(budget, GOOD.format(y=YEAR).encode(), "treasury.csv", actor=people["staff"])
    assert report.ok and report.saved == 5
    summary = execution_summary(tree.home, YEAR)
    assert summary.revenue_fact == Decimal("15720000.50")
    assert summary.spending_fact == Decimal("4950000.25")
    assert summary.months == [(1, Decimal("7920000.50"), Decimal("4300000.00")),
                              (2, Decimal("7800000.00"), Decimal("650000.25"))]
    lighting = next(line for line in summary.lines if line.code == "07.124.008.015")
    assert (lighting.plan, lighting.fact, lighting.share_done) == (Decimal("9000000.00"), Decimal("650000.25"),
                                                                   Decimal("0.0722"))


def test_one_bad_row_saves_nothing_and_every_bad_row_is_reported(budget, people):
    bad = GOOD.format(y=YEAR) + (
        f"{YEAR},13,revenue,402303,1.00\n"          # line 7: month
        f"{YEAR},3,revenue,999999,1.00\n"           # line 8: unknown code
        f"{YEAR},3,expenditure,07.124.014.015,5\n"  # line 9: no appropriation
        f"{YEAR},3,revenue,104302,-4\n"             # line 10: negative
        f"{YEAR - 1},3,revenue,104302,4\n"          # line 11: year
        f"{YEAR},1,revenue,402303,1.00\n"           # line 12: duplicate of line 2
        f"{YEAR},x,revenue,104302,4\n"              # line 13: month not a number
    )
    report = services.import_execution(budget, bad.encode(), "treasury.csv", actor=people["staff"])
    assert [line for line, _ in report.errors] == [7, 8, 9, 10, 11, 12, 13]
    assert "999999" in dict(report.errors)[8]
    assert not ExecutionEntry.objects.exists()


def test_one_bad_row_among_good_ones_names_that_row(budget, people):
    content = GOOD.format(y=YEAR).replace("650000.25", "65O000.25")  # letter O instead of zero
    report = services.import_execution(budget, content.encode(), "t.csv", actor=people["staff"])
    assert report.errors == [(6, report.errors[0][1])] and "amount" in report.errors[0][1]
    assert not ExecutionEntry.objects.exists()


def test_export_then_import_round_trips_exactly_in_csv_and_xlsx(budget, people):
    staff = people["staff"]
    services.import_execution(budget, GOOD.format(y=YEAR).encode(), "t.csv", actor=staff)
    services.record_execution(budget, actor=staff, month=3, side="revenue", code="206106", amount="1234.56")
    before = execution_rows(budget)
    for filename, content in [("x.csv", treasury.write_csv(before).encode()), ("x.xlsx", treasury.write_xlsx(before))]:
        ExecutionEntry.objects.all().delete()
        report = services.import_execution(budget, content, filename, actor=staff)
        assert report.ok, report.errors
        assert execution_rows(budget) == before
    # importing the same file twice changes nothing (a month's figure is replaced, not added)
    services.import_execution(budget, treasury.write_csv(before).encode(), "x.csv", actor=staff)
    assert execution_rows(budget) == before


def test_wrong_file_is_refused_with_a_message(budget, people):
    for content in [b"a,b,c\n1,2,3\n", b"PK\x03\x04broken", b"year;month\n"]:
        with pytest.raises(ValidationError):
            services.import_execution(budget, content, "f.csv", actor=people["staff"])


def test_semicolon_csv_with_comma_decimals_is_read(budget, people):
    content = f"year;month;side;code;amount\n{YEAR};4;revenue;104302;1 200,50\n".encode()
    assert services.import_execution(budget, content, "f.csv", actor=people["staff"]).saved == 1
    assert ExecutionEntry.objects.get().amount == Decimal("1200.50")


def test_execution_only_for_a_budget_in_execution_and_only_by_the_office(tree, people):
    draft = budget_of(drafted(tree.home, YEAR, people["staff"]))
    with pytest.raises(ValidationError):
        services.record_execution(draft, actor=people["staff"], month=1, side="revenue", code="104302", amount=1)
    budget = budget_of(approved(tree.neighbour, YEAR, _staff(tree.neighbour), people["district"]))
    for role in ("staff", "district", "resident"):
        with pytest.raises(PermissionDenied):
            services.record_execution(budget, actor=people[role], month=1, side="revenue", code="104302", amount=1)


def _staff(community):
    from auyl.core.roles import Role
    from auyl.core.testing import make_user

    return make_user("n-staff", role=Role.STAFF, territory=community.territory)
