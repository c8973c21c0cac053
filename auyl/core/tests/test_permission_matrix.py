"""Every role × own/other territory × action × subject, generated, against the policy the law and the issue set.

The POLICY table below is the specification; ``can()`` must agree with it in every cell, and the pages and API
must refuse what ``can()`` refuses (see test_cross_community_access).
"""

from __future__ import annotations

import itertools

import pytest

from auyl.core import audit
from auyl.core.permissions import can
from auyl.core.roles import Action, Role
from auyl.core.testing import make_resident, make_user

COMMUNITY_ROLES = {Role.RESIDENT, Role.AKIM, Role.STAFF, Role.ASSEMBLY_MEMBER}
DISTRICT_ROLES = {Role.DEPUTY, Role.AUDITOR, Role.DISTRICT_OFFICIAL}
NATIONWIDE_ROLES = {Role.NATIONAL_OBSERVER, Role.ADMIN}
ALL_ROLES = [*COMMUNITY_ROLES, *DISTRICT_ROLES, *NATIONWIDE_ROLES]

# subject -> action -> roles allowed when the role is held in the object's own territory.
# "*" means anyone, even anonymous; nationwide roles count as "own" everywhere.
POLICY: dict[str, dict[str, set[str] | str]] = {
    "territory.community": {
        Action.VIEW: "*",
        Action.CREATE: set(),
        Action.CHANGE: {Role.AKIM, Role.STAFF},
        Action.APPROVE: {Role.DISTRICT_OFFICIAL},
        Action.PUBLISH: {Role.AKIM},
    },
    "people.resident": {
        Action.VIEW: {Role.AKIM, Role.STAFF},
        Action.CREATE: {Role.AKIM, Role.STAFF},
        Action.CHANGE: {Role.AKIM, Role.STAFF},
        Action.APPROVE: {Role.AKIM, Role.STAFF},
        Action.PUBLISH: set(),
    },
    "core.auditentry": {
        Action.VIEW: {Role.AKIM, Role.AUDITOR, Role.DISTRICT_OFFICIAL, Role.NATIONAL_OBSERVER},
        Action.CREATE: set(),
        Action.CHANGE: set(),
        Action.APPROVE: set(),
        Action.PUBLISH: set(),
    },
}


def expected(role: str | None, where: str, subject: str, action: str) -> bool:
    allowed = POLICY[subject][action]
    if allowed == "*":
        return True
    if role == Role.ADMIN:
        return True
    if role is None:
        return False
    in_scope = where == "own" or role in NATIONWIDE_ROLES
    return in_scope and role in allowed


@pytest.fixture
def world(tree):
    resident, _ = make_resident(tree.home)
    entry = audit.record(actor=None, action="test", object_type="x", object_id=1,
                         territory_code=tree.home.territory.code)
    objects = {"territory.community": tree.home, "people.resident": resident, "core.auditentry": entry}
    users = {}
    for role, where in itertools.product(ALL_ROLES, ["own", "other"]):
        if role in NATIONWIDE_ROLES:
            territory = None
        elif role in DISTRICT_ROLES:
            territory = tree.district if where == "own" else tree.far.district
        else:
            territory = tree.home.territory if where == "own" else tree.far.territory
        users[(role, where)] = make_user(f"{role}-{where}", role=role, territory=territory)
    return objects, users


CELLS = list(itertools.product(ALL_ROLES, ["own", "other"], list(POLICY), Action.values))


def test_matrix_covers_every_role_scope_subject_and_action():
    assert len(CELLS) == len(Role) * 2 * len(POLICY) * len(Action)
    assert {c[0] for c in CELLS} == set(Role.values)


@pytest.mark.django_db
def test_permission_matrix(world):
    objects, users = world
    wrong = []
    for role, where, subject, action in CELLS:
        got = can(users[(role, where)], action, objects[subject])
        if got != expected(role, where, subject, action):
            wrong.append(f"{role}@{where} {action} {subject}: got {got}")
    from django.contrib.auth.models import AnonymousUser

    for subject, action in itertools.product(POLICY, Action.values):
        if can(AnonymousUser(), action, objects[subject]) != expected(None, "other", subject, action):
            wrong.append(f"anonymous {action} {subject}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_expired_roles_grant_nothing(tree):
    from datetime import date

    from auyl.people.models import RoleAssignment

    akim = make_user("old-akim", role=Role.AKIM, territory=tree.home.territory)
    RoleAssignment.objects.filter(user=akim).update(valid_until=date(2020, 1, 1))
    assert not can(akim, Action.CHANGE, tree.home)
