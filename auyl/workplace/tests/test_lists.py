"""Lists: search, filter, XLSX export, the office's books edited through the page, the logged resident card."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from auyl.appeals import services as appeals
from auyl.core.models import AuditEntry
from auyl.core.testing import make_resident
from auyl.people.models import PersonalDataAccess
from auyl.registries.models import TaxAccount
from auyl.workplace.models import AdministrativeFine, MunicipalProperty

BASE = "/workplace/596644000/list"


@pytest.fixture
def property_objects(tree):
    for name, state in (("Мәдениет үйі", "registered"), ("Су мұнарасы", "none"), ("Стадион", "none")):
        MunicipalProperty.objects.create(community=tree.home, name=name, kind="building", document_state=state)
    MunicipalProperty.objects.create(community=tree.far, name="Алыстағы үй", kind="building")


@pytest.mark.django_db
def test_search_filter_and_only_this_community(staff_client, property_objects):
    page = staff_client.get(f"{BASE}/property/").content.decode()
    assert "Мәдениет үйі" in page and "Алыстағы үй" not in page
    filtered = staff_client.get(f"{BASE}/property/", {"document_state": "none"}).content.decode()
    assert "Су мұнарасы" in filtered and "Мәдениет үйі" not in filtered
    searched = staff_client.get(f"{BASE}/property/", {"q": "мұнара"}).content.decode()
    assert "Су мұнарасы" in searched and "Стадион" not in searched
    ignored = staff_client.get(f"{BASE}/property/", {"document_state": "<script>"})
    assert ignored.status_code == 200 and "Стадион" in ignored.content.decode()
    assert staff_client.get(f"{BASE}/nothing/").status_code == 404


@pytest.mark.django_db
def test_export_to_xlsx_keeps_the_filter(staff_client, property_objects):
    response = staff_client.get(f"{BASE}/property/", {"document_state": "none", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Object" and sorted(r[0] for r in rows[1:]) == ["Стадион", "Су мұнарасы"]


@pytest.mark.django_db
def test_office_adds_and_changes_a_fine_through_the_page(staff_client, tree):
    data = {"number": "АП-1", "article": "505", "settlement": tree.settlement().pk, "issued_on": "2026-03-02",
            "amount": "7384", "paid": "0", "status": "issued"}
    assert staff_client.post(f"{BASE}/fines/new/", data).status_code == 302
    fine = AdministrativeFine.objects.get()
    assert (fine.community, fine.article) == (tree.home, "505")
    assert AuditEntry.objects.filter(action="workplace.administrativefine_created").exists()
    again = staff_client.post(f"{BASE}/fines/new/", data)
    assert again.status_code == 200 and AdministrativeFine.objects.count() == 1  # same number refused
    bad = staff_client.post(f"{BASE}/fines/new/", {**data, "number": "АП-2", "amount": "-5"})
    assert bad.status_code == 200 and AdministrativeFine.objects.count() == 1
    far_settlement = tree.settlement(tree.far).pk
    assert staff_client.post(f"{BASE}/fines/new/", {**data, "number": "АП-3", "settlement": far_settlement}
                             ).status_code == 200
    changed = staff_client.post(f"{BASE}/fines/{fine.pk}/", {**data, "paid": "7384", "status": "paid"})
    assert changed.status_code == 302 and AdministrativeFine.objects.get().status == "paid"
    assert staff_client.get(f"{BASE}/taxes/new/").status_code == 404  # registry copies are not edited


@pytest.mark.django_db
def test_resident_card_is_logged_and_only_for_the_office(staff_client, tree):
    person, _ = make_resident(tree.home, last_name="Бекова")
    TaxAccount.objects.create(community=tree.home, holder_hash="x", holder_last4="9999", tax_kind="104402",
                              year=2026, assessed=3000, arrears=3000, resident=person)
    taxes = staff_client.get(f"{BASE}/taxes/", {"debt": "yes"}).content.decode()
    assert "Бекова" not in taxes and f"/workplace/596644000/person/{person.pk}/" in taxes
    card = staff_client.get(f"/workplace/596644000/person/{person.pk}/")
    assert card.status_code == 200 and "Бекова" in card.content.decode()
    assert PersonalDataAccess.objects.get().purpose == "workplace.person"
    far, _ = make_resident(tree.far)
    assert staff_client.get(f"/workplace/596644000/person/{far.pk}/").status_code == 404
    assert Client().get(f"/workplace/596644000/person/{person.pk}/").status_code == 302


@pytest.mark.django_db
def test_an_open311_request_appears_in_the_workplace_queue(staff_client, tree):
    from auyl.core.testing import make_user

    _record, key = appeals.issue_open311_key(actor=make_user("root", is_superuser=True), name="client")
    posted = Client().post("/api/v1/open311/v2/requests.json", {
        "api_key": key, "jurisdiction_id": "596644000", "service_code": "roads", "lat": "53.1", "long": "69.3",
        "description": "Көпірдің тақтайлары сынған"}).json()[0]["service_request_id"]
    queue = staff_client.get(f"{BASE}/appeals/", {"status": "registered"}).content.decode()
    assert posted in queue and "Көпірдің тақтайлары сынған" in queue
    dashboard = staff_client.get("/workplace/596644000/").content.decode()
    assert 'id="count-open">1<' in dashboard
