"""Through the pages and the API, per role: nothing reaches "approved" without the assembly's agreement, an
adjustment cannot bypass it, drafts stay with the officials, imports report bad rows and save nothing."""

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from auyl.budget import services
from auyl.budget.models import BudgetVersion, ExecutionEntry, State
from auyl.budget.tests.helpers import REVENUE_TOTAL, agreed, approved, budget_of, decision_for, drafted

YEAR = timezone.localdate().year
pytestmark = pytest.mark.django_db


def web(user=None) -> Client:
    client = Client()
    if user:
        client.force_login(user)
    return client


def api(user=None) -> APIClient:
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


def state_of(version) -> str:
    return BudgetVersion.objects.get(pk=version.pk).state


@pytest.mark.parametrize("role", ["staff", "akim", "assembly", "resident", "district", "far_district"])
def test_approval_through_the_page_needs_the_agreement(tree, people, role):
    version = drafted(tree.home, YEAR, people["staff"])
    services.submit(version, actor=people["staff"])
    url = f"/budget/version/{version.pk}/approve/"
    response = web(people[role]).post(url, {"reference": "№ 9", "approved_on": timezone.localdate()}, follow=True)
    assert state_of(version) == State.SUBMITTED
    if role == "district":
        assert "only after the community assembly has agreed" in response.content.decode()
    else:
        assert response.status_code == 403
    services.record_assembly_agreement(version, decision=decision_for(version), actor=people["staff"])
    web(people[role]).post(url, {"reference": "№ 9", "approved_on": timezone.localdate()})
    assert state_of(version) == (State.APPROVED if role == "district" else State.AGREED)


@pytest.mark.parametrize("role", ["staff", "akim", "assembly", "resident", "district", "far_district", None])
def test_approval_through_the_api_needs_the_agreement(tree, people, role):
    user = people[role] if role else None
    version = drafted(tree.home, YEAR, people["staff"])
    services.submit(version, actor=people["staff"])
    url = f"/api/v1/budget-versions/{version.pk}/approve/"
    response = api(user).post(url, {"reference": "№ 9"}, format="json")
    expected = {"district": 400, None: 403}.get(role, 403)
    assert response.status_code == expected, response.content
    assert response.json()["error"]["message"]
    assert state_of(version) == State.SUBMITTED
    services.record_assembly_agreement(version, decision=decision_for(version), actor=people["staff"])
    response = api(user).post(url, {"reference": "№ 9"}, format="json")
    assert response.status_code == (200 if role == "district" else 403)
    assert state_of(version) == (State.APPROVED if role == "district" else State.AGREED)


def test_an_adjustment_through_the_api_cannot_bypass_the_assembly(tree, people):
    staff, district = api(people["staff"]), api(people["district"])
    original = approved(tree.home, YEAR, people["staff"], people["district"])
    response = staff.post(f"/api/v1/budgets/{original.budget_id}/adjust/", {"reason": "flood repairs"}, format="json")
    assert response.status_code == 201, response.content
    adjustment = response.json()["id"]
    assert api(people["resident"]).post(f"/api/v1/budgets/{original.budget_id}/adjust/", {"reason": "x"},
                                        format="json").status_code == 403
    staff.post(f"/api/v1/budget-versions/{adjustment}/plan/",
               {"side": "revenue", "code": "104302", "year": YEAR, "amount": "3000000"}, format="json")
    staff.post(f"/api/v1/budget-versions/{adjustment}/plan/",
               {"side": "expenditure", "code": "12.124.013.015", "year": YEAR, "amount": "14500000"}, format="json")
    for step in ("approve", "submit", "approve"):
        response = (district if step == "approve" else staff).post(
            f"/api/v1/budget-versions/{adjustment}/{step}/", {"reference": "№ 60"}, format="json")
        assert response.status_code == (200 if step == "submit" else 400), (step, response.content)
    # there is no API step for the assembly's agreement
    assert staff.post(f"/api/v1/budget-versions/{adjustment}/agree/", {}, format="json").status_code == 404
    assert budget_of(original).in_force_id == original.pk
    assert BudgetVersion.objects.get(pk=adjustment).state == State.SUBMITTED


def test_an_adjustment_through_the_pages_cannot_bypass_the_assembly(tree, people):
    original = approved(tree.home, YEAR, people["staff"], people["district"])
    staff = web(people["staff"])
    response = staff.post(f"/budget/version/{original.pk}/adjust/", {"reason": "more for roads"})
    adjustment = BudgetVersion.objects.get(budget=original.budget, number=2)
    assert response.url == f"/budget/version/{adjustment.pk}/"
    staff.post(f"/budget/version/{adjustment.pk}/plan/", {"code": "revenue:104302", "year": YEAR, "amount": "3000000"})
    staff.post(f"/budget/version/{adjustment.pk}/plan/",
               {"code": "expenditure:12.124.013.015", "year": YEAR, "amount": "14500000"})
    staff.post(f"/budget/version/{adjustment.pk}/submit/")
    assert state_of(adjustment) == State.SUBMITTED
    web(people["district"]).post(f"/budget/version/{adjustment.pk}/approve/",
                                 {"reference": "№ 60", "approved_on": timezone.localdate()})
    assert state_of(adjustment) == State.SUBMITTED and budget_of(original).in_force_id == original.pk
    page = web().get(f"/budget/{tree.home.code}/{YEAR}/").content.decode()
    assert "more for roads" in page and "Submitted to the assembly" in page


def test_drafts_are_for_officials_only(tree, people):
    version = drafted(tree.home, YEAR, people["staff"])
    for user in (None, people["resident"], people["far_staff"]):
        assert web(user).get(f"/budget/version/{version.pk}/").status_code == 404
        assert api(user).get(f"/api/v1/budget-versions/{version.pk}/").status_code == 404
        assert version.pk not in [v["id"] for v in api(user).get("/api/v1/budget-versions/").json()["results"]]
    for role in ("staff", "assembly", "district"):
        assert web(people[role]).get(f"/budget/version/{version.pk}/").status_code == 200
    detail = api(people["staff"]).get(f"/api/v1/budget-versions/{version.pk}/").json()
    assert detail["headline"][0]["revenues"] == f"{REVENUE_TOTAL:.2f}"
    assert web(people["resident"]).get(f"/budget/{tree.home.code}/manage/").status_code == 403
    assert web(people["staff"]).get(f"/budget/{tree.home.code}/manage/").status_code == 200


def test_office_drafts_a_budget_through_the_pages(tree, people):
    staff = web(people["staff"])
    response = staff.post(f"/budget/{tree.home.code}/manage/create/", {"first_year": YEAR})
    version = BudgetVersion.objects.get(budget__community=tree.home)
    assert response.url == f"/budget/version/{version.pk}/"
    response = staff.post(f"/budget/version/{version.pk}/plan/",
                          {"code": "revenue:104302", "year": YEAR, "amount": "-1"}, follow=True)
    assert not version.revenues.exists()
    assert '<li class="error">' in response.content.decode()
    staff.post(f"/budget/version/{version.pk}/plan/", {"code": "revenue:104302", "year": YEAR, "amount": "2500000"})
    assert version.revenues.get().amount == 2_500_000
    assert web(people["resident"]).post(f"/budget/{tree.home.code}/manage/create/",
                                        {"first_year": YEAR + 1}).status_code == 403


def test_import_page_reports_every_bad_row_and_saves_nothing(tree, people):
    approved(tree.home, YEAR, people["staff"], people["district"])
    url = f"/budget/{tree.home.code}/{YEAR}/execution/"
    content = (f"year,month,side,code,amount\n{YEAR},1,revenue,104302,100.00\n{YEAR},14,revenue,104302,1\n"
               f"{YEAR},2,revenue,000000,1\n").encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = web(people["staff"]).post(url, {"file": SimpleUploadedFile("t.csv", content, "text/csv")})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Row 3" in text and "Row 4" in text and "Row 2" not in text
    assert not ExecutionEntry.objects.exists()
    first_row_only = b"\n".join(content.split(b"\n")[:2])
    response = web(people["staff"]).post(url, {"file": SimpleUploadedFile("t.csv", first_row_only)})
    assert response.status_code == 302 and ExecutionEntry.objects.count() == 1
    assert web(people["resident"]).post(url, {"file": SimpleUploadedFile("t.csv", content)}).status_code == 403


def test_citizen_page_without_a_budget_has_an_empty_state(tree, people):
    drafted(tree.home, YEAR, people["staff"])
    response = web().get(f"/budget/{tree.home.code}/")
    assert response.status_code == 200
    assert "No budget of this community has been approved yet." in response.content.decode()
    assert web().get(f"/budget/{tree.home.code}/{YEAR}/budget.pdf").status_code == 404


def test_api_filters_open_data_lines(tree, people):
    approved(tree.home, YEAR, people["staff"], people["district"])
    neighbour_staff = _staff(tree.neighbour)
    approved(tree.neighbour, YEAR - 1, neighbour_staff, people["district"])
    client = api()
    every = client.get("/api/v1/budget-lines/?limit=1000").json()
    assert every["count"] == 2 * 3 * (5 + 5)
    mine = client.get(f"/api/v1/budget-lines/?territory={tree.home.code}&year={YEAR}&code=104302").json()
    assert {(r["kato"], r["code"], r["budget_year"]) for r in mine["results"]} == {(tree.home.code, "104302", YEAR)}
    assert client.get("/api/v1/budget-lines/?code=07.124&limit=1000").json()["count"] == 2 * 3 * 2
    services.rebuild_rollups(YEAR)
    rollups = client.get(f"/api/v1/budget-rollups/?year={YEAR}&depth=0").json()["results"]
    assert [(r["prefix"], r["communities"]) for r in rollups] == [("", 1)]
    assert client.get(f"/api/v1/budget-rollups/?year={YEAR}&prefix=5966").json()["count"] == 2  # district, home


def _staff(community):
    from auyl.core.roles import Role
    from auyl.core.testing import make_user

    return make_user(f"staff-{community.code}", role=Role.STAFF, territory=community.territory)


def test_indicator_pages(tree, people):
    approved(tree.home, YEAR, people["staff"], people["district"])
    services.rebuild_rollups(YEAR)
    page = web().get(f"/budget/indicators/?year={YEAR}").content.decode()
    assert "5,3" in page or "5.3" in page  # self-sufficiency 5.3 %
    assert web().get("/budget/indicators/5966/").status_code == 200
    assert web().get("/budget/indicators/abc/").status_code == 404
    assert web().get("/budget/indicators/77/").status_code == 404


def test_agreement_recorded_only_through_the_contract(tree, people):
    version = agreed(tree.home, YEAR, people["staff"], recorder=people["assembly"])
    assert version.state == State.AGREED and version.assembly_reference == "№ 7"
