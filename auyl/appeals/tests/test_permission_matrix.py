"""Every role × own/other territory × action on the subjects of appeals, registries and the workplace, generated
from the policy table below (the specification), as in core/tests/test_permission_matrix.py."""

from __future__ import annotations

import itertools
from datetime import date, time

import pytest

from auyl.appeals.models import Appeal, Category, Reception, ReceptionBooking
from auyl.core.permissions import can
from auyl.core.roles import Action, Role
from auyl.core.testing import make_user
from auyl.registries.models import TaxAccount
from auyl.workplace.models import Household

COMMUNITY_ROLES = {Role.RESIDENT, Role.AKIM, Role.STAFF, Role.ASSEMBLY_MEMBER}
DISTRICT_ROLES = {Role.DEPUTY, Role.AUDITOR, Role.DISTRICT_OFFICIAL}
NATIONWIDE_ROLES = {Role.NATIONAL_OBSERVER, Role.ADMIN}
ALL_ROLES = [*COMMUNITY_ROLES, *DISTRICT_ROLES, *NATIONWIDE_ROLES]
OFFICE = {Role.AKIM, Role.STAFF}
NOBODY: set = set()

# subject -> action -> roles allowed in their own territory; "*" anyone; "authenticated" any logged-in user.
POLICY: dict[str, dict[str, set[str] | str]] = {
    "appeals.appeal": {Action.VIEW: OFFICE, Action.CREATE: "authenticated", Action.CHANGE: OFFICE,
                       Action.APPROVE: {Role.AKIM}, Action.PUBLISH: OFFICE},
    "appeals.applicant": {Action.VIEW: OFFICE, Action.CREATE: NOBODY, Action.CHANGE: NOBODY,
                          Action.APPROVE: NOBODY, Action.PUBLISH: NOBODY},
    "appeals.reception": {Action.VIEW: "*", Action.CREATE: OFFICE, Action.CHANGE: OFFICE, Action.APPROVE: NOBODY,
                          Action.PUBLISH: NOBODY},
    "appeals.receptionbooking": {Action.VIEW: OFFICE, Action.CREATE: "authenticated", Action.CHANGE: OFFICE,
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
    allowed = POLICY[subject][action]
    if allowed == "*" or (allowed == "authenticated" and role is not None):
        return True
    if role == Role.ADMIN:
        return True
    if role is None or allowed == "authenticated":
        return False
    return (where == "own" or role in NATIONWIDE_ROLES) and role in allowed


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
    users = {}
    for role, where in itertools.product(ALL_ROLES, ["own", "other"]):
        if role in NATIONWIDE_ROLES:
            territory = None
        elif role in DISTRICT_ROLES:
            territory = tree.district if where == "own" else tree.far.district
        else:
            territory = tree.home.territory if where == "own" else tree.far.territory
        users[(role, where)] = make_user(f"{role}-{where}", role=role, territory=territory)
    return objects, users, author


CELLS = list(itertools.product(ALL_ROLES, ["own", "other"], list(POLICY), Action.values))


@pytest.mark.django_db
def test_permission_matrix(world):
    objects, users, author = world
    from django.contrib.auth.models import AnonymousUser

    wrong = []
    for role, where, subject, action in CELLS:
        if can(users[(role, where)], action, objects[subject], subject=subject) != expected(role, where, subject,
                                                                                             action):
            wrong.append(f"{role}@{where} {action} {subject}")
    for subject, action in itertools.product(POLICY, Action.values):
        if can(AnonymousUser(), action, objects[subject], subject=subject) != expected(None, "other", subject,
                                                                                      action):
            wrong.append(f"anonymous {action} {subject}")
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
