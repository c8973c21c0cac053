"""Demo data for the home community: its gathering, an assembly of 15 (the demo ``assembly`` account is one of
them), a monitoring commission, the development programme agreed at a past meeting with published minutes, and
upcoming meetings with their notices: the assembly (with any budget version awaiting it) and the gathering for
the akim's yearly report."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from auyl.assemblies import selectors, services
from auyl.assemblies.models import Meeting, MeetingKind, Position, SubjectKind
from auyl.people.models import User
from auyl.people.selectors import adult_members

MEMBERS = 15


def _to_the_past(meeting: Meeting, when) -> Meeting:
    """Run the sitting as if on ``when``: the demo records a meeting that took place weeks ago."""
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=when, notice_published_at=when - timedelta(days=12))
    meeting.refresh_from_db()
    return meeting


def build(ctx) -> None:
    home, staff, akim = ctx.home, ctx.users["staff"], ctx.users["akim"]
    if home.bodies.exists():
        return
    today = timezone.localdate()
    services.ensure_gathering(home)
    adults = list(adult_members(home.pk).filter(account__isnull=True, birth_date__lte=date(1995, 1, 1))
                  .order_by("id")[: MEMBERS + 8])
    assembly_user: User = ctx.users["assembly"]
    if assembly_user.resident_id is None:
        assembly_user.resident = adults.pop(0)
        assembly_user.save(update_fields=["resident"])
    members = [assembly_user.resident, *adults[: MEMBERS - 1]]
    start = date(today.year - 1, 2, 1)
    assembly = services.form_assembly(staff, home, term_start=start)
    for index, resident in enumerate(members):
        services.add_member(staff, assembly, resident, since=start, basis="Жиын шешімі №1",
                            position=Position.CHAIR if index == 1 else Position.MEMBER)
    commission = services.create_commission(staff, home, name="Мониторинг комиссиясы", term_start=start)
    for resident in members[2:5]:
        services.add_member(staff, commission, resident, since=start)

    programme = services.create_programme(staff, home, title="Көкалажар ауылдық округін дамыту бағдарламасы",
                                          first_year=today.year, last_year=today.year + 4,
                                          summary="Су, жол, жарық және мәдениет үйі.")
    for title, measures, indicator in [
        ("Таза ауыз су", [("Қаратал ауылында су құбырын жөндеу", 45_000_000)],
         ("Орталықтандырылған сумен қамтылған үйлер", "%", 62, 95)),
        ("Көше жарығы", [("Көкалажарда 120 LED шам орнату", 9_000_000)],
         ("Жарықтандырылған көшелер", "км", 4, 11)),
    ]:
        goal = services.add_goal(staff, programme, title=title)
        for measure, amount in measures:
            services.add_measure(staff, goal, title=measure, year=today.year + 1, amount=Decimal(amount),
                                 source="Ауылдық округ бюджеті")
        name, unit, baseline, target = indicator
        services.add_indicator(staff, goal, name=name, unit=unit, baseline=Decimal(baseline), target=Decimal(target))
    last_half = date(today.year, 1, 1) - timedelta(days=1) if today.month <= 6 else date(today.year, 6, 30)
    report = services.record_monitoring_report(
        staff, commission, year=last_half.year, half=1 if last_half.month == 6 else 2,
        findings="Көше жарығы жоспары 83 % орындалды.", recommendations="Қалған шамдарды келесі тоқсанда орнату.",
        signed_on=min(last_half + timedelta(days=5), today),
        lines=[services.LineInput("Көше жарығы, мың ₸", Decimal(9000), Decimal(7470)),
               services.LineInput("Жолдарды күтіп ұстау, мың ₸", Decimal(14000), Decimal(13100))])

    # A past assembly meeting: the programme agreed, the commission's recommendations adopted; minutes published.
    past = services.convene(staff, assembly, starts_at=timezone.now() + timedelta(days=11),
                            place="Әкімдік мәжіліс залы",
                            items=[services.ItemInput("Даму бағдарламасын келісу", SubjectKind.PROGRAMME,
                                                      programme=programme),
                                   services.ItemInput("Мониторинг комиссиясының есебі", SubjectKind.MONITORING,
                                                      monitoring_report=report)])
    services.publish_notice(staff, past)
    past = _to_the_past(past, timezone.now() - timedelta(days=30))
    past = services.open_meeting(staff, past, chair_name=members[1].full_name, secretary_name=members[2].full_name)
    Meeting.objects.filter(pk=past.pk).update(opened_at=past.starts_at)
    for resident in members[:11]:
        services.register_attendance(staff, past, resident)
    first, second = past.items.order_by("position")
    services.record_speeches(staff, first, "Әкім бағдарламаны таныстырды. Мүшелер су құбырын бірінші кезекке қоюды "
                                           "ұсынды.")
    services.record_decision(staff, first, votes_for=9, votes_against=1, votes_abstain=1,
                             text="Даму бағдарламасы келісілсін.")
    services.record_decision(staff, second, votes_for=10, votes_against=0, votes_abstain=1,
                             text="Комиссия ұсынымдары қабылдансын.")
    services.close_meeting(staff, past)
    services.sign_minutes(staff, past)
    services.publish_minutes(staff, past)
    services.respond_as_akim(akim, past.items.get(position=1).decision, accept=True)

    # Upcoming: the assembly (budget versions awaiting it, if any) and the gathering for the akim's report.
    upcoming = services.convene(staff, assembly, starts_at=timezone.now() + timedelta(days=14),
                                place="Мәдениет үйі",
                                items=[services.ItemInput("Коммуналдық мүлікті пайдалану", SubjectKind.PROPERTY)])
    for key, label in selectors.budget_subjects(home).items():
        services.add_agenda_item(staff, upcoming, services.ItemInput(f"Бюджетті келісу: {label}",
                                                                    SubjectKind.BUDGET, key))
    services.publish_notice(staff, upcoming)
    gathering = services.ensure_gathering(home)
    report_meeting = services.convene(staff, gathering, kind=MeetingKind.AKIM_REPORT, place="Мәдениет үйі",
                                      starts_at=timezone.now() + timedelta(days=21),
                                      items=[services.ItemInput("Әкімнің жылдық есебі", SubjectKind.AKIM_REPORT)])
    services.publish_notice(staff, report_meeting)
    yearly = services.draft_report(staff, home, year=today.year - 1, title=f"Әкімнің {today.year - 1} жылғы есебі",
                                   text="Өткен жылы 3 көше жарықтандырылды, мектепке жол жөнделді, "
                                        "мәдениет үйінің шатыры ауыстырылды.")
    services.publish_report(staff, yearly, meeting=report_meeting)
    resident = ctx.users.get("resident1")
    if resident is not None:
        services.ask_question(resident, yearly, "Қаратал ауылындағы су құбыры қашан жөнделеді?")
    ctx.say(f"Assemblies: gathering of {selectors.entitled(gathering).count()}, assembly of {len(members)}, "
            f"minutes {past.reference} published, 2 meetings announced")
