"""Write rules for appeals, receptions and requests to other agencies (Administrative Procedural Code).

Every change checks permissions with ``require``, validates with localised errors, writes in one transaction
with its history event and audit entry, and notifies the applicant after the commit.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.appeals import deadlines
from auyl.appeals.models import (
    OPEN_STATUSES,
    AgencyRequest,
    Appeal,
    AppealEvent,
    AppealPhoto,
    BookingStatus,
    Category,
    Channel,
    EventKind,
    Kind,
    Open311Key,
    Reception,
    ReceptionBooking,
    RegistrationCounter,
    RequestStatus,
    Status,
)
from auyl.core import audit
from auyl.core.permissions import can, require
from auyl.people import crypto
from auyl.people.iin import parse_iin
from auyl.people.models import Resident
from auyl.territory.models import Community, Territory

MAX_TEXT = 5000
MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MIN_ANSWER = 10
MIN_REASON = 20
OFFICE_CHANNELS = (Channel.PAPER, Channel.PHONE, Channel.RECEPTION)
SIMPLIFIED_KINDS = (Kind.PROPOSAL, Kind.REPORT)


# --- numbering ---------------------------------------------------------------------------------------


def _next_number(community: Community, series: str, year: int) -> int:
    """Take the next number of a series under a row lock, so parallel registrations never share one."""
    try:
        with transaction.atomic():
            RegistrationCounter.objects.get_or_create(community=community, series=series, year=year)
    except IntegrityError:  # another transaction created the counter first
        pass
    counter = RegistrationCounter.objects.select_for_update().get(community=community, series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _appeal_number(community: Community, year: int) -> str:
    return f"{community.territory.code[:6]}-{year}-{_next_number(community, 'A', year):05d}"


# --- filing ------------------------------------------------------------------------------------------


def _clean_text(value: str, field: str, *, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError({field: _("Write at most %(n)s characters.") % {"n": limit}})
    return value


def _clean_location(latitude, longitude) -> tuple[Decimal | None, Decimal | None]:
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    try:
        lat, lon = Decimal(str(latitude)).quantize(Decimal("0.000001")), Decimal(str(longitude)).quantize(
            Decimal("0.000001"))
    except (ArithmeticError, ValueError):
        raise ValidationError({"latitude": _("Give the place as latitude and longitude in degrees.")}) from None
    if not (Decimal(-90) <= lat <= Decimal(90) and Decimal(-180) <= lon <= Decimal(180)):
        raise ValidationError({"latitude": _("Give the place as latitude and longitude in degrees.")})
    return lat, lon


def _clean_photos(photos: Sequence) -> list:
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("Attach at most %(n)s photos.") % {"n": MAX_PHOTOS}})
    checker = forms.ImageField()
    for photo in photos:
        if photo.size > MAX_PHOTO_BYTES:
            raise ValidationError({"photos": _("A photo may be at most 5 MB.")})
        try:
            checker.clean(photo)
        except ValidationError:
            raise ValidationError({"photos": _("This file is not a photo (JPEG, PNG or WebP).")}) from None
        photo.seek(0)
    return list(photos)


def _resident_by_iin(iin: str, community: Community) -> Resident | None:
    info = parse_iin(iin)
    return Resident.objects.filter(iin_hash=crypto.lookup_hash(info.iin), community=community).first()


def _event(appeal: Appeal, kind: str, actor=None, text: str = "", *, internal: bool = False) -> AppealEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AppealEvent.objects.create(appeal=appeal, kind=kind, actor=user, text=text, internal=internal)


def _notify(appeal: Appeal, event: str) -> None:
    from auyl.appeals.notices import tell_applicant

    tell_applicant(appeal, event)


def file_appeal(
    *,
    actor,
    community: Community,
    category: Category,
    subject: str,
    text: str,
    kind: str = Kind.APPLICATION,
    channel: str = Channel.WEB,
    settlement: Territory | None = None,
    location_text: str = "",
    latitude=None,
    longitude=None,
    is_public: bool = False,
    applicant_name: str = "",
    applicant_contact: str = "",
    applicant_address: str = "",
    applicant_iin: str = "",
    received_at: datetime | None = None,
    photos: Sequence = (),
    client: Open311Key | None = None,
) -> Appeal:
    """Register an appeal the day it arrives (art. 64) and compute its terms; returns it with its number.

    Residents file for themselves (``channel`` web); the akim's office enters appeals received on paper, by
    phone or at a reception; an Open311 client (``client``, a checked API key) posts reports.
    """
    if channel == Channel.OPEN311:
        if client is None or not client.is_active:
            raise ValidationError(_("A valid Open311 API key is required."), code="api_key")
    elif channel in OFFICE_CHANNELS:
        require(actor, "change", community.territory.code, subject="appeals.appeal")
    else:
        require(actor, "create", community.territory.code, subject="appeals.appeal")
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of appeal.")})
    if not category.is_active:
        raise ValidationError({"category": _("Choose a category from the list.")})
    if settlement is not None and not settlement.code.startswith(community.territory.prefix):
        raise ValidationError({"settlement": _("This settlement is not in the community.")})
    subject = _clean_text(subject, "subject", limit=200)
    text = _clean_text(text, "text", limit=MAX_TEXT)
    location_text = _clean_text(location_text, "location_text", limit=300, required=False)
    latitude, longitude = _clean_location(latitude, longitude)
    photos = _clean_photos(photos)

    applicant_user, resident = None, None
    if channel == Channel.WEB:
        applicant_user = actor
        resident = actor.resident if actor.resident_id and actor.resident.community_id == community.pk else None
        applicant_name = resident.full_name if resident else applicant_name
        applicant_contact = applicant_contact or actor.username
        if resident and not applicant_address:
            applicant_address = resident.address
    elif applicant_iin.strip():
        try:
            resident = _resident_by_iin(applicant_iin, community)
        except ValidationError as error:
            raise ValidationError({"applicant_iin": error.messages}) from None
    applicant_name = _clean_text(applicant_name, "applicant_name", limit=200, required=channel != Channel.OPEN311)
    applicant_contact = _clean_text(applicant_contact, "applicant_contact", limit=100, required=False)
    applicant_address = _clean_text(applicant_address, "applicant_address", limit=300, required=False)

    received_at = received_at or timezone.now()
    registered_on = deadlines.registration_date(timezone.localdate(received_at))
    due_on = deadlines.due_date(kind, registered_on)
    with transaction.atomic():
        appeal = Appeal.objects.create(
            community=community, number=_appeal_number(community, registered_on.year), kind=kind, channel=channel,
            category=category, settlement=settlement, subject=subject, text=text, location_text=location_text,
            latitude=latitude, longitude=longitude, is_public=is_public or channel == Channel.OPEN311,
            applicant_user=applicant_user, applicant_resident=resident, applicant_name=applicant_name,
            applicant_contact=applicant_contact, applicant_address=applicant_address, received_at=received_at,
            registered_on=registered_on, registered_by=actor if channel in OFFICE_CHANNELS else None,
            due_on=due_on, deadline=due_on, forward_by=deadlines.forward_by(registered_on),
        )
        for photo in photos:
            AppealPhoto.objects.create(appeal=appeal, image=photo)
        _event(appeal, EventKind.REGISTERED, actor, appeal.get_channel_display())
        audit.record(actor=actor or f"open311:{client.pk}", action="appeals.registered", obj=appeal, after={
            "number": appeal.number, "kind": kind, "category": category.code, "channel": channel,
            "deadline": due_on})
        _notify(appeal, "registered")
    return appeal


# --- handling ----------------------------------------------------------------------------------------


def _locked_open(appeal: Appeal) -> Appeal:
    locked = Appeal.objects.select_for_update().select_related("community__territory").get(pk=appeal.pk)
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(_("This appeal is already closed (%(status)s).")
                              % {"status": locked.get_status_display()}, code="closed")
    return locked


@transaction.atomic
def assign(*, actor, appeal: Appeal, assignee) -> Appeal:
    require(actor, "change", appeal)
    appeal = _locked_open(appeal)
    if not can(assignee, "change", appeal):
        raise ValidationError({"assignee": _("Assign the appeal to someone in this akim's office.")})
    appeal.assignee, appeal.status = assignee, Status.IN_PROGRESS
    appeal.save(update_fields=["assignee", "status", "updated_at"])
    _event(appeal, EventKind.ASSIGNED, actor, assignee.get_full_name() or assignee.get_username(), internal=True)
    audit.record(actor=actor, action="appeals.assigned", obj=appeal, after={"assignee": assignee.pk})
    return appeal


@transaction.atomic
def add_note(*, actor, appeal: Appeal, text: str) -> AppealEvent:
    require(actor, "change", appeal)
    text = _clean_text(text, "text", limit=MAX_TEXT)
    return _event(appeal, EventKind.NOTE, actor, text, internal=True)


@transaction.atomic
def change_category(*, actor, appeal: Appeal, category: Category) -> Appeal:
    require(actor, "change", appeal)
    appeal = _locked_open(appeal)
    before = appeal.category.code
    appeal.category = category
    appeal.save(update_fields=["category", "updated_at"])
    _event(appeal, EventKind.CATEGORY, actor, category.name, internal=True)
    audit.record(actor=actor, action="appeals.category_changed", obj=appeal, before={"category": before},
                 after={"category": category.code})
    return appeal


@transaction.atomic
def extend_term(*, actor, appeal: Appeal, until: date, reason: str, today: date | None = None) -> Appeal:
    """Art. 76: the head extends the term by a reasoned decision, up to two months from registration,
    before the term has run out; the applicant must be told within three working days."""
    require(actor, "approve", appeal)
    appeal = _locked_open(appeal)
    today = today or timezone.localdate()
    reason = _clean_text(reason, "reason", limit=MAX_TEXT)
    if len(reason) < MIN_REASON:
        raise ValidationError({"reason": _("Give the reasons for the extension (at least %(n)s characters).")
                               % {"n": MIN_REASON}})
    if today > appeal.deadline:
        raise ValidationError(_("The term has already run out; it can no longer be extended."), code="late")
    latest = deadlines.latest_extension(appeal.registered_on)
    if until <= appeal.deadline:
        raise ValidationError({"until": _("The new term must be later than the current one.")})
    if until > latest:
        raise ValidationError({"until": _("The term may be extended up to %(date)s at most (two months).")
                               % {"date": latest.strftime("%d.%m.%Y")}})
    before = appeal.deadline
    appeal.deadline, appeal.extension_reason = until, reason
    appeal.extension_notice_by = deadlines.extension_notice_by(today)
    appeal.save(update_fields=["deadline", "extension_reason", "extension_notice_by", "updated_at"])
    _event(appeal, EventKind.EXTENDED, actor, reason)
    audit.record(actor=actor, action="appeals.extended", obj=appeal, before={"deadline": before},
                 after={"deadline": until})
    _notify(appeal, "extended")
    return appeal


@transaction.atomic
def forward(*, actor, appeal: Appeal, to: str, today: date | None = None) -> Appeal:
    """Art. 65: an appeal for another body goes there within three working days, and the applicant is told."""
    require(actor, "change", appeal)
    appeal = _locked_open(appeal)
    appeal.forwarded_to = _clean_text(to, "to", limit=200)
    appeal.forwarded_on, appeal.status = today or timezone.localdate(), Status.FORWARDED
    appeal.save(update_fields=["forwarded_to", "forwarded_on", "status", "updated_at"])
    _event(appeal, EventKind.FORWARDED, actor, appeal.forwarded_to)
    audit.record(actor=actor, action="appeals.forwarded", obj=appeal,
                 after={"forwarded_on": appeal.forwarded_on, "late": appeal.forwarded_on > appeal.forward_by})
    _notify(appeal, "forwarded")
    return appeal


@transaction.atomic
def answer(*, actor, appeal: Appeal, text: str) -> Appeal:
    require(actor, "change", appeal)
    appeal = _locked_open(appeal)
    text = _clean_text(text, "text", limit=MAX_TEXT)
    if len(text) < MIN_ANSWER:
        raise ValidationError({"text": _("Write a full answer (at least %(n)s characters).") % {"n": MIN_ANSWER}})
    appeal.answer, appeal.answered_at, appeal.answered_by = text, timezone.now(), actor
    appeal.status = Status.ANSWERED
    appeal.save(update_fields=["answer", "answered_at", "answered_by", "status", "updated_at"])
    _event(appeal, EventKind.ANSWERED, actor)
    audit.record(actor=actor, action="appeals.answered", obj=appeal,
                 after={"on_time": timezone.localdate(appeal.answered_at) <= appeal.deadline})
    _notify(appeal, "answered")
    return appeal


@transaction.atomic
def terminate(*, actor, appeal: Appeal, reason: str) -> Appeal:
    """Arts. 87-89: a proposal or report in the simplified procedure, or an anonymous appeal, may be closed
    without consideration (taken note of)."""
    require(actor, "change", appeal)
    appeal = _locked_open(appeal)
    if appeal.kind not in SIMPLIFIED_KINDS and appeal.applicant_name:
        raise ValidationError(_("Only proposals, reports and anonymous appeals may be closed without an answer."),
                              code="not_simplified")
    appeal.answer = _clean_text(reason, "reason", limit=MAX_TEXT)
    appeal.answered_at, appeal.answered_by, appeal.status = timezone.now(), actor, Status.TERMINATED
    appeal.save(update_fields=["answer", "answered_at", "answered_by", "status", "updated_at"])
    _event(appeal, EventKind.TERMINATED, actor, appeal.answer)
    audit.record(actor=actor, action="appeals.terminated", obj=appeal)
    return appeal


@transaction.atomic
def rate_answer(*, actor, appeal: Appeal, rating: int, comment: str = "") -> Appeal:
    """The applicant rates the answer once, from 1 (bad) to 5 (good)."""
    require(actor, "change", appeal, subject="appeals.rating")
    appeal = Appeal.objects.select_for_update().select_related("community__territory").get(pk=appeal.pk)
    if appeal.status != Status.ANSWERED:
        raise ValidationError(_("You can rate an appeal once it has been answered."), code="not_answered")
    if appeal.rating is not None:
        raise ValidationError(_("You have already rated this answer."), code="rated")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    appeal.rating, appeal.rated_at = rating, timezone.now()
    appeal.rating_comment = _clean_text(comment, "comment", limit=500, required=False)
    appeal.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    _event(appeal, EventKind.RATED, actor, str(rating))
    audit.record(actor=actor, action="appeals.rated", obj=appeal, after={"rating": rating})
    return appeal


# --- personal receptions (art. 90) -------------------------------------------------------------------


def slots_of(reception: Reception) -> list[time]:
    start = datetime.combine(reception.day, reception.starts_at)
    end = datetime.combine(reception.day, reception.ends_at)
    step = timedelta(minutes=max(reception.slot_minutes, 5))
    slots = []
    while start + step <= end:
        slots.append(start.time())
        start += step
    return slots


@transaction.atomic
def schedule_receptions(*, actor, community: Community, official, official_title: str, days: Iterable[date],
                        starts_at: time, ends_at: time, place: str, slot_minutes: int = 15) -> list[Reception]:
    """Put personal receptions on the public schedule (one per given day, e.g. monthly)."""
    require(actor, "create", community.territory.code, subject="appeals.reception")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The reception must end after it starts.")})
    if not 5 <= slot_minutes <= 120:
        raise ValidationError({"slot_minutes": _("A visitor's time must be from 5 to 120 minutes.")})
    official_title = _clean_text(official_title, "official_title", limit=200)
    place = _clean_text(place, "place", limit=200)
    receptions = [Reception.objects.create(community=community, official=official, official_title=official_title,
                                           day=day, starts_at=starts_at, ends_at=ends_at, place=place,
                                           slot_minutes=slot_minutes) for day in days]
    for reception in receptions:
        audit.record(actor=actor, action="appeals.reception_scheduled", obj=reception,
                     after={"day": reception.day, "official": official.pk})
    return receptions


def book_slot(*, actor, reception: Reception, slot: time, topic: str, visitor_name: str = "",
              visitor_contact: str = "", today: date | None = None) -> ReceptionBooking:
    """A resident books a time at a reception (the office may book for a caller); a slot goes to one person."""
    require(actor, "create", reception.permission_scope, subject="appeals.receptionbooking")
    if reception.day < (today or timezone.localdate()):
        raise ValidationError(_("This reception has already taken place."), code="past")
    if slot not in slots_of(reception):
        raise ValidationError({"slot": _("Choose one of the reception's times.")})
    topic = _clean_text(topic, "topic", limit=300)
    is_office = can(actor, "change", reception)
    if not is_office:
        resident = actor.resident
        visitor_name = resident.full_name if resident else visitor_name
        visitor_contact = visitor_contact or actor.username
    visitor_name = _clean_text(visitor_name, "visitor_name", limit=200)
    try:
        with transaction.atomic():
            booking = ReceptionBooking.objects.create(
                reception=reception, slot=slot, user=None if is_office else actor, visitor_name=visitor_name,
                visitor_contact=_clean_text(visitor_contact, "visitor_contact", limit=100, required=False),
                topic=topic)
            audit.record(actor=actor, action="appeals.reception_booked", obj=booking,
                         after={"reception": reception.pk, "slot": slot})
    except IntegrityError:
        raise ValidationError({"slot": _("This time is already taken. Choose another one.")}) from None
    return booking


@transaction.atomic
def record_visit(*, actor, booking: ReceptionBooking, status: str, outcome: str = "",
                 appeal_category: Category | None = None, appeal_subject: str = "") -> ReceptionBooking:
    """After the reception: who came and what was decided; a question that needs an answer becomes an appeal
    registered the same day (channel: personal reception)."""
    require(actor, "change", booking)
    if status not in (BookingStatus.ATTENDED, BookingStatus.MISSED, BookingStatus.CANCELLED):
        raise ValidationError({"status": _("Choose what happened.")})
    booking = ReceptionBooking.objects.select_for_update().select_related("reception__community__territory").get(
        pk=booking.pk)
    booking.status, booking.outcome = status, _clean_text(outcome, "outcome", limit=MAX_TEXT, required=False)
    if appeal_category is not None and status == BookingStatus.ATTENDED and booking.appeal_id is None:
        booking.appeal = file_appeal(
            actor=actor, community=booking.reception.community, category=appeal_category, channel=Channel.RECEPTION,
            subject=appeal_subject or booking.topic, text=booking.outcome or booking.topic,
            applicant_name=booking.visitor_name, applicant_contact=booking.visitor_contact)
        booking.appeal.applicant_user = booking.user
        booking.appeal.save(update_fields=["applicant_user"])
    booking.save(update_fields=["status", "outcome", "appeal"])
    audit.record(actor=actor, action="appeals.reception_recorded", obj=booking, after={"status": status})
    return booking


# --- requests to other agencies ----------------------------------------------------------------------


@transaction.atomic
def send_agency_request(*, actor, community: Community, agency: str, subject: str, text: str,
                        appeal: Appeal | None = None, sent_on: date | None = None,
                        term_days: int = deadlines.TERM_WORKING_DAYS["application"]) -> AgencyRequest:
    """Record a request sent to another body; its answer is due in ``term_days`` working days."""
    require(actor, "create", community.territory.code, subject="appeals.agencyrequest")
    if appeal is not None and appeal.community_id != community.pk:
        raise ValidationError({"appeal": _("The appeal belongs to another community.")})
    if not 1 <= term_days <= 60:
        raise ValidationError({"term_days": _("The term must be from 1 to 60 working days.")})
    sent_on = deadlines.registration_date(sent_on or timezone.localdate())
    request = AgencyRequest.objects.create(
        community=community, number=f"{community.territory.code[:6]}-{sent_on.year}-R"
                                    f"{_next_number(community, 'R', sent_on.year):04d}",
        agency=_clean_text(agency, "agency", limit=200), subject=_clean_text(subject, "subject", limit=200),
        text=_clean_text(text, "text", limit=MAX_TEXT), sent_on=sent_on, appeal=appeal, created_by=actor,
        deadline=deadlines.add_working_days(sent_on, term_days, count_start=True))
    if appeal is not None:
        _event(appeal, EventKind.NOTE, actor, _("Request %(number)s sent to %(agency)s")
               % {"number": request.number, "agency": request.agency}, internal=True)
    audit.record(actor=actor, action="appeals.agency_request_sent", obj=request,
                 after={"number": request.number, "deadline": request.deadline})
    return request


@transaction.atomic
def record_agency_answer(*, actor, request: AgencyRequest, answer_text: str,
                         answered_on: date | None = None) -> AgencyRequest:
    require(actor, "change", request)
    request = AgencyRequest.objects.select_for_update().select_related("community__territory").get(pk=request.pk)
    if request.status != RequestStatus.SENT:
        raise ValidationError(_("This request is already closed."), code="closed")
    request.answer = _clean_text(answer_text, "answer", limit=MAX_TEXT)
    request.answered_on, request.status = answered_on or timezone.localdate(), RequestStatus.ANSWERED
    request.save(update_fields=["answer", "answered_on", "status", "updated_at"])
    audit.record(actor=actor, action="appeals.agency_request_answered", obj=request,
                 after={"on_time": request.answered_on <= request.deadline})
    return request


# --- Open311 clients ---------------------------------------------------------------------------------


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_open311_key(*, actor, name: str, trusted: bool = False) -> tuple[Open311Key, str]:
    """A new API key for an Open311 client; the clear key is returned once and stored only hashed.
    Platform administrators issue keys; ``trusted`` is for the operator's console command."""
    if not trusted:
        require(actor, "change", "", subject="appeals.open311key")
    key = secrets.token_urlsafe(24)
    record = Open311Key.objects.create(name=_clean_text(name, "name", limit=100), key_hash=_key_hash(key))
    audit.record(actor=actor or "console", action="appeals.open311_key_issued", obj=record)
    return record, key


def open311_client(api_key: str) -> Open311Key | None:
    if not api_key:
        return None
    return Open311Key.objects.filter(key_hash=_key_hash(api_key.strip()), is_active=True).first()
