"""Roll-ups by community, district, oblast and country, refreshed by the background task on change."""

from decimal import Decimal

import pytest
from django.utils import timezone

from auyl.budget import services
from auyl.budget.selectors import budget_rollup, rollup_children
from auyl.budget.tasks import refresh_rollups
from auyl.budget.tests.helpers import REVENUES, approved, budget_of, decision_for
from auyl.territory.models import Community

YEAR = timezone.localdate().year
pytestmark = pytest.mark.django_db


def _staff(community, name):
    from auyl.core.roles import Role
    from auyl.core.testing import make_user

    return make_user(name, role=Role.STAFF, territory=community.territory)


def test_rollups_follow_approvals_and_adjustments(tree, people, django_capture_on_commit_callbacks):
    Community.objects.filter(pk=tree.home.pk).update(population=2000)
    Community.objects.filter(pk=tree.neighbour.pk).update(population=3000)
    tree.home.refresh_from_db()
    tree.neighbour.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        approved(tree.home, YEAR - 1, people["staff"], people["district"])
        approved(tree.home, YEAR, people["staff"], people["district"])
        approved(tree.neighbour, YEAR, _staff(tree.neighbour, "n"), people["district"])
    own = sum(Decimal(v) for k, v in REVENUES.items() if not k.startswith("4"))  # 5 300 000 per community
    national = budget_rollup("", YEAR)
    assert national.communities == 2 and national.population == 5000
    assert national.own_revenues == 2 * own and national.expenditures == Decimal("200000000")
    assert national.self_sufficiency == Decimal("0.0530") and national.meets_target is False
    assert national.own_per_resident == Decimal("2120.00")
    assert national.tax_shares["104302"] == str((Decimal("2500000") / Decimal("5000000")).quantize(Decimal("0.0001")))
    assert budget_rollup("59", YEAR).own_revenues == national.own_revenues
    assert budget_rollup("596644", YEAR).own_growth == Decimal("0.0000")
    assert budget_rollup("596645", YEAR).own_growth is None
    assert [row.prefix for row, _ in rollup_children("5966", YEAR)] == ["596644", "596645"]
    assert budget_rollup("11", YEAR) is None

    # an approved adjustment with new revenue changes the roll-ups
    staff = people["staff"]
    with django_capture_on_commit_callbacks(execute=True):
        adjustment = services.create_adjustment(budget_of(tree.home.budgets.get(first_year=YEAR).in_force),
                                                actor=staff, reason="new land tax assessment")
        services.set_plan(adjustment, actor=staff, side="revenue", code="104302", year=YEAR, amount=3_500_000)
        services.submit(adjustment, actor=staff)
        services.record_assembly_agreement(adjustment, decision=decision_for(adjustment), actor=staff)
        services.approve(adjustment, actor=people["district"], reference="№ 61")
    assert budget_rollup("596644", YEAR).own_revenues == own + 1_000_000
    assert budget_rollup("", YEAR).own_revenues == 2 * own + 1_000_000


def test_task_is_idempotent(tree, people):
    approved(tree.home, YEAR, people["staff"], people["district"])
    first = refresh_rollups.call(YEAR)
    rows = list(budget_rollup("", YEAR).__dict__.items())
    assert refresh_rollups.call(YEAR) == first
    again = dict(budget_rollup("", YEAR).__dict__)
    assert {k: v for k, v in rows if k not in ("_state", "id", "computed_at")} == {
        k: v for k, v in again.items() if k not in ("_state", "id", "computed_at")}
