"""Every role × own/other territory × action × subject of this app against the policy table."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from auyl.assemblies import services
from auyl.assemblies.models import (
    AkimReport,
    Attendance,
    Decision,
    DismissalProcedure,
    Meeting,
    MeetingStatus,
    ReportQuestion,
)
from auyl.assemblies.tests.factories import adults, opened
from auyl.core.roles import Action, Role
from auyl.core.testing import make_user, matrix_cells, matrix_mismatches, matrix_users, policy_allows

OFFICIALS = {Role.AKIM, Role.STAFF}
OVERSIGHT = {Role.DISTRICT_OFFICIAL, Role.NATIONAL_OBSERVER, Role.AUDITOR}
READERS = OFFICIALS | OVERSIGHT | {Role.ASSEMBLY_MEMBER, Role.DEPUTY}
NOBODY: set[str] = set()

# subject (with the state of the object) -> action -> roles allowed in the object's own territory; "*" = anyone.
POLICY: dict[str, dict[str, set[str] | str]] = {
    "draft_meeting": {Action.VIEW: READERS, Action.CREATE: OFFICIALS, Action.CHANGE: OFFICIALS,
                      Action.APPROVE: OFFICIALS, Action.PUBLISH: OFFICIALS},
    "open_meeting": {Action.VIEW: "*", Action.CREATE: OFFICIALS, Action.CHANGE: OFFICIALS,
                         Action.APPROVE: OFFICIALS, Action.PUBLISH: OFFICIALS},
    "attendance": {Action.VIEW: OFFICIALS | OVERSIGHT, Action.CREATE: OFFICIALS, Action.CHANGE: OFFICIALS,
                   Action.APPROVE: NOBODY, Action.PUBLISH: NOBODY},
    "unpublished_decision": {Action.VIEW: READERS, Action.CREATE: OFFICIALS, Action.CHANGE: {Role.AKIM},
                             Action.APPROVE: {Role.DISTRICT_OFFICIAL}, Action.PUBLISH: NOBODY},
    "body": {Action.VIEW: "*", Action.CREATE: OFFICIALS, Action.CHANGE: OFFICIALS, Action.APPROVE: NOBODY,
             Action.PUBLISH: NOBODY},
    "dismissal": {Action.VIEW: "*", Action.CREATE: NOBODY, Action.CHANGE: {Role.DEPUTY, Role.DISTRICT_OFFICIAL},
                  Action.APPROVE: {Role.DISTRICT_OFFICIAL}, Action.PUBLISH: NOBODY},
    "draft_report": {Action.VIEW: OFFICIALS | OVERSIGHT, Action.CREATE: OFFICIALS, Action.CHANGE: OFFICIALS,
                     Action.APPROVE: NOBODY, Action.PUBLISH: OFFICIALS},
    "question": {Action.VIEW: OFFICIALS, Action.CREATE: {Role.RESIDENT}, Action.CHANGE: OFFICIALS,
                 Action.APPROVE: NOBODY, Action.PUBLISH: NOBODY},
}


def expected(role: str | None, where: str, subject: str, action: str) -> bool:
    return policy_allows(POLICY[subject][action], role, where)


@pytest.fixture
def world(tree):
    staff = make_user("matrix-staff", role=Role.STAFF, territory=tree.home.territory)
    akim = make_user("matrix-akim", role=Role.AKIM, territory=tree.home.territory)
    people = adults(tree.home, 10)
    gathering = services.ensure_gathering(tree.home)
    meeting = opened(staff, gathering)
    attendance = services.register_attendance(staff, meeting, people[0])
    decision = services.record_decision(staff, meeting.items.get(), votes_for=1, votes_against=0,
                                        votes_abstain=0, text="Иә")
    draft = services.convene(staff, gathering, starts_at=timezone.now() + timedelta(days=20), place="x")
    open_meeting = Meeting.objects.get(pk=meeting.pk)
    assert open_meeting.status == MeetingStatus.OPEN
    report = services.draft_report(staff, tree.home, year=2025, title="Есеп", text="Мәтін")
    question = ReportQuestion(report=AkimReport.objects.get(pk=report.pk), author=akim, text="?")
    procedure = DismissalProcedure(community=tree.home, decision=Decision.objects.get(pk=decision.pk),
                                   akim_name="Әкім", started_on=date.today())
    objects = {"draft_meeting": draft, "open_meeting": open_meeting, "attendance": Attendance.objects.get(
        pk=attendance.pk), "unpublished_decision": decision, "body": gathering, "dismissal": procedure,
        "draft_report": report, "question": question}
    # whoever holds the resident role is a verified resident of that community
    return objects, matrix_users(tree, "m-", resident=lambda community: adults(community, 1)[0])


CELLS = matrix_cells(POLICY)


def test_matrix_covers_every_cell():
    assert len(CELLS) == len(Role) * 2 * len(POLICY) * len(Action)


@pytest.mark.django_db
def test_permission_matrix(world):
    objects, users = world
    wrong = matrix_mismatches(users, CELLS, expected, lambda subject, action: (objects[subject], None))
    assert not wrong, "\n".join(wrong)
