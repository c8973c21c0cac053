"""The development programme and its half-year monitoring, the akim's yearly report, the no-confidence chain."""

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from auyl.assemblies import selectors, services
from auyl.assemblies.models import (
    DismissalStatus,
    MeetingKind,
    Motion,
    ProgrammeStatus,
    ReportStatus,
    StepKind,
)
from auyl.assemblies.tests.factories import adults, arrive
from auyl.core.roles import Role
from auyl.core.testing import make_user, make_verified_resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(tree):
    return {
        "staff": make_user("staff", role=Role.STAFF, territory=tree.home.territory),
        "akim": make_user("akim", role=Role.AKIM, territory=tree.home.territory, first_name="Серік",
                          last_name="Жұмабаев"),
        "member": make_user("member", role=Role.ASSEMBLY_MEMBER, territory=tree.home.territory),
        "deputy": make_user("deputy", role=Role.DEPUTY, territory=tree.district),
        "district": make_user("district", role=Role.DISTRICT_OFFICIAL, territory=tree.district),
        "far_deputy": make_user("far-deputy", role=Role.DEPUTY, territory=tree.far.district),
    }


@pytest.fixture
def assembly(tree, office):
    members = adults(tree.home, 15)
    body = services.form_assembly(office["staff"], tree.home, term_start=date(2025, 1, 10))
    for member in members:
        services.add_member(office["staff"], body, member, since=date(2025, 1, 10))
    return body, members


def quorate(staff, body, members, items):
    meeting = services.convene(staff, body, starts_at=timezone.now() + timedelta(days=11), place="Әкімдік",
                               items=items)
    services.publish_notice(staff, meeting)
    meeting = services.open_meeting(staff, arrive(meeting), chair_name="Төраға", secretary_name="Хатшы")
    for member in members[:10]:
        services.register_attendance(staff, meeting, member)
    return meeting


def test_programme_is_agreed_by_the_assembly_then_frozen(tree, office, assembly):
    staff = office["staff"]
    programme = services.create_programme(staff, tree.home, title="Көкалажар 2026–2030", first_year=2026,
                                          last_year=2030)
    goal = services.add_goal(staff, programme, title="Таза су")
    services.add_measure(staff, goal, title="Су құбыры", year=2027, amount=Decimal("45000000"))
    services.add_indicator(staff, goal, name="Сумен қамтылған үйлер", unit="%", baseline=Decimal(60),
                           target=Decimal(95))
    with pytest.raises(ValidationError):
        services.add_measure(staff, goal, title="Ерте", year=2024, amount=Decimal(1))
    meeting = quorate(staff, *assembly, [services.ItemInput("Бағдарламаны келісу", "programme",
                                                            programme=programme)])
    services.record_decision(staff, meeting.items.get(), votes_for=8, votes_against=2, votes_abstain=0,
                             text="Келісілсін")
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.AGREED and programme.agreed_by.adopted
    with pytest.raises(ValidationError):
        services.add_goal(staff, programme, title="Кейін")
    assert selectors.programmes_of(tree.home).get().money == Decimal("45000000")


def test_half_year_monitoring_adopted_then_concluded(tree, office, assembly):
    staff, member, akim = office["staff"], office["member"], office["akim"]
    commission = services.create_commission(staff, tree.home, name="Мониторинг комиссиясы",
                                            term_start=date(2025, 2, 1))
    assert selectors.monitoring_overdue(commission, today=date(2026, 1, 10)) == [(2025, 1), (2025, 2)]
    line = services.LineInput("Көше жарығы, млн ₸", Decimal("9.0"), Decimal("7.5"))
    with pytest.raises(ValidationError) as error:
        services.record_monitoring_report(member, commission, year=2025, half=2, findings="x",
                                          recommendations="y", signed_on=date(2025, 12, 20), lines=[line])
    assert "signed_on" in error.value.message_dict
    report = services.record_monitoring_report(member, commission, year=2025, half=1, findings="Жоспар 83 %",
                                               recommendations="Шамдарды ауыстыру", signed_on=date(2025, 7, 5),
                                               lines=[line])
    with pytest.raises(ValidationError) as error:
        services.record_monitoring_report(staff, commission, year=2025, half=1, findings="a",
                                          recommendations="b", signed_on=date(2025, 7, 6), lines=[line])
    assert error.value.code == "duplicate"
    assert selectors.monitoring_overdue(commission, today=date(2026, 1, 10)) == [(2025, 2)]
    with pytest.raises(ValidationError):
        services.record_akim_conclusion(akim, report, conclusion="Келісемін")
    meeting = quorate(staff, *assembly, [services.ItemInput("Комиссия есебі", "monitoring",
                                                            monitoring_report=report)])
    services.record_decision(staff, meeting.items.get(), votes_for=9, votes_against=0, votes_abstain=1,
                             text="Ұсыныстар қабылдансын")
    with pytest.raises(PermissionDenied):
        services.record_akim_conclusion(member, report, conclusion="x")
    report = services.record_akim_conclusion(akim, report, conclusion="Шамдар 2026 жылы ауыстырылады")
    assert report.akim_concluded_on == date.today()


def test_akims_report_questions_ratings_answers(tree, office):
    staff = office["staff"]
    adults(tree.home, 5)
    alice = make_verified_resident(tree.home, "+77010000001")
    bob = make_verified_resident(tree.home, "+77010000002")
    outsider = make_verified_resident(tree.neighbour, "+77010000003")
    meeting = services.convene(staff, services.ensure_gathering(tree.home), kind=MeetingKind.AKIM_REPORT,
                               starts_at=timezone.now() + timedelta(days=11), place="Клуб",
                               items=[services.ItemInput("Әкімнің есебі", "akim_report")])
    services.publish_notice(staff, meeting)
    report = services.draft_report(staff, tree.home, year=2025, title="2025 жылғы есеп", text="Не істелді")
    assert any(value == "0 / 0" for _label, value in report.figures)  # this app's own provider

    with pytest.raises(ValidationError):
        services.ask_question(alice, report, "Жол қашан жөнделеді?")  # not yet published
    report = services.publish_report(staff, report, meeting=meeting)
    question = services.ask_question(alice, report, "Жол қашан жөнделеді?")
    with pytest.raises(PermissionDenied):
        services.ask_question(outsider, report, "Бізде де сұрақ бар ма?")
    with pytest.raises(ValidationError):
        services.rate_report(alice, report, 5)  # before the meeting
    services.answer_question(staff, question, "2026 жылдың жазында.")
    with pytest.raises(ValidationError):
        services.mark_report_held(staff, report)  # meeting has not taken place
    arrive(meeting)
    with pytest.raises(ValidationError) as error:
        services.ask_question(bob, report, "Кешігіп қойдым ба?")
    assert error.value.code == "closed"
    services.open_meeting(staff, meeting, chair_name="А", secretary_name="Б")
    report = services.mark_report_held(staff, report)
    assert report.status == ReportStatus.HELD
    services.rate_report(alice, report, 4)
    services.rate_report(bob, report, 2)
    with pytest.raises(ValidationError) as error:
        services.rate_report(alice, report, 5)
    assert error.value.code == "duplicate"
    with pytest.raises(ValidationError):
        services.rate_report(bob, report, 6)
    summary = selectors.rating_summary(report)
    assert (summary.count, summary.average) == (2, 3.0)


def test_report_figures_come_from_budget_and_appeals(tree, office):
    from auyl.assemblies.figures import collect
    from auyl.budget import services as budget
    from auyl.budget.tests.helpers import approved

    year = timezone.localdate().year
    district = make_user("b-district", role=Role.DISTRICT_OFFICIAL, territory=tree.district)
    approved(tree.home, year, office["staff"], district)
    budget.rebuild_rollups(year)
    rows = dict(collect(tree.home, year))
    assert any("100" in value and "₸" in value for value in rows.values()), rows


def _dismissal(tree, office, assembly):
    staff = office["staff"]
    meeting = quorate(staff, *assembly, [services.ItemInput("Әкімді қызметтен босату бастамасы", "dismissal")])
    decision = services.record_decision(staff, meeting.items.get(), votes_for=10, votes_against=0, votes_abstain=0,
                                        text="Бастама көтерілсін", motion=Motion.INITIATE)
    return decision.dismissal


def test_no_confidence_chain_with_roles_and_deadlines(tree, office, assembly):
    from auyl.people.models import RoleAssignment

    assert RoleAssignment.objects.filter(role=Role.AKIM).exists()
    procedure = _dismissal(tree, office, assembly)
    assert procedure.akim_name == "Серік Жұмабаев" and procedure.status == DismissalStatus.OPEN
    start = procedure.started_on
    nxt = selectors.dismissal_next(procedure)
    assert nxt.kind == "signatures" and nxt.due_on > start
    deputy, district = office["deputy"], office["district"]
    for user in (office["far_deputy"], office["staff"], office["akim"]):
        with pytest.raises(PermissionDenied):
            services.record_dismissal_step(user, procedure, kind=StepKind.SIGNATURES, occurred_on=start,
                                           count=5, total=20)
    with pytest.raises(ValidationError) as error:
        services.record_dismissal_step(deputy, procedure, kind=StepKind.VOTE, occurred_on=start, count=15, total=20)
    assert error.value.code == "order"
    services.record_dismissal_step(deputy, procedure, kind=StepKind.SIGNATURES, occurred_on=start, count=4, total=20)
    services.record_dismissal_step(deputy, procedure, kind=StepKind.VERIFIED, occurred_on=start)
    step = services.record_dismissal_step(deputy, procedure, kind=StepKind.VOTE, occurred_on=start, count=11,
                                          total=20)
    assert step.positive
    with pytest.raises(PermissionDenied):
        services.record_dismissal_step(deputy, procedure, kind=StepKind.DISTRICT, occurred_on=start, positive=False)
    step = services.record_dismissal_step(district, procedure, kind=StepKind.DISTRICT, occurred_on=start,
                                          positive=False, reference="Аудан әкімінің шешімі №12")
    procedure.refresh_from_db()
    assert procedure.status == DismissalStatus.REPEAT_POSSIBLE and not step.late
    with pytest.raises(ValidationError):  # too early for the repeat vote
        services.record_dismissal_step(deputy, procedure, kind=StepKind.VOTE, occurred_on=start, count=12, total=20)
    later = start + timedelta(days=200)
    with mock.patch("auyl.assemblies.services._today", return_value=later):
        services.record_dismissal_step(deputy, procedure, kind=StepKind.VOTE, occurred_on=later, count=12, total=20)
        with pytest.raises(ValidationError) as error:
            services.record_dismissal_step(district, procedure, kind=StepKind.DISTRICT, occurred_on=later,
                                           positive=False)
        assert error.value.code == "must_terminate"
        services.record_dismissal_step(district, procedure, kind=StepKind.DISTRICT, occurred_on=later)
    procedure.refresh_from_db()
    assert procedure.status == DismissalStatus.DISMISSED and procedure.ended_on == later


def test_too_few_signatures_end_the_procedure_and_late_steps_are_flagged(tree, office, assembly):
    procedure = _dismissal(tree, office, assembly)
    late = procedure.started_on + timedelta(days=30)
    with mock.patch("auyl.assemblies.services._today", return_value=late):
        step = services.record_dismissal_step(office["deputy"], procedure, kind=StepKind.SIGNATURES,
                                              occurred_on=late, count=3, total=20)
    assert step.late and not step.positive
    procedure.refresh_from_db()
    assert procedure.status == DismissalStatus.CONFIDENCE_KEPT
