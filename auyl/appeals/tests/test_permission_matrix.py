"""Every role × own/other territory × action on the subjects of appeals, registries and the workplace, generated
from the policy table below (the specification), as in core/tests/test_permission_matrix.py."""

from __future__ import annotations

from datetime import date, time

import pytest

from auyl.appeals.models import Appeal, Category, Reception, ReceptionBooking
from auyl.core.permissions import can
from auyl.core.roles import Action, Role
from auyl.core.testing import LOGGED_IN, make_user, matrix_cells, matrix_mismatches, matrix_users, policy_allows
from auyl.registries.models import TaxAccount
from auyl.workplace.models import Household

OFFICE = {Role.AKIM, Role.STAFF}
NOBODY: set = set()

# subject -> action -> roles allowed in their own territory; "*" anyone; LOGGED_IN any logged-in user.
POLICY: dict[str, dict[str, set[str] | str]] = {
    "appeals.appeal": {Action.VIEW: OFFICE, Action.CREATE: LOGGED_IN, Action.CHANGE: OFFICE,
                       Action.APPROVE: {Role.AKIM}, Action.PUBLISH: OFFICE},
    "appeals.applicant": {Action.VIEW: OFFICE, Action.CREATE: NOBODY, Action.CHANGE: NOBODY,
                          Action.APPROVE: NOBODY, Action.PUBLISH: NOBODY},
    "appeals.reception": {Action.VIEW: "*", Action.CREATE: OFFICE, Action.CHANGE: OFFICE, Action.APPROVE: NOBODY,
                          Action.PUBLISH: NOBODY},
    "appeals.receptionbooking": {Action.VIEW: OFFICE, Action.CREATE: LOGGED_IN, Action.CHANGE: OFFICE,
                                 Action.APPROVE: NOBODY, Action.PUBLISH: NOBODY},
    "appeals.agencyrequest": {Action.VIEW: OFFICE, Action.CREATE: OFFICE, Action.CHANGE: OFFICE,
                              Action.APPROVE: NOBODY, Action.PUBLISH: NOBODY},
    "registries.taxaccount": {Action.VIEW: OFFICE, Action.CREATE: NOBODY, Action.CHANGE: NOBODY,
                              Action.APPROVE: NOBODY, Action.PUBLISH: NOBODY},
    "workplace.household": {Action.VIEW: OFFICE, Action.CREATE: OFFICE, Action.CHANGE: OFFICE,
                            Action.APPROVE: NOBODY, Action.PUBLISH: NOBODY},
    "workplace.dashboard": {Action.VIEW: OFFICE, Action.CREATE: NOBODY, Action.CHANGE: NOBODY,
                            Action.APPROVE: NOBODY, Action.PUBLISH: NOBODY},
}


def expected(role: str | None, where: str, subject: str, action: str) -> bool:
    return policy_allows(POLICY[subject][action], role, where)


@pytest.fixture
def world(tree):
    author = make_user("author")  # no role: the appeal is not theirs to see unless they wrote it
    appeal = Appeal.objects.create(
        community=tree.home, number="T-1", category=Category.objects.get(code="water"), subject="s", text="t",
        applicant_user=author, applicant_name="A", received_at="2026-03-19T10:00:00+05:00",
        registered_on=date(2026, 3, 19), due_on=date(2026, 4, 13), forward_by=date(2026, 3, 23),
        deadline=date(2026, 4, 13))
    reception = Reception.objects.create(community=tree.home, official=author, official_title="Аким",
                                         day=date(2026, 4, 1), starts_at=time(10), ends_at=time(12), place="x")
    booking = ReceptionBooking.objects.create(reception=reception, slot=time(10), visitor_name="B", topic="t",
                                              user=author)
    objects = {
        "appeals.appeal": appeal, "appeals.applicant": appeal, "appeals.reception": reception,
        "appeals.receptionbooking": booking,
        "appeals.agencyrequest": tree.home.territory.code,
        "registries.taxaccount": TaxAccount(community=tree.home, tax_kind="104102", year=2026),
        "workplace.household": Household(community=tree.home, book_number="1", address="a"),
        "workplace.dashboard": tree.home,
    }
    return objects, matrix_users(tree), author


CELLS = matrix_cells(POLICY)


@pytest.mark.django_db
def test_permission_matrix(world):
    objects, users, author = world
    from django.contrib.auth.models import AnonymousUser

    assert len(CELLS) == len(Role) * 2 * len(POLICY) * len(Action)  # every subject lists every action
    wrong = matrix_mismatches(users, CELLS, expected, lambda subject, action: (objects[subject], subject))
    assert not wrong, "\n".join(wrong)
    # The author sees their appeal, its personal data and their booking, and alone rates the answer.
    appeal = objects["appeals.appeal"]
    assert can(author, "view", appeal) and can(author, "view", appeal, subject="appeals.applicant")
    assert can(author, "change", appeal, subject="appeals.rating")
    assert not can(users[(Role.AKIM, "own")], "change", appeal, subject="appeals.rating")
    assert can(author, "view", objects["appeals.receptionbooking"])
    appeal.is_public = True
    assert can(AnonymousUser(), "view", appeal) and not can(AnonymousUser(), "view", appeal,
                                                            subject="appeals.applicant")
