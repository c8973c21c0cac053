"""Every role × own/other territory × action × budget subject, generated from the policy the law sets."""

from __future__ import annotations

import pytest
from django.utils import timezone

from auyl.budget import services
from auyl.budget.models import Budget, ExecutionEntry, RevenueCode
from auyl.budget.tests.helpers import approved, drafted
from auyl.core.roles import Action, Role
from auyl.core.testing import matrix_cells, matrix_mismatches, matrix_users, policy_allows

OFFICE = {Role.AKIM, Role.STAFF}
READERS = {Role.AKIM, Role.STAFF, Role.ASSEMBLY_MEMBER, Role.DEPUTY, Role.AUDITOR, Role.DISTRICT_OFFICIAL,
           Role.NATIONAL_OBSERVER}
NOBODY: set[str] = set()

# subject (object) -> action -> roles allowed in the object's own territory; "*" means anyone.
POLICY: dict[str, dict[str, set[str] | str]] = {
    "draft version": {Action.VIEW: READERS, Action.CREATE: OFFICE, Action.CHANGE: OFFICE,
                      Action.APPROVE: {Role.DISTRICT_OFFICIAL}, Action.PUBLISH: NOBODY},
    "approved version": {Action.VIEW: "*", Action.CREATE: OFFICE, Action.CHANGE: OFFICE,
                         Action.APPROVE: {Role.DISTRICT_OFFICIAL}, Action.PUBLISH: NOBODY},
    "budget": {Action.VIEW: "*", Action.CREATE: OFFICE, Action.CHANGE: OFFICE, Action.APPROVE: NOBODY,
               Action.PUBLISH: NOBODY},
    "execution entry": {Action.VIEW: "*", Action.CREATE: OFFICE, Action.CHANGE: OFFICE, Action.APPROVE: NOBODY,
                        Action.PUBLISH: NOBODY},
    "assembly decision": {Action.VIEW: NOBODY, Action.CREATE: {Role.AKIM, Role.STAFF, Role.ASSEMBLY_MEMBER},
                          Action.CHANGE: NOBODY, Action.APPROVE: NOBODY, Action.PUBLISH: NOBODY},
}


def expected(role: str | None, where: str, subject: str, action: str) -> bool:
    return policy_allows(POLICY[subject][action], role, where)


@pytest.fixture
def world(tree, people):
    year = timezone.localdate().year
    draft = drafted(tree.home, year + 1, people["staff"])
    version = approved(tree.home, year, people["staff"], people["district"])
    budget = Budget.objects.get(pk=version.budget_id)
    services.record_execution(budget, actor=people["staff"], month=1, side="revenue", code="104302", amount=1)
    entry = ExecutionEntry.objects.select_related("budget__community__territory", "budget").get(
        revenue_code=RevenueCode.objects.get(code="104302"))
    objects = {"draft version": (draft, None), "approved version": (version, None), "budget": (budget, None),
               "execution entry": (entry, None), "assembly decision": (draft, "budget.assemblydecision")}
    return objects, matrix_users(tree, "m-")


CELLS = matrix_cells(POLICY)


def test_matrix_covers_every_role_scope_subject_and_action():
    assert len(CELLS) == len(Role) * 2 * len(POLICY) * len(Action)


@pytest.mark.django_db
def test_budget_permission_matrix(world):
    objects, users = world
    wrong = matrix_mismatches(users, CELLS, expected, lambda subject, action: objects[subject])
    assert not wrong, "\n".join(wrong)
