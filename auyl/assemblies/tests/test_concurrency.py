"""Under concurrency nobody is counted present twice, an item is decided once, a resident rates once
(PostgreSQL, parallel connections)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from auyl.assemblies import services
from auyl.assemblies.models import AkimReport, Attendance, Decision, MeetingKind, ReportRating
from auyl.assemblies.tests.factories import adults, arrive, opened
from auyl.core.roles import Role
from auyl.core.testing import make_tree, make_user, make_verified_resident

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 8


def race(action) -> tuple[int, list[str]]:
    """Run ``action`` from THREADS connections at once; count successes and collect refusal codes."""
    barrier, lock = threading.Barrier(THREADS), threading.Lock()
    successes, refusals = [0], []

    def run():
        try:
            barrier.wait()
            action()
            with lock:
                successes[0] += 1
        except ValidationError as error:
            with lock:
                refusals.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return successes[0], refusals


def test_parallel_registration_and_votes_count_once():
    tree = make_tree()
    staff = make_user("staff", role=Role.STAFF, territory=tree.home.territory)
    people = adults(tree.home, 10)
    meeting = opened(staff, services.ensure_gathering(tree.home))
    ok, refused = race(lambda: services.register_attendance(staff, meeting, people[0]))
    assert ok == 1 and refused == ["duplicate"] * (THREADS - 1)
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    item = meeting.items.get()
    ok, refused = race(lambda: services.record_decision(staff, item, votes_for=1, votes_against=0,
                                                        votes_abstain=0, text="Иә"))
    assert ok == 1 and refused == ["decided"] * (THREADS - 1)
    assert Decision.objects.filter(item=item).count() == 1


def test_parallel_ratings_count_once():
    tree = make_tree()
    staff = make_user("staff", role=Role.STAFF, territory=tree.home.territory)
    adults(tree.home, 3)
    voter = make_verified_resident(tree.home, "+77010000009")
    meeting = services.convene(staff, services.ensure_gathering(tree.home), kind=MeetingKind.AKIM_REPORT,
                               starts_at=timezone.now() + timedelta(days=11), place="Клуб",
                               items=[services.ItemInput("Есеп", "akim_report")])
    meeting = services.publish_notice(staff, meeting)
    report = services.draft_report(staff, tree.home, year=2025, title="Есеп", text="Мәтін")
    services.publish_report(staff, report, meeting=meeting)
    services.open_meeting(staff, arrive(meeting), chair_name="А", secretary_name="Б")
    report = services.mark_report_held(staff, AkimReport.objects.get(pk=report.pk))
    ok, refused = race(lambda: services.rate_report(voter, report, 5))
    assert ok == 1 and refused == ["duplicate"] * (THREADS - 1)
    assert ReportRating.objects.filter(report=report).count() == 1
