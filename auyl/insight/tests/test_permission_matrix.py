"""Every role × own/other territory × action on the helper's subjects, generated from the policy table below
(the specification), as in core/tests/test_permission_matrix.py."""

from __future__ import annotations

import pytest

from auyl.core.roles import Action, Role
from auyl.core.testing import ANYONE, make_user, matrix_cells, matrix_mismatches, matrix_users, policy_allows
from auyl.insight import services
from auyl.insight.models import AppealSuggestion, DiscussionStatus, DuplicateGroup, Source, Statement, Theme, ThemeSet
from auyl.insight.tests.conftest import make_appeal

OFFICE = {Role.AKIM, Role.STAFF}
NOBODY: set = set()

# subject -> action -> roles allowed in their own territory; "*" anyone, even anonymous.
POLICY: dict[str, dict[str, set[str] | str]] = {
    "private_themes": {Action.VIEW: OFFICE, Action.CHANGE: OFFICE, Action.CREATE: NOBODY, Action.APPROVE: NOBODY,
                       Action.PUBLISH: NOBODY},
    "public_themes": {Action.VIEW: ANYONE, Action.CHANGE: OFFICE, Action.CREATE: NOBODY, Action.APPROVE: NOBODY,
                      Action.PUBLISH: NOBODY},
    "theme_set": {Action.VIEW: OFFICE, Action.CREATE: OFFICE, Action.CHANGE: OFFICE, Action.APPROVE: NOBODY,
                  Action.PUBLISH: NOBODY},
    "suggestion": {Action.VIEW: OFFICE, Action.CHANGE: OFFICE, Action.CREATE: NOBODY, Action.APPROVE: NOBODY,
                   Action.PUBLISH: NOBODY},
    "duplicates": {Action.VIEW: OFFICE, Action.CHANGE: OFFICE, Action.CREATE: NOBODY, Action.APPROVE: NOBODY,
                   Action.PUBLISH: NOBODY},
    "draft_discussion": {Action.VIEW: OFFICE, Action.CREATE: OFFICE, Action.CHANGE: OFFICE,
                         Action.PUBLISH: OFFICE, Action.APPROVE: NOBODY},
    "open_discussion": {Action.VIEW: ANYONE, Action.CREATE: OFFICE, Action.CHANGE: OFFICE, Action.PUBLISH: OFFICE,
                        Action.APPROVE: NOBODY},
    "statement": {Action.VIEW: ANYONE, Action.CREATE: OFFICE | {Role.RESIDENT}, Action.CHANGE: OFFICE,
                  Action.APPROVE: OFFICE, Action.PUBLISH: NOBODY},
    "vote": {Action.CREATE: {Role.RESIDENT}, Action.VIEW: NOBODY, Action.CHANGE: NOBODY, Action.APPROVE: NOBODY,
             Action.PUBLISH: NOBODY},
}


def expected(role: str | None, where: str, subject: str, action: str) -> bool:
    return policy_allows(POLICY[subject][action], role, where)


@pytest.fixture
def world(tree):
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
    return objects, matrix_users(tree)


CELLS = matrix_cells(POLICY)


@pytest.mark.django_db
def test_permission_matrix(world):
    objects, users = world

    def target(subject: str, action: str) -> tuple[object, str | None]:
        """Creating asks about the territory the new object would belong to, under its model's subject."""
        obj, explicit = objects[subject]
        if subject in ("theme_set",) and action == Action.CREATE:
            obj, explicit = obj.permission_scope, "insight.themeset"
        if subject.endswith("discussion") and action == Action.CREATE:
            obj, explicit = obj.permission_scope, "insight.discussion"
        if subject == "statement" and action == Action.CREATE:
            obj, explicit = obj.permission_scope, "insight.statement"
        return obj, explicit

    assert len(CELLS) == len(Role) * 2 * len(POLICY) * len(Action)  # every subject lists every action
    wrong = matrix_mismatches(users, CELLS, expected, target)
    assert wrong == [], f"{len(wrong)} cells differ from the policy: {wrong[:10]}"
