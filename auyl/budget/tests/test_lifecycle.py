"""The state machine: draft → submitted → agreed / returned → approved → in execution → closed, adjustments
through the same steps, only the roles the law gives, every step audited."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from auyl.budget import services
from auyl.budget.models import Budget, BudgetVersion, State
from auyl.budget.selectors import versions_awaiting_assembly
from auyl.budget.tests.helpers import (
    REVENUE_TOTAL,
    agreed,
    approved,
    budget_of,
    decision_for,
    drafted,
)
from auyl.core.models import AuditEntry

YEAR = timezone.localdate().year
pytestmark = pytest.mark.django_db


def test_full_path_from_draft_to_closed_is_audited(tree, people):
    staff, district = people["staff"], people["district"]
    version = drafted(tree.home, YEAR - 1, staff)
    services.submit(version, actor=staff)
    assert list(versions_awaiting_assembly(tree.home)) == [version]
    services.record_assembly_agreement(version, decision=decision_for(version, reference="№ 3"),
                                       actor=people["assembly"])
    services.approve(version, actor=district, reference="№ 42-3")
    services.start_execution(version, actor=staff)
    services.close(version, actor=staff)
    version.refresh_from_db()
    assert version.state == State.CLOSED
    assert (version.assembly_reference, version.maslikhat_reference) == ("№ 3", "№ 42-3")
    steps = list(AuditEntry.objects.filter(action__in=[f"budget.{t}" for t in services.TRANSITIONS])
                 .values_list("action", "before", "after"))
    assert [(a, b["state"], c["state"]) for a, b, c in steps] == [
        ("budget.submit", "draft", "submitted"), ("budget.agree", "submitted", "agreed"),
        ("budget.approve", "agreed", "approved"), ("budget.start_execution", "approved", "in_execution"),
        ("budget.close", "in_execution", "closed")]
    assert budget_of(version).in_force == version


def test_approval_needs_the_assemblys_agreement(tree, people):
    staff, district = people["staff"], people["district"]
    version = drafted(tree.home, YEAR, staff)
    with pytest.raises(ValidationError, match="assembly"):
        services.approve(version, actor=district, reference="№ 1")
    services.submit(version, actor=staff)
    with pytest.raises(ValidationError, match="assembly"):
        services.approve(version, actor=district, reference="№ 1")
    version.refresh_from_db()
    assert version.state == State.SUBMITTED and budget_of(version).in_force is None


@pytest.mark.parametrize("role", ["staff", "akim", "assembly", "resident", "far_district"])
def test_only_district_officials_of_that_district_approve(tree, people, role):
    version = agreed(tree.home, YEAR, people["staff"])
    with pytest.raises(PermissionDenied):
        services.approve(version, actor=people[role], reference="№ 1")
    assert BudgetVersion.objects.get(pk=version.pk).state == State.AGREED


@pytest.mark.parametrize("role", ["district", "assembly", "resident", "far_staff"])
def test_only_the_akims_office_drafts_and_submits(tree, people, role):
    with pytest.raises(PermissionDenied):
        services.create_budget(tree.home, YEAR, actor=people[role])
    version = drafted(tree.home, YEAR, people["staff"])
    with pytest.raises(PermissionDenied):
        services.submit(version, actor=people[role])
    with pytest.raises(PermissionDenied):
        services.set_plan(version, actor=people[role], side="revenue", code="104302", year=YEAR, amount=1)


def test_returned_version_is_revised_and_submitted_again(tree, people):
    staff = people["staff"]
    version = drafted(tree.home, YEAR, staff)
    services.submit(version, actor=staff)
    with pytest.raises(ValidationError):
        services.record_assembly_return(version, decision=decision_for(version), remarks=" ", actor=staff)
    services.record_assembly_return(version, decision=decision_for(version), remarks="More for lighting",
                                    actor=staff)
    version.refresh_from_db()
    assert version.state == State.RETURNED and version.assembly_remarks == "More for lighting"
    services.set_plan(version, actor=staff, side="expenditure", code="07.124.008.015", year=YEAR, amount=9_500_000)
    services.set_plan(version, actor=staff, side="expenditure", code="01.124.001.015", year=YEAR, amount=51_500_000)
    services.submit(version, actor=staff)
    services.record_assembly_agreement(version, decision=decision_for(version), actor=staff)
    assert BudgetVersion.objects.get(pk=version.pk).state == State.AGREED


@pytest.mark.parametrize("change", [
    {"community_id": -1}, {"subject_key": "budget.version:0"}, {"reference": " "}, {"decided_on": None},
    {"decided_on": timezone.localdate() + timedelta(days=1)}, {"adopted": False},
])
def test_a_wrong_decision_is_refused_and_changes_nothing(tree, people, change):
    staff = people["staff"]
    version = drafted(tree.home, YEAR, staff)
    services.submit(version, actor=staff)
    decision = replace(decision_for(version), **change)
    with pytest.raises(ValidationError):
        services.record_assembly_agreement(version, decision=decision, actor=staff)
    assert BudgetVersion.objects.get(pk=version.pk).state == State.SUBMITTED


def test_decision_of_another_community_cannot_agree_this_budget(tree, people):
    staff = people["staff"]
    version = drafted(tree.home, YEAR, staff)
    services.submit(version, actor=staff)
    with pytest.raises(ValidationError):
        services.record_assembly_agreement(
            version, decision=decision_for(version, community_id=tree.neighbour.pk), actor=staff)
    with pytest.raises(PermissionDenied):
        services.record_assembly_agreement(version, decision=decision_for(version), actor=people["far_staff"])


def test_draft_cannot_be_agreed_before_submission(tree, people):
    version = drafted(tree.home, YEAR, people["staff"])
    with pytest.raises(ValidationError):
        services.record_assembly_agreement(version, decision=decision_for(version), actor=people["staff"])


def test_deficit_beyond_free_balances_cannot_be_submitted(tree, people):
    staff = people["staff"]
    version = drafted(tree.home, YEAR, staff)
    services.set_plan(version, actor=staff, side="expenditure", code="07.124.014.015", year=YEAR, amount=5_000_000)
    with pytest.raises(ValidationError, match="cannot borrow"):
        services.submit(version, actor=staff)
    BudgetVersion.objects.filter(pk=version.pk).update(opening_balance=5_000_000)
    services.submit(version, actor=staff)
    assert services.headline_of(version, YEAR).financing == Decimal(5_000_000)


def test_adjustment_goes_through_the_same_steps_and_keeps_history(tree, people):
    staff, district = people["staff"], people["district"]
    original = approved(tree.home, YEAR, staff, district)
    adjustment = services.create_adjustment(budget_of(original), actor=staff, reason="Road repair after floods")
    assert adjustment.number == 2 and adjustment.parent == original
    with pytest.raises(ValidationError, match="changes nothing"):
        services.submit(adjustment, actor=staff)
    # move 2 mln from culture to roads (moving money between programmes)
    services.set_plan(adjustment, actor=staff, side="expenditure", code="08.124.006.015", year=YEAR, amount=9_000_000)
    services.set_plan(adjustment, actor=staff, side="expenditure", code="12.124.013.015", year=YEAR,
                      amount=16_000_000)
    with pytest.raises(ValidationError, match="assembly"):
        services.approve(adjustment, actor=district, reference="№ 50")
    services.submit(adjustment, actor=staff)
    with pytest.raises(ValidationError, match="assembly"):
        services.approve(adjustment, actor=district, reference="№ 50")
    assert budget_of(original).in_force == original
    services.record_assembly_agreement(adjustment, decision=decision_for(adjustment), actor=staff)
    services.approve(adjustment, actor=district, reference="№ 50")
    original.refresh_from_db()
    adjustment.refresh_from_db()
    assert original.state == State.SUPERSEDED and adjustment.state == State.IN_EXECUTION
    assert budget_of(original).in_force == adjustment
    assert services.headline_of(original, YEAR).revenues == REVENUE_TOTAL  # the old version is kept as it was
    assert original.expenditures.get(year=YEAR, line__programme__code="08.124.006.015").amount == 11_000_000


def test_only_one_adjustment_at_a_time(tree, people):
    staff = people["staff"]
    original = approved(tree.home, YEAR, staff, people["district"])
    services.create_adjustment(budget_of(original), actor=staff, reason="first")
    with pytest.raises(ValidationError, match="already under way"):
        services.create_adjustment(budget_of(original), actor=staff, reason="second")
    with pytest.raises(ValidationError):
        services.close(original, actor=staff)


def test_adjustment_needs_a_reason_and_an_approved_budget(tree, people):
    staff = people["staff"]
    version = drafted(tree.home, YEAR, staff)
    with pytest.raises(ValidationError):
        services.create_adjustment(budget_of(version), actor=staff, reason="roads")
    approved(tree.neighbour, YEAR, make_staff(tree.neighbour), people["district"])
    neighbours = Budget.objects.get(community=tree.neighbour)
    with pytest.raises(PermissionDenied):
        services.create_adjustment(neighbours, actor=staff, reason="not our budget")
    with pytest.raises(ValidationError):
        services.create_adjustment(neighbours, actor=make_staff(tree.neighbour, "2"), reason=" ")


def make_staff(community, suffix=""):
    from auyl.core.roles import Role
    from auyl.core.testing import make_user

    return make_user(f"staff-{community.pk}{suffix}", role=Role.STAFF, territory=community.territory)


def test_bad_plan_input_changes_nothing(tree, people):
    staff = people["staff"]
    version = drafted(tree.home, YEAR, staff)
    before = services.headline_of(version, YEAR)
    for kwargs in [dict(side="revenue", code="999999", year=YEAR, amount=1),
                   dict(side="expenditure", code="99.124.001.015", year=YEAR, amount=1),
                   dict(side="revenue", code="104302", year=YEAR + 5, amount=1),
                   dict(side="revenue", code="104302", year=YEAR, amount="-5"),
                   dict(side="revenue", code="104302", year=YEAR, amount="1.005"),
                   dict(side="revenue", code="104302", year=YEAR, amount="abc"),
                   dict(side="other", code="104302", year=YEAR, amount=1)]:
        with pytest.raises(ValidationError):
            services.set_plan(version, actor=staff, **kwargs)
    assert services.headline_of(version, YEAR) == before


def test_submitted_version_is_frozen(tree, people):
    staff = people["staff"]
    version = drafted(tree.home, YEAR, staff)
    services.submit(version, actor=staff)
    with pytest.raises(ValidationError):
        services.set_plan(version, actor=staff, side="revenue", code="104302", year=YEAR, amount=1)


def test_next_budget_starts_from_the_figures_in_force(tree, people):
    staff = people["staff"]
    approved(tree.home, YEAR - 1, staff, people["district"])
    following = services.create_budget(tree.home, YEAR, actor=staff)
    assert services.headline_of(following, YEAR).revenues == REVENUE_TOTAL
    assert not following.revenues.filter(year=YEAR + 2).exists()
    with pytest.raises(ValidationError):
        services.create_budget(tree.home, YEAR, actor=staff)


def test_a_budget_closes_only_after_its_year(tree, people):
    version = approved(tree.home, YEAR, people["staff"], people["district"])
    with pytest.raises(ValidationError):
        services.close(version, actor=people["staff"])
