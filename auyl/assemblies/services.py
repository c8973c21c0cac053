"""Write rules for gatherings and assemblies (Law 148, art. 39-3): bodies and seats, convening, notice,
attendance, quorum, votes and decisions, minutes, the development programme and its monitoring, the akim's
yearly report and the no-confidence chain. Every change checks ``require(...)``, runs in one transaction and
is audited; bad input raises a localised ``ValidationError`` and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.assemblies import deadlines, rules_of_law, selectors
from auyl.assemblies.models import (
    AgendaItem,
    AkimPosition,
    AkimReport,
    Attendance,
    Body,
    BodyKind,
    ConvenedBy,
    Decision,
    DevelopmentProgramme,
    DismissalProcedure,
    DismissalStatus,
    DismissalStep,
    Goal,
    Indicator,
    Measure,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Membership,
    MonitoringLine,
    MonitoringReport,
    Motion,
    Position,
    ProgrammeStatus,
    ReportQuestion,
    ReportRating,
    ReportStatus,
    StepKind,
    SubjectKind,
)
from auyl.core import audit
from auyl.core.permissions import require
from auyl.core.roles import Action
from auyl.people.models import Resident, User
from auyl.territory.models import Community, Territory

# What each body may decide (п.2 for the gathering, п.3 for the assembly).
POWERS = {
    BodyKind.GATHERING: {SubjectKind.ASSEMBLY, SubjectKind.AKIM_REPORT, SubjectKind.OTHER},
    BodyKind.SEPARATE: {SubjectKind.OTHER},
    BodyKind.ASSEMBLY: {SubjectKind.BUDGET, SubjectKind.PROGRAMME, SubjectKind.PROPERTY, SubjectKind.CANDIDATE,
                        SubjectKind.DISMISSAL, SubjectKind.MONITORING, SubjectKind.OTHER},
    BodyKind.COMMISSION: {SubjectKind.OTHER},
}
EDITABLE = (MeetingStatus.DRAFT, MeetingStatus.NOTIFIED)


def _today() -> date:
    return timezone.localdate()


def _lock(model, pk: int):
    return model.objects.select_for_update().get(pk=pk)


# --- bodies and seats ----------------------------------------------------------------------------------


@transaction.atomic
def ensure_gathering(community: Community) -> Body:
    """The community's gathering (сход): one per community, created on first use."""
    body, _created = Body.objects.get_or_create(community=community, kind=BodyKind.GATHERING)
    return body


@transaction.atomic
def form_assembly(actor: User, community: Community, *, term_start: date, name: str = "") -> Body:
    """A new four-year term of the assembly; its members are then added one by one (at most 25)."""
    require(actor, Action.CREATE, community.territory.code, subject="assemblies.body")
    term_end = rules_of_law.assembly_term_end(term_start)
    overlapping = Body.objects.filter(community=community, kind=BodyKind.ASSEMBLY,
                                      term_start__lte=term_end, term_end__gte=term_start)
    if overlapping.exists():
        raise ValidationError(_("An assembly term already covers these dates."), code="overlap")
    body = Body.objects.create(community=community, kind=BodyKind.ASSEMBLY, term_start=term_start,
                               term_end=term_end, name=name.strip())
    audit.record(actor=actor, action="assemblies.assembly_formed", obj=body,
                 after={"term_start": term_start, "term_end": term_end})
    return body


@transaction.atomic
def create_separate_gathering(actor: User, community: Community, *, name: str, settlement: Territory,
                              section: str = "") -> Body:
    """A separate gathering of a village, street or building, which elects at most 3 representatives (п.6)."""
    require(actor, Action.CREATE, community.territory.code, subject="assemblies.body")
    if not settlement.code.startswith(community.territory.prefix) or settlement.code == community.territory.code:
        raise ValidationError({"settlement": _("The settlement must belong to this community.")})
    if not name.strip():
        raise ValidationError({"name": _("Name the separate gathering.")})
    body = Body.objects.create(community=community, kind=BodyKind.SEPARATE, name=name.strip(),
                               settlement=settlement, section=section.strip())
    audit.record(actor=actor, action="assemblies.separate_gathering_created", obj=body,
                 after={"settlement": settlement.code})
    return body


@transaction.atomic
def create_commission(actor: User, community: Community, *, name: str, term_start: date) -> Body:
    """The monitoring commission formed by the assembly (п.3, п.4)."""
    require(actor, Action.CREATE, community.territory.code, subject="assemblies.body")
    body = Body.objects.create(community=community, kind=BodyKind.COMMISSION, name=name.strip(),
                               term_start=term_start, term_end=rules_of_law.assembly_term_end(term_start))
    audit.record(actor=actor, action="assemblies.commission_created", obj=body, after={"term_start": term_start})
    return body


@transaction.atomic
def set_by_representatives(actor: User, gathering: Body, value: bool) -> Body:
    """Switch the gathering to representatives elected at separate gatherings (or back to all members)."""
    require(actor, Action.CHANGE, gathering)
    gathering = _lock(Body, gathering.pk)
    before = gathering.by_representatives
    gathering.by_representatives = value
    gathering.save(update_fields=["by_representatives"])
    audit.record(actor=actor, action="assemblies.gathering_mode", obj=gathering,
                 before={"by_representatives": before}, after={"by_representatives": value})
    return gathering


@transaction.atomic
def add_member(actor: User, body: Body, resident: Resident, *, position: str = Position.MEMBER,
               since: date | None = None, basis: str = "") -> Membership:
    """Seat a resident: an assembly member (≤ 25, one chair), a representative (≤ 3 per separate gathering)
    or a commission member. Only adult registered members of the community may sit."""
    require(actor, Action.CREATE, body.permission_scope, subject="assemblies.membership")
    body = _lock(Body, body.pk)  # serialises seat counting per body
    since = since or _today()
    if body.kind == BodyKind.GATHERING:
        raise ValidationError(_("Every adult member belongs to the gathering; seats are for other bodies."))
    from auyl.people.selectors import adult_members

    if not adult_members(body.community_id, on=since).filter(pk=resident.pk).exists():
        raise ValidationError(_("Only adult registered members of this community can hold a seat."),
                              code="not_member")
    if body.kind == BodyKind.SEPARATE:
        position = Position.REPRESENTATIVE
    elif position == Position.REPRESENTATIVE:
        raise ValidationError(_("Representatives are elected at separate gatherings."))
    active = body.memberships.filter(until__isnull=True)
    limit = {BodyKind.ASSEMBLY: rules_of_law.ASSEMBLY_MAX_MEMBERS,
             BodyKind.SEPARATE: rules_of_law.SEPARATE_MAX_REPRESENTATIVES}.get(body.kind)
    if limit is not None and active.count() >= limit:
        raise ValidationError(_("This body already has its maximum of %(n)s members.") % {"n": limit},
                              code="full")
    if position == Position.CHAIR and active.filter(position=Position.CHAIR).exists():
        raise ValidationError(_("This body already has a chair."), code="chair")
    if active.filter(resident=resident).exists():
        raise ValidationError(_("This resident already holds a seat in this body."), code="duplicate")
    membership = Membership.objects.create(body=body, resident=resident, position=position, since=since,
                                           basis=basis.strip())
    audit.record(actor=actor, action="assemblies.member_added", obj=membership,
                 after={"body": body.pk, "position": position, "since": since})
    return membership


@transaction.atomic
def end_membership(actor: User, membership: Membership, *, until: date | None = None) -> Membership:
    require(actor, Action.CHANGE, membership)
    membership = _lock(Membership, membership.pk)
    if membership.until:
        raise ValidationError(_("This seat has already ended."))
    membership.until = until or _today()
    if membership.until < membership.since:
        raise ValidationError({"until": _("A seat cannot end before it started.")})
    membership.save(update_fields=["until"])
    audit.record(actor=actor, action="assemblies.member_left", obj=membership, after={"until": membership.until})
    return membership


# --- convening and notice -------------------------------------------------------------------------------


@dataclass
class ItemInput:
    title: str
    subject_kind: str = SubjectKind.OTHER
    subject_key: str = ""
    programme: DevelopmentProgramme | None = None
    monitoring_report: MonitoringReport | None = None
    rediscussion_of: Decision | None = None


@transaction.atomic
def convene(actor: User, body: Body, *, starts_at: datetime, place: str, kind: str = MeetingKind.REGULAR,
            convened_by: str = ConvenedBy.AKIM, initiative=None, initiative_reference: str = "",
            district_consent: str = "", items: Iterable[ItemInput] = ()) -> Meeting:
    """Convene a meeting (п.5, п.7): by the akim, or on an initiative of 10 % of members. Residents convene a
    gathering through an initiative of kind "gathering" that reached 10 % of signatures (app ``initiatives``)
    and the district akim's positive decision; assembly members name their initiative."""
    require(actor, Action.CREATE, body.permission_scope, subject="assemblies.meeting")
    body = _lock(Body, body.pk)
    errors: dict[str, str] = {}
    if starts_at <= timezone.now():
        errors["starts_at"] = _("The meeting must be in the future.")
    if not place.strip():
        errors["place"] = _("Say where the meeting takes place.")
    if body.kind == BodyKind.COMMISSION:
        errors["body"] = _("The commission reports to the assembly; it does not hold meetings here.")
    if kind == MeetingKind.CANDIDATE and body.kind != BodyKind.ASSEMBLY:
        errors["kind"] = _("Candidates for akim are agreed by the assembly.")
    if kind == MeetingKind.AKIM_REPORT and body.kind != BodyKind.GATHERING:
        errors["kind"] = _("The akim reports to the gathering.")
    if convened_by == ConvenedBy.RESIDENTS:
        if body.kind not in (BodyKind.GATHERING, BodyKind.SEPARATE):
            errors["convened_by"] = _("Residents convene gatherings; the assembly is convened by its members.")
        elif initiative is None or not selectors.gathering_initiatives(body.community_id).filter(
                pk=initiative.pk).exists():
            errors["initiative"] = _("Choose the residents' initiative that collected 10 % of signatures.")
        elif not district_consent.strip():
            errors["district_consent"] = _("A gathering convened by residents needs the district akim's consent.")
    if convened_by == ConvenedBy.MEMBERS:
        if body.kind != BodyKind.ASSEMBLY:
            errors["convened_by"] = _("Only assembly members convene the assembly on their own initiative.")
        elif not initiative_reference.strip():
            errors["initiative_reference"] = _("Name the members' initiative with its signatures.")
    if body.kind == BodyKind.ASSEMBLY and body.term_end and starts_at.date() > body.term_end:
        errors["starts_at"] = _("The assembly's term ends before this date.")
    if errors:
        raise ValidationError(errors)
    number = (body.meetings.aggregate(n=Max("number"))["n"] or 0) + 1
    meeting = Meeting.objects.create(
        body=body, number=number, kind=kind, starts_at=starts_at, place=place.strip(), convened_by=convened_by,
        initiative=initiative if convened_by == ConvenedBy.RESIDENTS else None,
        initiative_reference=initiative_reference.strip(), district_consent=district_consent.strip(),
        created_by=actor)
    audit.record(actor=actor, action="assemblies.meeting_convened", obj=meeting,
                 after={"body": body.pk, "number": number, "starts_at": starts_at, "convened_by": convened_by,
                        "initiative": meeting.initiative_id})
    for item in items:
        add_agenda_item(actor, meeting, item)
    return meeting


@transaction.atomic
def add_agenda_item(actor: User, meeting: Meeting, item: ItemInput) -> AgendaItem:
    """Put a question on the agenda, linked to what it decides on; only within the body's powers."""
    require(actor, Action.CHANGE, meeting)
    meeting = _lock(Meeting, meeting.pk)
    if meeting.status not in EDITABLE:
        raise ValidationError(_("The agenda can change only before the meeting opens."), code="locked")
    title = item.title.strip()
    if not title:
        raise ValidationError({"title": _("Write the question.")})
    if item.subject_kind not in POWERS[meeting.body.kind]:
        raise ValidationError({"subject_kind": _("This body cannot decide on that question.")})
    key = item.subject_key.strip()
    if item.subject_kind == SubjectKind.PROGRAMME:
        if item.programme is None or item.programme.community_id != meeting.body.community_id:
            raise ValidationError({"programme": _("Choose a development programme of this community.")})
        key = item.programme.subject_key
    if item.subject_kind == SubjectKind.MONITORING:
        report = item.monitoring_report
        if report is None or report.commission.community_id != meeting.body.community_id:
            raise ValidationError({"monitoring_report": _("Choose a monitoring report of this community.")})
        key = report.subject_key
    if item.subject_kind == SubjectKind.BUDGET and key not in selectors.budget_subjects(meeting.body.community):
        raise ValidationError({"subject_key": _("Choose a budget version submitted to the assembly.")})
    if item.rediscussion_of and not Decision.objects.filter(
            pk=item.rediscussion_of.pk, community_id=meeting.body.community_id,
            akim_position=AkimPosition.DISAGREED).exists():
        raise ValidationError(_("Only a decision the akim disagreed with is discussed again."))
    position = (meeting.items.aggregate(n=Max("position"))["n"] or 0) + 1
    agenda_item = AgendaItem.objects.create(
        meeting=meeting, position=position, title=title, subject_kind=item.subject_kind, subject_key=key,
        programme=item.programme if item.subject_kind == SubjectKind.PROGRAMME else None,
        monitoring_report=item.monitoring_report if item.subject_kind == SubjectKind.MONITORING else None,
        rediscussion_of=item.rediscussion_of)
    audit.record(actor=actor, action="assemblies.agenda_item_added", obj=agenda_item,
                 after={"meeting": meeting.pk, "title": title, "subject_key": key})
    return agenda_item


@transaction.atomic
def publish_notice(actor: User, meeting: Meeting, *, text: str = "") -> Meeting:
    """Publish the notice at least 10 calendar days before (3 for agreeing candidates for akim, п.8) and send
    it to residents with accounts (or to assembly members)."""
    require(actor, Action.PUBLISH, meeting)
    meeting = _lock(Meeting, meeting.pk)
    if meeting.status != MeetingStatus.DRAFT:
        raise ValidationError(_("The notice has already been published."), code="published")
    if not meeting.items.exists():
        raise ValidationError(_("Put at least one question on the agenda before publishing the notice."))
    today = _today()
    earliest = rules_of_law.earliest_meeting_day(today, meeting.kind == MeetingKind.CANDIDATE)
    if timezone.localtime(meeting.starts_at).date() < earliest:
        raise ValidationError(
            _("The notice must be published at least %(days)s calendar days before the meeting: "
              "hold it on %(date)s or later.") % {
                "days": rules_of_law.notice_days(meeting.kind == MeetingKind.CANDIDATE),
                "date": earliest.strftime("%d.%m.%Y")}, code="notice_period")
    meeting.status = MeetingStatus.NOTIFIED
    meeting.notice_text = text.strip()
    meeting.notice_published_at = timezone.now()
    meeting.save(update_fields=["status", "notice_text", "notice_published_at"])
    audit.record(actor=actor, action="assemblies.notice_published", obj=meeting,
                 after={"starts_at": meeting.starts_at, "place": meeting.place})
    from auyl.assemblies.tasks import send_meeting_notice

    transaction.on_commit(lambda: send_meeting_notice.enqueue(meeting.pk))
    return meeting


@transaction.atomic
def cancel_meeting(actor: User, meeting: Meeting, *, reason: str) -> Meeting:
    require(actor, Action.CHANGE, meeting)
    meeting = _lock(Meeting, meeting.pk)
    if meeting.status not in EDITABLE:
        raise ValidationError(_("A meeting that has opened cannot be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    before = meeting.status
    meeting.status = MeetingStatus.CANCELLED
    meeting.notice_text = (meeting.notice_text + "\n\n" + reason.strip()).strip()
    meeting.save(update_fields=["status", "notice_text"])
    audit.record(actor=actor, action="assemblies.meeting_cancelled", obj=meeting,
                 before={"status": before}, after={"status": meeting.status, "reason": reason.strip()})
    return meeting


# --- the sitting: opening, attendance, votes -------------------------------------------------------------


@transaction.atomic
def open_meeting(actor: User, meeting: Meeting, *, chair_name: str, secretary_name: str) -> Meeting:
    """Open on the day (п.10): the chair and secretary elected by open vote; the number entitled is fixed."""
    require(actor, Action.CHANGE, meeting)
    meeting = _lock(Meeting, meeting.pk)
    if meeting.status != MeetingStatus.NOTIFIED:
        raise ValidationError(_("Only a meeting whose notice was published can be opened."), code="status")
    if _today() < timezone.localtime(meeting.starts_at).date():
        raise ValidationError(_("The meeting opens on the day it was announced for."), code="early")
    errors = {}
    if not chair_name.strip():
        errors["chair_name"] = _("Write the name of the chair elected by the meeting.")
    if not secretary_name.strip():
        errors["secretary_name"] = _("Write the name of the secretary elected by the meeting.")
    if errors:
        raise ValidationError(errors)
    meeting.entitled_count = selectors.entitled(meeting.body, on=_today()).count()
    meeting.chair_name, meeting.secretary_name = chair_name.strip(), secretary_name.strip()
    meeting.status, meeting.opened_at = MeetingStatus.OPEN, timezone.now()
    meeting.save(update_fields=["entitled_count", "chair_name", "secretary_name", "status", "opened_at"])
    audit.record(actor=actor, action="assemblies.meeting_opened", obj=meeting,
                 after={"entitled": meeting.entitled_count})
    return meeting


def _entitled_on_the_day(meeting: Meeting):
    return selectors.entitled(meeting.body, on=timezone.localtime(meeting.opened_at or meeting.starts_at).date())


@transaction.atomic
def register_attendance(actor: User, meeting: Meeting, resident: Resident) -> Attendance:
    """Register one person present, in person, from the list of those entitled; nobody counts twice."""
    require(actor, Action.CREATE, meeting.permission_scope, subject="assemblies.attendance")
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    if meeting.status != MeetingStatus.OPEN:
        raise ValidationError(_("Attendance is registered while the meeting is in session."), code="status")
    if not _entitled_on_the_day(meeting).filter(pk=resident.pk).exists():
        raise ValidationError(_("This person is not entitled to take part in this meeting."), code="not_entitled")
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(meeting=meeting, resident=resident, registered_by=actor)
    except IntegrityError:
        raise ValidationError(_("This person is already registered as present."), code="duplicate") from None
    audit.record(actor=actor, action="assemblies.attendance_registered", obj=meeting,
                 after={"attendance": attendance.pk})
    return attendance


@transaction.atomic
def remove_attendance(actor: User, attendance: Attendance) -> None:
    """A person who left before the votes; decisions already taken keep the count they had."""
    require(actor, Action.CHANGE, attendance)
    if attendance.meeting.status != MeetingStatus.OPEN:
        raise ValidationError(_("Attendance is registered while the meeting is in session."), code="status")
    audit.record(actor=actor, action="assemblies.attendance_removed", obj=attendance.meeting,
                 before={"attendance": attendance.pk})
    attendance.delete()


@transaction.atomic
def record_decision(actor: User, item: AgendaItem, *, votes_for: int, votes_against: int, votes_abstain: int,
                    text: str, motion: str = Motion.AGREE, remarks: str = "") -> Decision:
    """Record the open vote on one question. Without quorum no decision can be taken; a decision is adopted by
    more than half of those present (п.9, п.11). Adopted decisions move what they decide on forward."""
    require(actor, Action.CREATE, item.permission_scope, subject="assemblies.decision")
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("body__community__territory").get(
        pk=item.meeting_id)
    if meeting.status != MeetingStatus.OPEN:
        raise ValidationError(_("Votes are taken while the meeting is in session."), code="status")
    state = selectors.quorum(meeting)
    if not state.met:
        raise ValidationError(
            _("No quorum: %(present)s present, %(needed)s needed. The meeting cannot take a decision.")
            % {"present": state.present, "needed": state.needed}, code="no_quorum")
    counts = {"votes_for": votes_for, "votes_against": votes_against, "votes_abstain": votes_abstain}
    if any(not isinstance(v, int) or v < 0 for v in counts.values()):
        raise ValidationError(_("Vote counts are whole numbers, zero or more."), code="counts")
    if votes_for + votes_against + votes_abstain > state.present:
        raise ValidationError(_("More votes than people present (%(present)s).") % {"present": state.present},
                              code="too_many_votes")
    if not text.strip():
        raise ValidationError({"text": _("Write the wording of the decision.")})
    if motion == Motion.RETURN and not remarks.strip():
        raise ValidationError({"remarks": _("A return needs the remarks.")})
    if motion == Motion.INITIATE and item.subject_kind != SubjectKind.DISMISSAL:
        raise ValidationError({"motion": _("Only the dismissal question is initiated.")})
    adopted = rules_of_law.is_adopted(votes_for, state.present)
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                item=item, community=meeting.body.community, subject_key=item.subject_key, motion=motion,
                text=text.strip(), remarks=remarks.strip(), present=state.present, entitled=state.entitled,
                adopted=adopted, decided_on=timezone.localtime(meeting.opened_at).date(),
                reference=meeting.reference, recorded_by=actor, **counts)
    except IntegrityError:
        raise ValidationError(_("This question has already been decided."), code="decided") from None
    audit.record(actor=actor, action="assemblies.decision_recorded", obj=decision,
                 after={**counts, "present": state.present, "entitled": state.entitled, "adopted": adopted,
                        "motion": motion, "subject_key": item.subject_key})
    if adopted:
        _apply(actor, decision)
    return decision


def _apply(actor: User, decision: Decision) -> None:
    """What an adopted decision moves forward, inside the same transaction."""
    item = decision.item
    if item.subject_kind == SubjectKind.BUDGET:
        from auyl.budget import selectors as budget_selectors
        from auyl.budget import services as budget_services

        version = next((v for v in budget_selectors.versions_awaiting_assembly(decision.community)
                        if v.agenda_subject_key == decision.subject_key), None)
        if version is None:
            raise ValidationError(_("This budget version is no longer awaiting the assembly."), code="budget")
        if decision.motion == Motion.RETURN:
            budget_services.record_assembly_return(version, decision=decision, remarks=decision.remarks,
                                                   actor=actor)
        elif decision.motion == Motion.AGREE:
            budget_services.record_assembly_agreement(version, decision=decision, actor=actor)
    elif item.subject_kind == SubjectKind.PROGRAMME and decision.motion == Motion.AGREE:
        programme = _lock(DevelopmentProgramme, item.programme_id)
        programme.status, programme.agreed_by = ProgrammeStatus.AGREED, decision
        programme.save(update_fields=["status", "agreed_by"])
        audit.record(actor=actor, action="assemblies.programme_agreed", obj=programme,
                     after={"decision": decision.pk})
    elif item.subject_kind == SubjectKind.MONITORING:
        report = _lock(MonitoringReport, item.monitoring_report_id)
        report.adopted_by = decision
        report.save(update_fields=["adopted_by"])
        audit.record(actor=actor, action="assemblies.monitoring_adopted", obj=report,
                     after={"decision": decision.pk})
    elif item.subject_kind == SubjectKind.DISMISSAL and decision.motion == Motion.INITIATE:
        _start_dismissal(actor, decision)
    if item.rediscussion_of_id:
        original = _lock(Decision, item.rediscussion_of_id)
        audit.record(actor=actor, action="assemblies.rediscussed", obj=original, after={"new": decision.pk})


@transaction.atomic
def record_speeches(actor: User, item: AgendaItem, speeches: str) -> AgendaItem:
    """The secretary's summary of speeches on a question, written during or right after the meeting."""
    require(actor, Action.CHANGE, item.meeting)
    meeting = _lock(Meeting, item.meeting_id)
    if meeting.status not in (MeetingStatus.OPEN, MeetingStatus.CLOSED):
        raise ValidationError(_("Speeches are recorded until the minutes are signed."), code="status")
    item = _lock(AgendaItem, item.pk)
    item.speeches = speeches.strip()
    item.save(update_fields=["speeches"])
    audit.record(actor=actor, action="assemblies.speeches_recorded", obj=item, after={"length": len(item.speeches)})
    return item


@transaction.atomic
def close_meeting(actor: User, meeting: Meeting) -> Meeting:
    require(actor, Action.CHANGE, meeting)
    meeting = _lock(Meeting, meeting.pk)
    if meeting.status != MeetingStatus.OPEN:
        raise ValidationError(_("Only a meeting in session can be closed."), code="status")
    meeting.status, meeting.closed_at = MeetingStatus.CLOSED, timezone.now()
    meeting.save(update_fields=["status", "closed_at"])
    audit.record(actor=actor, action="assemblies.meeting_closed", obj=meeting,
                 after={"present": meeting.attendances.count()})
    return meeting


@transaction.atomic
def sign_minutes(actor: User, meeting: Meeting) -> Meeting:
    """The chair and secretary have signed the minutes: freeze them (fingerprint) and render the PDFs."""
    from auyl.assemblies import minutes

    require(actor, Action.APPROVE, meeting)
    meeting = _lock(Meeting, meeting.pk)
    if meeting.status != MeetingStatus.CLOSED:
        raise ValidationError(_("Minutes are signed after the meeting closes."), code="status")
    meeting.status, meeting.signed_at, meeting.signed_by = MeetingStatus.SIGNED, timezone.now(), actor
    meeting.minutes_sha256 = minutes.fingerprint(meeting)
    meeting.save(update_fields=["status", "signed_at", "signed_by", "minutes_sha256"])
    audit.record(actor=actor, action="assemblies.minutes_signed", obj=meeting,
                 after={"sha256": meeting.minutes_sha256})
    from auyl.assemblies.tasks import render_minutes_pdf

    transaction.on_commit(lambda: render_minutes_pdf.enqueue(meeting.pk))
    return meeting


@transaction.atomic
def publish_minutes(actor: User, meeting: Meeting) -> Meeting:
    """Publish the minutes and decisions to residents (п.14)."""
    require(actor, Action.PUBLISH, meeting)
    meeting = _lock(Meeting, meeting.pk)
    if meeting.status != MeetingStatus.SIGNED:
        raise ValidationError(_("Minutes are published after they are signed."), code="status")
    meeting.status, meeting.published_at = MeetingStatus.PUBLISHED, timezone.now()
    meeting.save(update_fields=["status", "published_at"])
    audit.record(actor=actor, action="assemblies.minutes_published", obj=meeting,
                 after={"sha256": meeting.minutes_sha256})
    return meeting


# --- the akim's response to a decision (п.11) --------------------------------------------------------------


@transaction.atomic
def respond_as_akim(actor: User, decision: Decision, *, accept: bool, reason: str = "") -> Decision:
    """The akim accepts the decision, or disagrees with reasons: then it is discussed again, and if still
    unresolved the district akim decides after the district maslikhat has discussed it."""
    require(actor, Action.CHANGE, decision)
    decision = _lock(Decision, decision.pk)
    if not decision.adopted:
        raise ValidationError(_("Only an adopted decision needs the akim's response."))
    if decision.akim_position != AkimPosition.PENDING:
        raise ValidationError(_("The akim has already responded to this decision."), code="responded")
    if not accept and not reason.strip():
        raise ValidationError({"reason": _("Give the reasons for disagreeing.")})
    decision.akim_position = AkimPosition.ACCEPTED if accept else AkimPosition.DISAGREED
    decision.akim_reason, decision.akim_responded_on = reason.strip(), _today()
    decision.save(update_fields=["akim_position", "akim_reason", "akim_responded_on"])
    audit.record(actor=actor, action="assemblies.akim_responded", obj=decision,
                 after={"position": decision.akim_position})
    if accept:
        for original in Decision.objects.select_for_update().filter(
                rediscussions__decision=decision, akim_position=AkimPosition.DISAGREED):
            original.akim_position = AkimPosition.RESOLVED
            original.save(update_fields=["akim_position"])
            audit.record(actor=actor, action="assemblies.disagreement_resolved", obj=original,
                         after={"by": decision.pk})
    return decision


@transaction.atomic
def record_district_resolution(actor: User, decision: Decision, *, outcome: str, decided_on: date) -> Decision:
    """The district akim's decision on a disagreement that re-discussion did not resolve."""
    require(actor, Action.APPROVE, decision)
    decision = _lock(Decision, decision.pk)
    if decision.akim_position != AkimPosition.DISAGREED:
        raise ValidationError(_("The district akim decides only where the akim disagrees."), code="not_disputed")
    if not outcome.strip():
        raise ValidationError({"outcome": _("Write the district akim's decision.")})
    if decided_on < (decision.akim_responded_on or decision.decided_on) or decided_on > _today():
        raise ValidationError({"decided_on": _("The date must be after the akim's response and not in the future.")})
    decision.akim_position, decision.district_outcome = AkimPosition.DISTRICT, outcome.strip()
    decision.district_decided_on = decided_on
    decision.save(update_fields=["akim_position", "district_outcome", "district_decided_on"])
    audit.record(actor=actor, action="assemblies.district_resolution", obj=decision, after={"on": decided_on})
    return decision


# --- development programme and monitoring ---------------------------------------------------------------


@transaction.atomic
def create_programme(actor: User, community: Community, *, title: str, first_year: int, last_year: int,
                     summary: str = "") -> DevelopmentProgramme:
    """The akim's apparatus drafts the development programme; the assembly agrees it (art. 38-1 p.10)."""
    require(actor, Action.CREATE, community.territory.code, subject="assemblies.developmentprogramme")
    if not title.strip():
        raise ValidationError({"title": _("Give the programme a title.")})
    if not 2000 <= first_year <= last_year <= first_year + 10:
        raise ValidationError({"last_year": _("The programme runs from its first to its last year, "
                                              "at most ten years.")})
    programme = DevelopmentProgramme.objects.create(community=community, title=title.strip(), first_year=first_year,
                                                    last_year=last_year, summary=summary.strip())
    audit.record(actor=actor, action="assemblies.programme_created", obj=programme,
                 after={"years": [first_year, last_year]})
    return programme


def _draft_programme(actor: User, programme: DevelopmentProgramme) -> DevelopmentProgramme:
    require(actor, Action.CHANGE, programme)
    programme = _lock(DevelopmentProgramme, programme.pk)
    if programme.status != ProgrammeStatus.DRAFT:
        raise ValidationError(_("An agreed programme changes only through a new version agreed by the assembly."),
                              code="agreed")
    return programme


@transaction.atomic
def add_goal(actor: User, programme: DevelopmentProgramme, *, title: str) -> Goal:
    programme = _draft_programme(actor, programme)
    if not title.strip():
        raise ValidationError({"title": _("Write the goal.")})
    position = (programme.goals.aggregate(n=Max("position"))["n"] or 0) + 1
    goal = Goal.objects.create(programme=programme, position=position, title=title.strip())
    audit.record(actor=actor, action="assemblies.goal_added", obj=programme, after={"goal": title.strip()})
    return goal


@transaction.atomic
def add_measure(actor: User, goal: Goal, *, title: str, year: int, amount: Decimal, source: str = "") -> Measure:
    programme = _draft_programme(actor, goal.programme)
    errors = {}
    if not title.strip():
        errors["title"] = _("Write the measure.")
    if not programme.first_year <= year <= programme.last_year:
        errors["year"] = _("The year must be within the programme's years.")
    if amount < 0:
        errors["amount"] = _("The amount cannot be negative.")
    if errors:
        raise ValidationError(errors)
    measure = Measure.objects.create(goal=goal, title=title.strip(), year=year, amount=amount, source=source.strip())
    audit.record(actor=actor, action="assemblies.measure_added", obj=programme,
                 after={"measure": title.strip(), "year": year, "amount": amount})
    return measure


@transaction.atomic
def add_indicator(actor: User, goal: Goal, *, name: str, unit: str, baseline: Decimal,
                  target: Decimal) -> Indicator:
    programme = _draft_programme(actor, goal.programme)
    if not name.strip() or not unit.strip():
        raise ValidationError({"name": _("Name the indicator and its unit.")})
    indicator = Indicator.objects.create(goal=goal, name=name.strip(), unit=unit.strip(), baseline=baseline,
                                         target=target)
    audit.record(actor=actor, action="assemblies.indicator_added", obj=programme,
                 after={"indicator": name.strip(), "baseline": baseline, "target": target})
    return indicator


@dataclass
class LineInput:
    label: str
    planned: Decimal
    achieved: Decimal
    indicator: Indicator | None = None


@transaction.atomic
def record_monitoring_report(actor: User, commission: Body, *, year: int, half: int, findings: str,
                             recommendations: str, signed_on: date, lines: Iterable[LineInput],
                             programme: DevelopmentProgramme | None = None,
                             extraordinary: bool = False) -> MonitoringReport:
    """The commission's signed report comparing planned and achieved indicators for a half-year (п.4)."""
    require(actor, Action.CREATE, commission.permission_scope, subject="assemblies.monitoringreport")
    lines = list(lines)
    errors = {}
    if commission.kind != BodyKind.COMMISSION:
        errors["commission"] = _("Reports are signed by the monitoring commission.")
    if half not in (1, 2):
        errors["half"] = _("Choose the first or the second half-year.")
    elif not extraordinary and signed_on <= (date(year, 6, 30) if half == 1 else date(year, 12, 31)):
        errors["signed_on"] = _("A half-year report is signed after the half-year ends.")
    if signed_on > _today():
        errors["signed_on"] = _("The report cannot be signed in the future.")
    if not findings.strip() or not recommendations.strip():
        errors["findings"] = _("Write the findings and the recommendations.")
    if not lines:
        errors["lines"] = _("Compare at least one planned indicator with what was achieved.")
    if programme is not None and programme.community_id != commission.community_id:
        errors["programme"] = _("Choose a programme of this community.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            report = MonitoringReport.objects.create(
                commission=commission, programme=programme, year=year, half=half, extraordinary=extraordinary,
                findings=findings.strip(), recommendations=recommendations.strip(), signed_on=signed_on,
                recorded_by=actor)
    except IntegrityError:
        raise ValidationError(_("The report for this half-year is already recorded."), code="duplicate") from None
    MonitoringLine.objects.bulk_create(
        MonitoringLine(report=report, indicator=line.indicator, label=line.label.strip(), planned=line.planned,
                       achieved=line.achieved) for line in lines)
    audit.record(actor=actor, action="assemblies.monitoring_recorded", obj=report,
                 after={"year": year, "half": half, "lines": len(lines)})
    return report


@transaction.atomic
def record_akim_conclusion(actor: User, report: MonitoringReport, *, conclusion: str) -> MonitoringReport:
    """The akim's reasoned conclusion on the adopted recommendations, brought to the next assembly (п.4)."""
    require(actor, Action.APPROVE, report)
    report = _lock(MonitoringReport, report.pk)
    if report.adopted_by_id is None:
        raise ValidationError(_("The assembly must adopt the recommendations first."), code="not_adopted")
    if not conclusion.strip():
        raise ValidationError({"conclusion": _("Write the conclusion.")})
    report.akim_conclusion, report.akim_concluded_on = conclusion.strip(), _today()
    report.save(update_fields=["akim_conclusion", "akim_concluded_on"])
    audit.record(actor=actor, action="assemblies.akim_conclusion", obj=report, after={"on": _today()})
    return report


# --- the akim's yearly report -------------------------------------------------------------------------------


@transaction.atomic
def draft_report(actor: User, community: Community, *, year: int, title: str, text: str) -> AkimReport:
    require(actor, Action.CREATE, community.territory.code, subject="assemblies.akimreport")
    if not title.strip() or not text.strip():
        raise ValidationError({"text": _("Write the title and the text of the report.")})
    from auyl.assemblies.figures import collect

    try:
        with transaction.atomic():
            report = AkimReport.objects.create(community=community, year=year, title=title.strip(),
                                               text=text.strip(), created_by=actor,
                                               figures=collect(community, year))
    except IntegrityError:
        raise ValidationError(_("The report for this year already exists."), code="duplicate") from None
    audit.record(actor=actor, action="assemblies.report_drafted", obj=report, after={"year": year})
    return report


@transaction.atomic
def publish_report(actor: User, report: AkimReport, *, meeting: Meeting) -> AkimReport:
    """Publish the report with the meeting where the akim presents it; questions are open until it starts."""
    require(actor, Action.PUBLISH, report)
    report = _lock(AkimReport, report.pk)
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(_("The report is already published."), code="published")
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    if meeting.body.community_id != report.community_id or meeting.kind != MeetingKind.AKIM_REPORT:
        raise ValidationError({"meeting": _("Choose the gathering convened for the akim's report.")})
    if meeting.status != MeetingStatus.NOTIFIED:
        raise ValidationError({"meeting": _("Publish the meeting's notice first.")})
    report.status, report.meeting, report.published_at = ReportStatus.PUBLISHED, meeting, timezone.now()
    report.save(update_fields=["status", "meeting", "published_at"])
    audit.record(actor=actor, action="assemblies.report_published", obj=report, after={"meeting": meeting.pk})
    return report


MAX_QUESTIONS_PER_RESIDENT = 3


def _verified_resident_of(user: User, community_id: int) -> Resident:
    resident = getattr(user, "resident", None)
    if resident is None or resident.community_id != community_id:
        raise ValidationError(_("Only verified residents of this community can do this."), code="not_resident")
    return resident


@transaction.atomic
def ask_question(user: User, report: AkimReport, text: str) -> ReportQuestion:
    """A verified resident's question before the meeting (at most three each)."""
    require(user, Action.CREATE, report.permission_scope, subject="assemblies.reportquestion")
    _verified_resident_of(user, report.community_id)
    report = AkimReport.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=report.pk)
    if report.status != ReportStatus.PUBLISHED or timezone.now() >= report.meeting.starts_at:
        raise ValidationError(_("Questions are taken after the report is published and before the meeting."),
                              code="closed")
    text = text.strip()
    if not 10 <= len(text) <= 2000:
        raise ValidationError({"text": _("A question is 10 to 2,000 characters long.")})
    if report.questions.filter(author=user).count() >= MAX_QUESTIONS_PER_RESIDENT:
        raise ValidationError(_("You have already asked %(n)s questions.") % {"n": MAX_QUESTIONS_PER_RESIDENT},
                              code="too_many")
    question = ReportQuestion.objects.create(report=report, author=user, text=text)
    audit.record(actor=user, action="assemblies.question_asked", obj=report, after={"question": question.pk})
    return question


@transaction.atomic
def answer_question(actor: User, question: ReportQuestion, answer: str) -> ReportQuestion:
    require(actor, Action.CHANGE, question)
    question = _lock(ReportQuestion, question.pk)
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    question.answer, question.answered_at = answer.strip(), timezone.now()
    question.save(update_fields=["answer", "answered_at"])
    audit.record(actor=actor, action="assemblies.question_answered", obj=question.report,
                 after={"question": question.pk})
    return question


@transaction.atomic
def mark_report_held(actor: User, report: AkimReport) -> AkimReport:
    """After the meeting: ratings open."""
    require(actor, Action.PUBLISH, report)
    report = AkimReport.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=report.pk)
    if report.status != ReportStatus.PUBLISHED:
        raise ValidationError(_("Only a published report can be marked as held."), code="status")
    if report.meeting.status in (MeetingStatus.DRAFT, MeetingStatus.NOTIFIED, MeetingStatus.CANCELLED):
        raise ValidationError(_("The report meeting has not taken place yet."), code="not_held")
    report.status, report.held_at = ReportStatus.HELD, timezone.now()
    report.save(update_fields=["status", "held_at"])
    audit.record(actor=actor, action="assemblies.report_held", obj=report, after={"held_at": report.held_at})
    return report


@transaction.atomic
def rate_report(user: User, report: AkimReport, score: int) -> ReportRating:
    """One rating (1–5) per verified resident, after the meeting; a second one is refused."""
    require(user, Action.CREATE, report.permission_scope, subject="assemblies.reportrating")
    resident = _verified_resident_of(user, report.community_id)
    report = AkimReport.objects.get(pk=report.pk)
    if report.status != ReportStatus.HELD:
        raise ValidationError(_("The report is rated after the meeting."), code="closed")
    if score not in (1, 2, 3, 4, 5):
        raise ValidationError({"score": _("Choose a rating from 1 to 5.")})
    try:
        with transaction.atomic():
            rating = ReportRating.objects.create(report=report, resident=resident, score=score)
    except IntegrityError:
        raise ValidationError(_("You have already rated this report."), code="duplicate") from None
    audit.record(actor=user, action="assemblies.report_rated", obj=report, after={"rating": rating.pk})
    return rating


# --- no confidence ----------------------------------------------------------------------------------------


def _start_dismissal(actor: User, decision: Decision) -> DismissalProcedure:
    from auyl.people.models import RoleAssignment

    akim = (RoleAssignment.objects.filter(role="akim", territory__code=decision.community.territory.code)
            .select_related("user").first())
    name = (akim.user.get_full_name() or akim.user.get_username()) if akim else ""
    procedure = DismissalProcedure.objects.create(community=decision.community, decision=decision,
                                                  akim_name=name, started_on=decision.decided_on)
    DismissalStep.objects.create(procedure=procedure, kind=StepKind.ASSEMBLY, occurred_on=decision.decided_on,
                                 reference=decision.reference, recorded_by=actor)
    audit.record(actor=actor, action="assemblies.dismissal_started", obj=procedure,
                 after={"decision": decision.pk, "on": decision.decided_on})
    return procedure


STEP_ACTION = {StepKind.SIGNATURES: Action.CHANGE, StepKind.VERIFIED: Action.CHANGE, StepKind.VOTE: Action.CHANGE,
               StepKind.DISTRICT: Action.APPROVE}


@transaction.atomic
def record_dismissal_step(actor: User, procedure: DismissalProcedure, *, kind: str, occurred_on: date,
                          count: int | None = None, total: int | None = None, positive: bool = True,
                          reference: str = "") -> DismissalStep:
    """Record the next legal step, by the role entitled to it: signatures, verification and the vote by the
    maslikhat; the decision by the district akim. Outcomes are computed from the figures where the law gives
    the rule (1/5 of deputies; majority of all deputies); a late step is recorded and flagged."""
    if kind not in STEP_ACTION:
        raise ValidationError({"kind": _("This step cannot be recorded by hand.")})
    require(actor, STEP_ACTION[kind], procedure)
    procedure = _lock(DismissalProcedure, procedure.pk)
    steps = [deadlines.Step(s.kind, s.round, s.occurred_on, s.positive) for s in procedure.steps.all()]
    expected = deadlines.next_step(steps)
    if expected.kind is None or procedure.status in (DismissalStatus.DISMISSED, DismissalStatus.CONFIDENCE_KEPT):
        raise ValidationError(_("This procedure has ended."), code="ended")
    if kind != expected.kind:
        raise ValidationError(_("The next step by law is: %(step)s.") % {"step": StepKind(expected.kind).label},
                              code="order")
    if occurred_on > _today() or occurred_on < steps[-1].occurred_on:
        raise ValidationError({"occurred_on": _("The date must be after the previous step and not in the future.")})
    if expected.not_before and occurred_on < expected.not_before:
        raise ValidationError({"occurred_on": _("A repeat vote is possible from %(date)s.") % {
            "date": expected.not_before.strftime("%d.%m.%Y")}})
    if kind in (StepKind.SIGNATURES, StepKind.VOTE):
        if total is None or count is None or total < 1 or not 0 <= count <= total:
            raise ValidationError({"count": _("Give the number of deputies and how many signed or voted for.")})
        positive = (deadlines.enough_signatures(count, total) if kind == StepKind.SIGNATURES
                    else deadlines.no_confidence(count, total))
    if kind == StepKind.DISTRICT and expected.must_terminate and not positive:
        raise ValidationError(_("After a repeat vote of no confidence the district akim must terminate the "
                                "powers."), code="must_terminate")
    step = DismissalStep.objects.create(
        procedure=procedure, kind=kind, round=expected.round, occurred_on=occurred_on, due_on=expected.due_on,
        late=bool(expected.due_on and occurred_on > expected.due_on), count=count, total=total, positive=positive,
        reference=reference.strip(), recorded_by=actor)
    after = deadlines.next_step([*steps, deadlines.Step(kind, expected.round, occurred_on, positive)])
    if after.kind is None:
        procedure.status = DismissalStatus.DISMISSED if (kind == StepKind.DISTRICT and positive) \
            else DismissalStatus.CONFIDENCE_KEPT
        procedure.ended_on = occurred_on
    elif kind == StepKind.DISTRICT:
        procedure.status = DismissalStatus.REPEAT_POSSIBLE
    procedure.save(update_fields=["status", "ended_on"])
    audit.record(actor=actor, action="assemblies.dismissal_step", obj=procedure,
                 after={"kind": kind, "round": step.round, "on": occurred_on, "positive": positive,
                        "late": step.late})
    return step
