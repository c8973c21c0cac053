"""A user of one okrug never reads another okrug's non-public data, through pages or the API."""

import pytest
from rest_framework.test import APIClient

from auyl.core.roles import Role
from auyl.core.testing import make_resident, make_user
from auyl.people.models import PersonalDataAccess


@pytest.fixture
def residents(tree):
    home, _ = make_resident(tree.home, last_name="Үйдегі")
    far, _ = make_resident(tree.far, last_name="Алыстағы")
    return home, far


def client_for(user):
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_staff_list_only_their_own_community(tree, residents):
    staff = make_user("staff-home", role=Role.STAFF, territory=tree.home.territory)
    data = client_for(staff).get("/api/v1/residents/").json()
    assert [r["last_name"] for r in data["results"]] == ["Үйдегі"]
    assert data["results"][0]["iin"].startswith("••••")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.STAFF, Role.AKIM, Role.RESIDENT, Role.ASSEMBLY_MEMBER, Role.DEPUTY,
                                  Role.DISTRICT_OFFICIAL, Role.NATIONAL_OBSERVER, None])
def test_nobody_from_elsewhere_reads_a_residents_record(tree, residents, role):
    _, far = residents
    user = make_user(f"u-{role}", role=role, territory=tree.home.territory) if role else None
    response = client_for(user).get(f"/api/v1/residents/{far.pk}/")
    assert response.status_code in (401, 403, 404)
    assert "Алыстағы" not in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.django_db
def test_reading_a_record_is_logged(tree, residents):
    home, _ = residents
    akim = make_user("akim-home", role=Role.AKIM, territory=tree.home.territory)
    assert client_for(akim).get(f"/api/v1/residents/{home.pk}/").status_code == 200
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.resident) == (akim, home)


@pytest.mark.django_db
def test_public_data_is_public_and_errors_have_one_shape(tree):
    client = client_for(None)
    body = client.get("/api/v1/communities/?within=5966").json()
    assert {c["code"] for c in body["results"]} == {"596644000", "596645000"}
    assert "population" in body["results"][0]
    error = client.get("/api/v1/residents/").json()["error"]
    assert set(error) == {"code", "message", "fields"} and error["message"]
    assert client.get("/api/v1/communities/000000000/").json()["error"]["code"] == "not_found"
