"""Appeal pages end to end through the Django client: file, receipt, handle, answer, rate; who sees what."""

import pytest
from django.test import Client

from auyl.appeals.models import Appeal, Category
from auyl.core.testing import make_verified_resident
from auyl.people.models import PersonalDataAccess


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_file_handle_answer_rate(tree, resident, staff, akim, water):
    me = logged_in(resident)
    form = me.get("/appeals/c/596644000/new/").content.decode()
    assert 'name="applicant_name"' not in form  # a verified resident is known by the registry
    response = me.post("/appeals/c/596644000/new/", {
        "kind": "application", "category": water.pk, "settlement": tree.settlement().pk, "subject": "Су жоқ",
        "text": "Үш күн бойы су жоқ.", "location_text": "Абай көшесі"})
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/appeals/{appeal.pk}/receipt/"
    receipt = me.get(response["Location"]).content.decode()
    assert appeal.number in receipt and appeal.deadline.strftime("%d.%m.%Y") in receipt

    office = logged_in(staff)
    detail = office.get(f"/appeals/{appeal.pk}/").content.decode()
    assert "Сейітова Гүлнар" in detail and 'id="answer-form"' in detail
    assert PersonalDataAccess.objects.filter(user=staff, resident=resident.resident).exists()
    extend = f'action="/appeals/{appeal.pk}/act/extend/"'
    assert extend not in detail  # only the akim extends
    assert extend in logged_in(akim).get(f"/appeals/{appeal.pk}/").content.decode()
    office.post(f"/appeals/{appeal.pk}/act/note/", {"note-text": "Су құбыры жөнделуде"})
    office.post(f"/appeals/{appeal.pk}/act/answer/", {"answer-text": "Су құбыры жөнделді, су бар."})
    mine = me.get(f"/appeals/{appeal.pk}/").content.decode()
    assert "Су құбыры жөнделді" in mine and "Су құбыры жөнделуде" not in mine  # notes stay internal
    me.post(f"/appeals/{appeal.pk}/act/rate/", {"rate-rating": "5", "rate-comment": "Рақмет"})
    assert Appeal.objects.get().rating == 5
    assert "5 / 5" in me.get(f"/appeals/{appeal.pk}/").content.decode()


@pytest.mark.django_db
def test_bad_input_shows_errors_and_saves_nothing(tree, resident, water):
    response = logged_in(resident).post("/appeals/c/596644000/new/", {"kind": "application", "category": water.pk,
                                                                       "subject": "", "text": ""})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not Appeal.objects.exists()


@pytest.mark.django_db
def test_others_see_only_what_is_public_and_never_the_applicant(tree, resident, water):
    from auyl.appeals import services

    private = services.file_appeal(actor=resident, community=tree.home, category=water, subject="Жеке",
                                   text="Анықтама керек")
    public = services.file_appeal(actor=resident, community=tree.home, category=water, subject="Жол",
                                  text="Шұңқыр", is_public=True)
    neighbour = logged_in(make_verified_resident(tree.home, "+77010000077"))
    assert neighbour.get(f"/appeals/{private.pk}/").status_code == 404
    assert neighbour.get(f"/appeals/{private.pk}/receipt/").status_code == 404
    page = Client().get(f"/appeals/{public.pk}/").content.decode()
    assert "Шұңқыр" in page and "Сейітова" not in page
    listing = Client().get("/appeals/c/596644000/").content.decode()
    assert "Жол" in listing and "Жеке" not in listing
    answer = neighbour.post(f"/appeals/{public.pk}/act/answer/", {"answer-text": "Менің жауабым осындай"})
    assert answer.status_code == 403


@pytest.mark.django_db
def test_office_registers_a_paper_appeal_and_books_a_reception(tree, staff, resident):
    office = logged_in(staff)
    response = office.post("/appeals/office/596644000/new/", {
        "channel": "paper", "applicant_name": "Жұмабаев Бақыт", "kind": "complaint",
        "category": Category.objects.get(code="land").pk, "subject": "Жер", "text": "Шекара дауы"})
    assert response.status_code == 302 and Appeal.objects.get().kind == "complaint"
    assert logged_in(resident).get("/appeals/office/596644000/new/").status_code == 403
    office.post("/appeals/office/596644000/receptions/", {
        "official_title": "Әкім", "first_day": "2030-01-15", "months": "3", "starts_at": "10:00",
        "ends_at": "11:00", "slot_minutes": "30", "place": "Әкімдік"})
    from auyl.appeals.models import Reception

    days = list(Reception.objects.values_list("day", flat=True))
    assert [d.isoformat() for d in days] == ["2030-01-15", "2030-02-15", "2030-03-15"]
    reception = Reception.objects.first()
    booked = logged_in(resident).post(f"/appeals/reception/{reception.pk}/", {"slot": "10:30", "topic": "Жер"})
    assert booked.status_code == 302
    taken = logged_in(staff).post(f"/appeals/reception/{reception.pk}/", {"slot": "10:30", "topic": "Су",
                                                                           "visitor_name": "Б."})
    assert taken.status_code == 200  # the slot is no longer offered
