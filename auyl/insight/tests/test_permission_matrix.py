"""Every role × own/other territory × action on the helper's subjects, generated from the policy table below
(the specification), as in core/tests/test_permission_matrix.py."""

from __future__ import annotations

import itertools

import pytest

from auyl.core.permissions import can
from auyl.core.roles import Action, Role
from auyl.core.testing import make_user
from auyl.insight import services
from auyl.insight.models import AppealSuggestion, DiscussionStatus, DuplicateGroup, Source, Statement, Theme, ThemeSet
from auyl.insight.tests.conftest import make_appeal

COMMUNITY_ROLES = {Role.RESIDENT, Role.AKIM, Role.STAFF, Role.ASSEMBLY_MEMBER}
DISTRICT_ROLES = {Role.DEPUTY, Role.AUDITOR, Role.DISTRICT_OFFICIAL}
NATIONWIDE_ROLES = {Role.NATIONAL_OBSERVER, Role.ADMIN}
ALL_ROLES = [*COMMUNITY_ROLES, *DISTRICT_ROLES, *NATIONWIDE_ROLES]
OFFICE = {Role.AKIM, Role.STAFF}
NOBODY: set = set()
PUBLIC = "*"

# subject -> action -> roles allowed in their own territory; "*" anyone, even anonymous.
POLICY: dict[str, dict[str, set[str] | str]] = {
    "private_themes": {Action.VIEW: OFFICE, Action.CHANGE: OFFICE, Action.CREATE: NOBODY, Action.APPROVE: NOBODY,
                       Action.PUBLISH: NOBODY},
    "public_themes": {Action.VIEW: PUBLIC, Action.CHANGE: OFFICE, Action.CREATE: NOBODY, Action.APPROVE: NOBODY,
                      Action.PUBLISH: NOBODY},
    "theme_set": {Action.VIEW: OFFICE, Action.CREATE: OFFICE, Action.CHANGE: OFFICE, Action.APPROVE: NOBODY,
                  Action.PUBLISH: NOBODY},
    "suggestion": {Action.VIEW: OFFICE, Action.CHANGE: OFFICE, Action.CREATE: NOBODY, Action.APPROVE: NOBODY,
                   Action.PUBLISH: NOBODY},
    "duplicates": {Action.VIEW: OFFICE, Action.CHANGE: OFFICE, Action.CREATE: NOBODY, Action.APPROVE: NOBODY,
                   Action.PUBLISH: NOBODY},
    "draft_discussion": {Action.VIEW: OFFICE, Action.CREATE: OFFICE, Action.CHANGE: OFFICE,
                         Action.PUBLISH: OFFICE, Action.APPROVE: NOBODY},
    "open_discussion": {Action.VIEW: PUBLIC, Action.CREATE: OFFICE, Action.CHANGE: OFFICE, Action.PUBLISH: OFFICE,
                        Action.APPROVE: NOBODY},
    "statement": {Action.VIEW: PUBLIC, Action.CREATE: OFFICE | {Role.RESIDENT}, Action.CHANGE: OFFICE,
                  Action.APPROVE: OFFICE, Action.PUBLISH: NOBODY},
    "vote": {Action.CREATE: {Role.RESIDENT}, Action.VIEW: NOBODY, Action.CHANGE: NOBODY, Action.APPROVE: NOBODY,
             Action.PUBLISH: NOBODY},
}


def expected(role: str | None, where: str, subject: str, action: str) -> bool:
    allowed = POLICY[subject][action]
    if allowed == PUBLIC or role == Role.ADMIN:
        return True
    if role is None:
        return False
    return (where == "own" or role in NATIONWIDE_ROLES) and role in allowed


@pytest.fixture
def world(tree):
    from django.contrib.auth.models import AnonymousUser

    staff = make_user("matrix-staff", role=Role.STAFF, territory=tree.home.territory)
    appeal = make_appeal(tree.home, "s", "t")
    private = ThemeSet.objects.create(community=tree.home, source=Source.APPEALS, source_id=202601, title="x")
    public = ThemeSet.objects.create(community=tree.home, source=Source.CONTEST, source_id=1, title="y", public=True)
    themes = {ts: Theme.objects.create(theme_set=ts, position=0, key="k", label="l", size=1) for ts in (private,
                                                                                                       public)}
    draft = services.create_discussion(actor=staff, community=tree.home, title="Question?",
                                       statements=["We agree on this"])
    opened = services.create_discussion(actor=staff, community=tree.home, title="Question 2?",
                                        statements=["Yes, we need it"])
    services.set_discussion_status(actor=staff, discussion=opened, status=DiscussionStatus.OPEN)
    opened.refresh_from_db()
    code = tree.home.territory.code
    objects = {
        "private_themes": (themes[private], None), "public_themes": (themes[public], None),
        "theme_set": (private, None),
        "suggestion": (AppealSuggestion.objects.create(appeal=appeal, category_code="other", category_confidence=.5,
                                                       unit="akim_apparatus", unit_confidence=.5), None),
        "duplicates": (DuplicateGroup.objects.create(community=tree.home, signature="s", appeal_ids=[appeal.pk]),
                       None),
        "draft_discussion": (draft, None), "open_discussion": (opened, None),
        "statement": (Statement.objects.filter(discussion=opened).first(), None),
        "vote": (code, "insight.statementvote"),
    }
    users = {(None, "own"): AnonymousUser(), (None, "other"): AnonymousUser()}
    for role, where in itertools.product(ALL_ROLES, ["own", "other"]):
        if role in NATIONWIDE_ROLES:
            territory = None
        elif role in DISTRICT_ROLES:
            territory = tree.district if where == "own" else tree.far.district
        else:
            territory = tree.home.territory if where == "own" else tree.far.territory
        users[(role, where)] = make_user(f"{role}-{where}", role=role, territory=territory)
    return objects, users


CELLS = list(itertools.product([*ALL_ROLES, None], ["own", "other"], list(POLICY), Action.values))


@pytest.mark.django_db
def test_permission_matrix(world):
    objects, users = world
    wrong = []
    for role, where, subject, action in CELLS:
        obj, explicit = objects[subject]
        if subject in ("theme_set",) and action == Action.CREATE:
            obj, explicit = obj.permission_scope, "insight.themeset"
        if subject.endswith("discussion") and action == Action.CREATE:
            obj, explicit = obj.permission_scope, "insight.discussion"
        if subject == "statement" and action == Action.CREATE:
            obj, explicit = obj.permission_scope, "insight.statement"
        got = can(users[(role, where)], action, obj, subject=explicit)
        if got != expected(role, where, subject, action):
            wrong.append((role, where, subject, action, got))
    assert wrong == [], f"{len(wrong)} cells differ from the policy: {wrong[:10]}"
