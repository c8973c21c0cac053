"""Filing, handling and rating appeals; receptions; requests to other agencies: rules and their errors."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from auyl.appeals import selectors, services
from auyl.appeals.models import Appeal, AppealEvent, BookingStatus, Channel, Kind, Status
from auyl.core.models import AuditEntry
from auyl.core.roles import Role
from auyl.core.testing import make_resident, make_user
from auyl.people.senders import ConsoleSender

ALMATY = ZoneInfo("Asia/Almaty")


def file(actor, tree, category, **extra):
    values = dict(actor=actor, community=tree.home, category=category, subject="Нет воды",
                  text="Третий день нет воды на улице Абая.")
    values.update(extra)
    return services.file_appeal(**values)


@pytest.mark.django_db
def test_resident_files_and_gets_a_number_receipt_and_term(tree, resident, water,
                                                           django_capture_on_commit_callbacks):
    ConsoleSender.outbox.clear()
    received = datetime(2026, 3, 19, 10, 0, tzinfo=ALMATY)
    with django_capture_on_commit_callbacks(execute=True):
        appeal = file(resident, tree, water, received_at=received, settlement=tree.settlement())
    assert appeal.number == "596644-2026-00001"
    assert (appeal.registered_on, appeal.due_on, appeal.deadline) == (date(2026, 3, 19), date(2026, 4, 13),
                                                                      date(2026, 4, 13))
    assert appeal.applicant_name == "Сейітова Гүлнар" and appeal.applicant_resident == resident.resident
    assert appeal.status == Status.REGISTERED and not appeal.is_public
    second = file(resident, tree, water, received_at=received)
    assert second.number == "596644-2026-00002"
    entry = AuditEntry.objects.filter(action="appeals.registered").first()
    assert "Сейітова" not in str(entry.after) and entry.after["number"] == appeal.number
    assert ConsoleSender.outbox[-1][0] == resident.phone
    assert appeal.number in ConsoleSender.outbox[-1][1] and "13.04.2026" in ConsoleSender.outbox[-1][1]


@pytest.mark.django_db
def test_appeal_on_a_holiday_is_registered_the_next_working_day(tree, resident, water):
    appeal = file(resident, tree, water, kind=Kind.COMPLAINT,
                  received_at=datetime(2026, 3, 22, 18, 0, tzinfo=ALMATY))
    assert appeal.registered_on == date(2026, 3, 26)
    assert appeal.due_on == date(2026, 4, 22)  # 20 working days for a complaint


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "values"), [
    ("subject", {"subject": "  "}),
    ("text", {"text": "x" * 5001}),
    ("latitude", {"latitude": "95", "longitude": "70"}),
    ("settlement", {"settlement": "far"}),
])
def test_bad_input_is_refused_and_nothing_is_saved(tree, resident, water, field, values):
    if values.get("settlement") == "far":
        values["settlement"] = tree.settlement(tree.far)
    with pytest.raises(ValidationError) as error:
        file(resident, tree, water, **values)
    assert field in error.value.message_dict
    assert not Appeal.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_only_the_office_enters_paper_appeals_and_links_the_registry_by_iin(tree, resident, staff, water):
    person, iin = make_resident(tree.home, last_name="Жұмабаев")
    with pytest.raises(PermissionDenied):
        file(resident, tree, water, channel=Channel.PAPER, applicant_name="Жұмабаев Б.")
    appeal = file(staff, tree, water, channel=Channel.PAPER, applicant_name="Жұмабаев Бақыт", applicant_iin=iin)
    assert appeal.applicant_resident == person and appeal.registered_by == staff and appeal.applicant_user is None
    with pytest.raises(ValidationError) as error:
        file(staff, tree, water, channel=Channel.PHONE, applicant_name="X", applicant_iin="123")
    assert "applicant_iin" in error.value.message_dict


@pytest.mark.django_db
def test_handling_answer_and_rating(tree, resident, staff, akim, water):
    appeal = file(resident, tree, water)
    services.assign(actor=akim, appeal=appeal, assignee=staff)
    services.add_note(actor=staff, appeal=appeal, text="Позвонил в водоканал")
    with pytest.raises(ValidationError):
        services.rate_answer(actor=resident, appeal=appeal, rating=5)
    with pytest.raises(ValidationError):
        services.answer(actor=staff, appeal=appeal, text="ок")
    services.answer(actor=staff, appeal=appeal, text="Водопровод починили 20 марта, вода есть.")
    with pytest.raises(PermissionDenied):
        services.rate_answer(actor=staff, appeal=appeal, rating=5)
    with pytest.raises(ValidationError):
        services.rate_answer(actor=resident, appeal=appeal, rating=7)
    appeal = services.rate_answer(actor=resident, appeal=appeal, rating=4, comment="Спасибо")
    assert (appeal.status, appeal.rating) == (Status.ANSWERED, 4)
    with pytest.raises(ValidationError):
        services.rate_answer(actor=resident, appeal=appeal, rating=1)
    with pytest.raises(ValidationError):
        services.answer(actor=staff, appeal=appeal, text="Второй ответ на то же обращение")
    kinds = list(appeal.events.values_list("kind", "internal"))
    assert kinds == [("registered", False), ("assigned", True), ("note", True), ("answered", False),
                     ("rated", False)]


@pytest.mark.django_db
def test_assignee_must_belong_to_the_office(tree, resident, akim, water):
    other = make_user("staff-far", role=Role.STAFF, territory=tree.far.territory)
    appeal = file(resident, tree, water)
    with pytest.raises(ValidationError):
        services.assign(actor=akim, appeal=appeal, assignee=other)
    with pytest.raises(PermissionDenied):
        services.assign(actor=other, appeal=appeal, assignee=other)


@pytest.mark.django_db
def test_extension_by_the_akim_only_reasoned_within_two_months(tree, resident, staff, akim, water):
    appeal = file(resident, tree, water, received_at=datetime(2026, 3, 19, 9, tzinfo=ALMATY))
    reason = "Нужна проверка водопровода районным отделом ЖКХ"
    with pytest.raises(PermissionDenied):
        services.extend_term(actor=staff, appeal=appeal, until=date(2026, 5, 1), reason=reason)
    with pytest.raises(ValidationError):
        services.extend_term(actor=akim, appeal=appeal, until=date(2026, 5, 1), reason="так надо")
    with pytest.raises(ValidationError):
        services.extend_term(actor=akim, appeal=appeal, until=date(2026, 5, 20), reason=reason,
                             today=date(2026, 4, 1))
    with pytest.raises(ValidationError):
        services.extend_term(actor=akim, appeal=appeal, until=date(2026, 5, 1), reason=reason,
                             today=date(2026, 4, 14))  # the term ran out on 13 April
    appeal = services.extend_term(actor=akim, appeal=appeal, until=date(2026, 5, 19), reason=reason,
                                  today=date(2026, 4, 1))
    assert appeal.deadline == date(2026, 5, 19) and appeal.due_on == date(2026, 4, 13) and appeal.is_extended
    assert appeal.extension_notice_by == date(2026, 4, 3)


@pytest.mark.django_db
def test_forwarding_and_simplified_termination(tree, resident, staff, water):
    appeal = file(resident, tree, water)
    appeal = services.forward(actor=staff, appeal=appeal, to="Отдел земельных отношений района")
    assert appeal.status == Status.FORWARDED and not appeal.is_open
    application = file(resident, tree, water)
    with pytest.raises(ValidationError):
        services.terminate(actor=staff, appeal=application, reason="Принято к сведению")
    proposal = file(resident, tree, water, kind=Kind.PROPOSAL)
    assert services.terminate(actor=staff, appeal=proposal, reason="Принято к сведению").status == Status.TERMINATED


@pytest.mark.django_db
def test_overdue_and_near_deadline_lists(tree, resident, water):
    now = timezone.now()
    overdue = file(resident, tree, water, received_at=now - timedelta(days=40))
    near = file(resident, tree, water, received_at=now - timedelta(days=19))
    fresh = file(resident, tree, water, received_at=now)
    today = timezone.localdate()
    assert list(selectors.queue(tree.home, today=today, due="overdue")) == [overdue]
    assert near in selectors.queue(tree.home, today=today, due="near")
    assert fresh not in selectors.queue(tree.home, today=today, due="near")
    counts = selectors.counts(tree.home, today=today)
    assert (counts["open"], counts["overdue"]) == (3, 1)


@pytest.mark.django_db
def test_receptions_book_once_per_slot_and_record_the_visit(tree, resident, akim, staff, water):
    day = date.today() + timedelta(days=7)
    [reception] = services.schedule_receptions(
        actor=akim, community=tree.home, official=akim, official_title="Аким Көкалажар а.о.", days=[day],
        starts_at=time(10), ends_at=time(11), place="Әкімдік, 2-кабинет")
    assert len(services.slots_of(reception)) == 4
    booking = services.book_slot(actor=resident, reception=reception, slot=time(10, 15), topic="Жер учаскесі")
    assert booking.visitor_name == "Сейітова Гүлнар"
    with pytest.raises(ValidationError) as error:
        services.book_slot(actor=staff, reception=reception, slot=time(10, 15), topic="Су", visitor_name="Б.")
    assert "slot" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.book_slot(actor=resident, reception=reception, slot=time(10, 7), topic="Су")
    booking = services.record_visit(actor=akim, booking=booking, status=BookingStatus.ATTENDED,
                                    outcome="Просит выделить участок под ИЖС", appeal_category=water)
    assert booking.appeal.channel == Channel.RECEPTION and booking.appeal.applicant_user == resident
    with pytest.raises(PermissionDenied):
        services.schedule_receptions(actor=resident, community=tree.home, official=akim, official_title="x",
                                     days=[day], starts_at=time(10), ends_at=time(11), place="x")


@pytest.mark.django_db
def test_agency_requests_are_numbered_and_tracked(tree, staff, resident, water):
    appeal = file(resident, tree, water)
    request = services.send_agency_request(actor=staff, community=tree.home, agency="Жер қатынастары бөлімі",
                                           subject="Учаскенің шекарасы", text="Прошу сообщить границы участка",
                                           appeal=appeal, sent_on=date(2026, 3, 19))
    assert request.number == "596644-2026-R0001" and request.deadline == date(2026, 4, 13)
    assert AppealEvent.objects.filter(appeal=appeal, kind="note", internal=True).exists()
    assert selectors.agency_request_counts(tree.home, today=date(2026, 4, 14))["overdue"] == 1
    services.record_agency_answer(actor=staff, request=request, answer_text="Границы в приложении")
    assert selectors.agency_request_counts(tree.home, today=date(2026, 4, 14))["overdue"] == 0
    with pytest.raises(PermissionDenied):
        services.send_agency_request(actor=resident, community=tree.home, agency="x", subject="x", text="x")
