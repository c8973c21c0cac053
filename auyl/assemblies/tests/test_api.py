"""The API: lists show only what the user may see; writes go through the services' rules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from auyl.assemblies import services
from auyl.assemblies.models import Attendance
from auyl.assemblies.tests.factories import adults, opened
from auyl.core.roles import Role
from auyl.core.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_meetings_decisions_and_attendance(client, tree):
    staff = make_user("staff", role=Role.STAFF, territory=tree.home.territory)
    people = adults(tree.home, 10)
    gathering = services.ensure_gathering(tree.home)
    meeting = opened(staff, gathering)
    draft = services.convene(staff, gathering, starts_at=timezone.now() + timedelta(days=20), place="x")
    code = tree.home.territory.code

    public = client.get("/api/v1/assembly-meetings/", {"community": code}).json()
    assert [m["id"] for m in public["results"]] == [meeting.pk]
    assert public["results"][0]["quorum"] == {"entitled": 10, "present": 0, "needed": 1, "met": False}
    assert client.post(f"/api/v1/assembly-meetings/{meeting.pk}/attendance/", {"resident": people[0].pk}
                       ).status_code == 403

    stranger = make_user("far-staff", role=Role.STAFF, territory=tree.far.territory)
    client.login(username=stranger.username, password=PASSWORD)
    assert client.post(f"/api/v1/assembly-meetings/{meeting.pk}/attendance/", {"resident": people[0].pk}
                       ).status_code == 403
    assert not Attendance.objects.exists()

    client.login(username=staff.username, password=PASSWORD)
    ids = [m["id"] for m in client.get("/api/v1/assembly-meetings/", {"community": code}).json()["results"]]
    assert set(ids) == {meeting.pk, draft.pk}
    response = client.post(f"/api/v1/assembly-meetings/{meeting.pk}/attendance/", {"resident": people[0].pk})
    assert response.status_code == 201 and response.json()["present"] == 1
    again = client.post(f"/api/v1/assembly-meetings/{meeting.pk}/attendance/", {"resident": people[0].pk})
    assert again.status_code == 400 and again.json()["error"]["message"]
    services.record_decision(staff, meeting.items.get(), votes_for=1, votes_against=0, votes_abstain=0, text="Иә")
    assert len(client.get("/api/v1/assembly-decisions/", {"community": code}).json()["results"]) == 1
    client.logout()
    assert client.get("/api/v1/assembly-decisions/", {"community": code}).json()["results"] == []


def test_openapi_document_lists_the_endpoints(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    for path in ("/api/v1/assembly-meetings/", "/api/v1/assembly-meetings/{id}/attendance/",
                 "/api/v1/dismissal-procedures/", "/api/v1/akim-reports/{id}/rating/"):
        assert path in schema["paths"]
