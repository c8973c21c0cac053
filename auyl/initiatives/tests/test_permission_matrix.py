"""Every role × own/other territory × action on initiatives, petitions, signatures, paper sheets and polls,
generated from the policy table below (the specification), plus the pages and API refusing the same."""

from __future__ import annotations

import pytest
from django.utils import timezone

from auyl.core.permissions import can
from auyl.core.roles import Action, Role
from auyl.core.testing import (
    ALL_ROLES,
    ANYONE,
    LOGGED_IN,
    make_verified_resident,
    matrix_cells,
    matrix_mismatches,
    matrix_users,
    policy_allows,
)
from auyl.initiatives.models import Initiative, Kind, Poll, Status

OFFICIALS = {Role.AKIM, Role.STAFF}
OVERSIGHT = {Role.AUDITOR, Role.DISTRICT_OFFICIAL, Role.NATIONAL_OBSERVER}

# case -> (subject, action -> roles allowed when held in the object's own territory)
POLICY: dict[str, tuple[str, dict[str, set | str]]] = {
    "public gathering initiative": ("initiatives.initiative", {
        Action.VIEW: ANYONE, Action.CREATE: {Role.RESIDENT, Role.DEPUTY}, Action.CHANGE: set(),
        Action.APPROVE: OFFICIALS, Action.PUBLISH: OFFICIALS}),
    "draft initiative of someone else": ("initiatives.initiative", {
        Action.VIEW: OFFICIALS | OVERSIGHT, Action.CREATE: {Role.RESIDENT, Role.DEPUTY}, Action.CHANGE: set(),
        Action.APPROVE: OFFICIALS, Action.PUBLISH: OFFICIALS}),
    "assembly question": ("initiatives.initiative", {
        Action.PUBLISH: OFFICIALS | {Role.ASSEMBLY_MEMBER}}),
    "maslikhat proposal": ("initiatives.initiative", {Action.PUBLISH: {Role.DEPUTY}}),
    "petition": ("initiatives.petition", {Action.CREATE: {Role.DEPUTY}}),
    "signature": ("initiatives.signature", {Action.CREATE: {Role.RESIDENT}}),
    "paper sheet": ("initiatives.papersheet", {
        Action.VIEW: OFFICIALS | OVERSIGHT, Action.CREATE: OFFICIALS, Action.APPROVE: OFFICIALS}),
    "report": ("initiatives.report", {Action.CREATE: LOGGED_IN, Action.VIEW: OFFICIALS}),
    "published poll": ("initiatives.poll", {
        Action.VIEW: ANYONE, Action.CREATE: OFFICIALS, Action.CHANGE: OFFICIALS, Action.APPROVE: set(),
        Action.PUBLISH: OFFICIALS}),
    "poll in preparation": ("initiatives.poll", {Action.VIEW: OFFICIALS | OVERSIGHT}),
    "ballot": ("initiatives.ballot", {Action.CREATE: {Role.RESIDENT}}),
}
CELLS = matrix_cells({case: actions for case, (_, actions) in POLICY.items()})


def expected(role: str | None, where: str, case: str, action: str) -> bool:
    return policy_allows(POLICY[case][1][action], role, where)


@pytest.fixture
def world(tree):
    author = make_verified_resident(tree.home, "author")
    now = timezone.now()

    def initiative(kind: str, status: str) -> Initiative:
        return Initiative.objects.create(community=tree.home, author=author, kind=kind, status=status,
                                         title="t", text="t", request="r")

    def poll(ready: bool) -> Poll:
        return Poll.objects.create(community=tree.home, title="p", opens_at=now, closes_at=now, is_ready=ready,
                                   created_by=author)

    collecting = initiative(Kind.CONVENE_GATHERING, Status.COLLECTING)
    objects = {
        "public gathering initiative": collecting,
        "draft initiative of someone else": initiative(Kind.CONVENE_GATHERING, Status.DRAFT),
        "assembly question": initiative(Kind.ASSEMBLY_QUESTION, Status.AWAITING_ANSWER),
        "maslikhat proposal": initiative(Kind.MASLIKHAT_PROPOSAL, Status.AWAITING_ANSWER),
        "petition": collecting, "signature": collecting, "paper sheet": collecting, "report": collecting,
        "published poll": poll(True), "poll in preparation": poll(False), "ballot": poll(True),
    }
    return objects, matrix_users(tree)


def test_matrix_covers_every_role_and_scope():
    assert {c[0] for c in CELLS} == set(Role.values)
    assert len(CELLS) == len(ALL_ROLES) * 2 * sum(len(actions) for _, actions in POLICY.values())


@pytest.mark.django_db
def test_permission_matrix(world):
    objects, users = world
    wrong = matrix_mismatches(users, CELLS, expected, lambda case, action: (objects[case], POLICY[case][0]))
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_author_may_change_own_draft_only(world):
    objects, _ = world
    draft = objects["draft initiative of someone else"]
    assert can(draft.author, Action.CHANGE, draft)
    assert can(draft.author, Action.VIEW, draft)
    assert not can(draft.author, Action.CHANGE, objects["public gathering initiative"])
