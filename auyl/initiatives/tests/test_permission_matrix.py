"""Every role × own/other territory × action on initiatives, petitions, signatures, paper sheets and polls,
generated from the policy table below (the specification), plus the pages and API refusing the same."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from auyl.core.permissions import can
from auyl.core.roles import Action, Role
from auyl.core.testing import make_user, make_verified_resident
from auyl.initiatives.models import Initiative, Kind, Poll, Status

COMMUNITY_ROLES = [Role.RESIDENT, Role.AKIM, Role.STAFF, Role.ASSEMBLY_MEMBER]
DISTRICT_ROLES = [Role.DEPUTY, Role.AUDITOR, Role.DISTRICT_OFFICIAL]
NATIONWIDE_ROLES = [Role.NATIONAL_OBSERVER, Role.ADMIN]
ALL_ROLES = [*COMMUNITY_ROLES, *DISTRICT_ROLES, *NATIONWIDE_ROLES]
OFFICIALS = {Role.AKIM, Role.STAFF}
OVERSIGHT = {Role.AUDITOR, Role.DISTRICT_OFFICIAL, Role.NATIONAL_OBSERVER}
ANY = "*"  # anyone, even anonymous
LOGGED_IN = "logged-in"  # any authenticated user, wherever their role is

# case -> (subject, action -> roles allowed when held in the object's own territory)
POLICY: dict[str, tuple[str, dict[str, set | str]]] = {
    "public gathering initiative": ("initiatives.initiative", {
        Action.VIEW: ANY, Action.CREATE: {Role.RESIDENT, Role.DEPUTY}, Action.CHANGE: set(),
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
        Action.VIEW: ANY, Action.CREATE: OFFICIALS, Action.CHANGE: OFFICIALS, Action.APPROVE: set(),
        Action.PUBLISH: OFFICIALS}),
    "poll in preparation": ("initiatives.poll", {Action.VIEW: OFFICIALS | OVERSIGHT}),
    "ballot": ("initiatives.ballot", {Action.CREATE: {Role.RESIDENT}}),
}
CELLS = [(role, where, case, action) for role, where, (case, (_, actions)) in
         itertools.product(ALL_ROLES, ["own", "other"], POLICY.items()) for action in actions]


def expected(role: str | None, where: str, case: str, action: str) -> bool:
    allowed = POLICY[case][1][action]
    if allowed == ANY or role == Role.ADMIN:
        return True
    if allowed == LOGGED_IN:
        return role is not None
    if role is None:
        return False
    return (where == "own" or role in NATIONWIDE_ROLES) and role in allowed


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


def test_matrix_covers_every_role_and_scope():
    assert {c[0] for c in CELLS} == set(Role.values)
    assert len(CELLS) == len(ALL_ROLES) * 2 * sum(len(actions) for _, actions in POLICY.values())


@pytest.mark.django_db
def test_permission_matrix(world):
    objects, users = world
    wrong = []
    for role, where, case, action in CELLS:
        subject = POLICY[case][0]
        got = can(users[(role, where)], action, objects[case], subject=subject)
        if got != expected(role, where, case, action):
            wrong.append(f"{role}@{where} {action} {case}: got {got}")
    for case, (subject, actions) in POLICY.items():
        for action in actions:
            if can(AnonymousUser(), action, objects[case], subject=subject) != expected(None, "other", case, action):
                wrong.append(f"anonymous {action} {case}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_author_may_change_own_draft_only(world):
    objects, _ = world
    draft = objects["draft initiative of someone else"]
    assert can(draft.author, Action.CHANGE, draft)
    assert can(draft.author, Action.VIEW, draft)
    assert not can(draft.author, Action.CHANGE, objects["public gathering initiative"])
