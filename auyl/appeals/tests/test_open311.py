"""Contract test of Open311 GeoReport v2: every endpoint, the standard's required fields, JSON and XML, errors."""

from xml.etree import ElementTree

import pytest
from django.test import Client

from auyl.appeals import selectors, services
from auyl.appeals.models import Appeal, Channel
from auyl.core.testing import make_user

BASE = "/api/v1/open311/v2"
SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
REQUEST_FIELDS = {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"}


@pytest.fixture
def api_key(db):
    admin = make_user("root", is_superuser=True)
    _record, key = services.issue_open311_key(actor=admin, name="FixMyAuyl")
    return key


def post(client, key, **extra):
    data = {"api_key": key, "jurisdiction_id": "596644000", "service_code": "lighting", "lat": "53.2",
            "long": "69.4", "address_string": "ул. Абая, 5", "description": "Не горит фонарь у школы",
            "first_name": "Айгүл", "last_name": "Серікова", "email": "aigul@example.kz", "account_id": "a-7"}
    data.update(extra)
    return client.post(f"{BASE}/requests.json", data)


def xml(response) -> ElementTree.Element:
    assert response["Content-Type"].startswith("text/xml")
    return ElementTree.fromstring(response.content)


@pytest.mark.django_db
def test_services_in_json_and_xml(tree):
    client = Client()
    services_json = client.get(f"{BASE}/services.json").json()
    assert {s["service_code"] for s in services_json} >= {"water", "roads", "lighting", "other"}
    assert all(set(s) == SERVICE_FIELDS and s["type"] == "realtime" and s["metadata"] is False
               for s in services_json)
    root = xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services" and root[0].tag == "service"
    assert {child.tag for child in root[0]} == SERVICE_FIELDS and root[0].find("metadata").text == "false"


@pytest.mark.django_db
def test_service_definition_and_its_404(tree):
    client = Client()
    assert client.get(f"{BASE}/services/water.json").json() == {"service_code": "water", "attributes": []}
    assert xml(client.get(f"{BASE}/services/water.xml")).find("service_definition/service_code").text == "water"
    response = client.get(f"{BASE}/services/nope.json")
    assert response.status_code == 404 and response.json()[0]["code"] == 404


@pytest.mark.django_db
def test_post_registers_an_appeal_in_the_office_queue(tree, api_key):
    response = post(Client(), api_key)
    assert response.status_code == 201
    [body] = response.json()
    assert set(body) >= {"service_request_id", "service_notice", "account_id"} and body["account_id"] == "a-7"
    appeal = Appeal.objects.get(number=body["service_request_id"])
    assert (appeal.channel, appeal.community, appeal.category.code) == (Channel.OPEN311, tree.home, "lighting")
    assert appeal.applicant_name == "Серікова Айгүл" and appeal.is_public
    from django.utils import timezone

    assert appeal in selectors.queue(tree.home, today=timezone.localdate(), status="registered")
    token = Client().get(f"{BASE}/tokens/{body['token']}.json").json()
    assert token == [{"service_request_id": appeal.number, "token": body["token"]}]
    root = xml(Client().get(f"{BASE}/tokens/{body['token']}.xml"))
    assert root.tag == "service_requests" and root.find("request/service_request_id").text == appeal.number


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "status", "needle"), [
    ({"api_key": "wrong"}, 403, "api_key"),
    ({"api_key": ""}, 400, "api_key"),
    ({"service_code": "nope"}, 400, "service_code"),
    ({"jurisdiction_id": "999999999"}, 404, "jurisdiction_id"),
    ({"jurisdiction_id": "abc"}, 400, "jurisdiction_id"),
    ({"description": ""}, 400, "description"),
    ({"lat": "", "long": "", "address_string": ""}, 400, "address_string"),
])
def test_post_errors_follow_the_standard(tree, api_key, change, status, needle):
    response = post(Client(), api_key, **change)
    assert response.status_code == status
    errors = response.json()
    assert isinstance(errors, list) and all(set(e) == {"code", "description"} for e in errors)
    assert errors[0]["code"] == status and any(needle in e["description"] for e in errors)
    assert not Appeal.objects.exists()


@pytest.mark.django_db
def test_xml_errors(tree, api_key):
    response = Client().post(f"{BASE}/requests.xml", {"api_key": "wrong", "jurisdiction_id": "596644000",
                                                      "service_code": "water", "description": "x", "lat": "1",
                                                      "long": "1"})
    root = xml(response)
    assert response.status_code == 403 and root.tag == "errors" and root.find("error/code").text == "403"


@pytest.mark.django_db
def test_get_requests_lists_public_ones_only_with_filters(tree, api_key, water_private):
    client = Client()
    first = post(client, api_key).json()[0]["service_request_id"]
    second = post(client, api_key, service_code="roads", description="Яма на дороге").json()[0]["service_request_id"]
    listed = client.get(f"{BASE}/requests.json").json()
    assert {r["service_request_id"] for r in listed} == {first, second}
    assert water_private.number not in {r["service_request_id"] for r in listed}
    assert all(set(r) == REQUEST_FIELDS for r in listed)
    assert all("Серікова" not in str(r) and "aigul" not in str(r) for r in listed)
    roads = client.get(f"{BASE}/requests.json", {"service_code": "roads"}).json()
    assert [r["service_request_id"] for r in roads] == [second]
    assert client.get(f"{BASE}/requests.json", {"status": "closed"}).json() == []
    assert len(client.get(f"{BASE}/requests.json", {"service_request_id": f"{first},{second}"}).json()) == 2
    assert client.get(f"{BASE}/requests.json", {"start_date": "2000-01-01T00:00:00Z",
                                                 "end_date": "2000-02-01T00:00:00Z"}).json() == []
    bad = client.get(f"{BASE}/requests.json", {"start_date": "yesterday"})
    assert bad.status_code == 400 and bad.json()[0]["code"] == 400
    root = xml(client.get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests" and {c.tag for c in root[0]} == REQUEST_FIELDS
    one = client.get(f"{BASE}/requests/{first}.json").json()
    assert one[0]["service_request_id"] == first and one[0]["status"] == "open"
    assert client.get(f"{BASE}/requests/{water_private.number}.json").status_code == 404
    assert client.get(f"{BASE}/tokens/00000000-0000-0000-0000-000000000000.json").status_code == 404


@pytest.fixture
def water_private(tree, resident, water):
    return services.file_appeal(actor=resident, community=tree.home, category=water, subject="Личное",
                                text="Прошу справку")
