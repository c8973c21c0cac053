"""Every role × own/other territory × action × subject, generated, against the policy the law and the issue set.

The POLICY table below is the specification; ``can()`` must agree with it in every cell, and the pages and API
must refuse what ``can()`` refuses (see test_cross_community_access).
"""

from __future__ import annotations

import pytest

from auyl.core import audit
from auyl.core.permissions import can
from auyl.core.roles import Action, Role
from auyl.core.testing import (
    make_resident,
    make_user,
    matrix_cells,
    matrix_mismatches,
    matrix_users,
    policy_allows,
)

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
    return policy_allows(POLICY[subject][action], role, where)


@pytest.fixture
def world(tree):
    resident, _ = make_resident(tree.home)
    entry = audit.record(actor=None, action="test", object_type="x", object_id=1,
                         territory_code=tree.home.territory.code)
    objects = {"territory.community": tree.home, "people.resident": resident, "core.auditentry": entry}
    return objects, matrix_users(tree)


CELLS = matrix_cells(POLICY)


def test_matrix_covers_every_role_scope_subject_and_action():
    assert len(CELLS) == len(Role) * 2 * len(POLICY) * len(Action)
    assert {c[0] for c in CELLS} == set(Role.values)


@pytest.mark.django_db
def test_permission_matrix(world):
    objects, users = world
    wrong = matrix_mismatches(users, CELLS, expected, lambda subject, action: (objects[subject], None))
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_expired_roles_grant_nothing(tree):
    from datetime import date

    from auyl.people.models import RoleAssignment

    akim = make_user("old-akim", role=Role.AKIM, territory=tree.home.territory)
    RoleAssignment.objects.filter(user=akim).update(valid_until=date(2020, 1, 1))
    assert not can(akim, Action.CHANGE, tree.home)
