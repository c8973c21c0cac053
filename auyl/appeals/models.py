"""Residents' appeals (өтініштер / обращения) with their legal terms, personal receptions, requests to other
agencies, and keys of Open311 clients. Shaped after e-Otinish's ``appeals`` / ``appeals_history`` tables."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from auyl.territory.models import Community, Territory


class Kind(models.TextChoices):
    """Art. 4 and 87 of the Administrative Procedural Code: what the appeal asks for decides its procedure."""

    APPLICATION = "application", _("Application")  # заявление
    COMPLAINT = "complaint", _("Complaint")  # жалоба
    PROPOSAL = "proposal", _("Proposal")  # предложение (simplified procedure)
    REPORT = "report", _("Report of a problem")  # сообщение (simplified procedure)


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    PAPER = "paper", _("Paper letter")
    PHONE = "phone", _("Phone call")
    RECEPTION = "reception", _("Personal reception")
    OPEN311 = "open311", _("Open311 client")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_PROGRESS = "in_progress", _("In progress")
    FORWARDED = "forwarded", _("Forwarded to the competent body")
    ANSWERED = "answered", _("Answered")
    TERMINATED = "terminated", _("Closed without consideration")


OPEN_STATUSES = (Status.REGISTERED, Status.IN_PROGRESS)


class Category(models.Model):
    """A kind of problem residents write about; its ``code`` is the Open311 ``service_code``."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    group = models.CharField(_("group"), max_length=60, blank=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=150)
    name_ru = models.CharField(_("name in Russian"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("appeal category")
        verbose_name_plural = _("appeal categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "kk")[:2]
        return {"kk": self.name_kk, "ru": self.name_ru}.get(language, self.name_en)

    is_public = True
    permission_scope = ""


class Appeal(models.Model):
    """One appeal. ``number`` and ``registered_on`` make its receipt (талон, art. 64); ``deadline`` is the
    current last day of its term (the original ``due_on`` or an extension)."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="appeals")
    number = models.CharField(_("registration number"), max_length=32, unique=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.APPLICATION)
    channel = models.CharField(_("received through"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="appeals",
                                 verbose_name=_("category"))
    settlement = models.ForeignKey(Territory, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("settlement"))
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"))
    location_text = models.CharField(_("place of the problem"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_public = models.BooleanField(_("published without the applicant's name"), default=False)

    # The applicant: personal data, shown only to the akim's office and the applicant.
    applicant_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="appeals")
    applicant_resident = models.ForeignKey("people.Resident", null=True, blank=True, on_delete=models.SET_NULL,
                                           related_name="+")
    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_contact = models.CharField(_("phone or e-mail"), max_length=100, blank=True)
    applicant_address = models.CharField(_("postal address"), max_length=300, blank=True)

    received_at = models.DateTimeField(_("received"))
    registered_on = models.DateField(_("registered on"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    due_on = models.DateField(_("legal term"))
    forward_by = models.DateField(_("forward by"))
    deadline = models.DateField(_("deadline"), db_index=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extension_notice_by = models.DateField(_("notify the applicant by"), null=True, blank=True)

    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="assigned_appeals", verbose_name=_("assigned to"))
    forwarded_to = models.CharField(_("forwarded to"), max_length=200, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating of the answer"), null=True, blank=True)
    rating_comment = models.CharField(_("comment on the answer"), max_length=500, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    # Filled by the AI helper (issue 9): a suggested category and how sure it is; staff decide.
    suggested_category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL,
                                           related_name="+")
    suggestion_confidence = models.FloatField(null=True, blank=True)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        indexes = [models.Index(fields=["community", "status", "deadline"])]
        constraints = [
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="appeal_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.deadline < today

    @property
    def is_extended(self) -> bool:
        return self.deadline != self.due_on


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned")
    NOTE = "note", _("Internal note")
    EXTENDED = "extended", _("Term extended")
    FORWARDED = "forwarded", _("Forwarded")
    ANSWERED = "answered", _("Answered")
    TERMINATED = "terminated", _("Closed without consideration")
    RATED = "rated", _("Answer rated")
    CATEGORY = "category", _("Category changed")


class AppealEvent(models.Model):
    """The appeal's history; ``internal`` events (notes) are seen by the akim's office only."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    text = models.TextField(blank=True)
    internal = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.kind}"


def _photo_path(instance: AppealPhoto, filename: str) -> str:
    return f"appeals/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:5]}"


class AppealPhoto(models.Model):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=_photo_path)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.image.name


class RegistrationCounter(models.Model):
    """The last number given in a community's series for a year; locked while a number is taken."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    series = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["community", "series", "year"], name="one_counter_per_series")]

    def __str__(self) -> str:
        return f"{self.community_id}/{self.series}/{self.year}: {self.last}"


class Reception(models.Model):
    """A personal reception of citizens by the akim or a deputy (art. 90: at least monthly), public schedule."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="receptions")
    official = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("official"))
    official_title = models.CharField(_("who receives"), max_length=200)
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per visitor"), default=15)
    place = models.CharField(_("place"), max_length=200)

    class Meta:
        ordering = ["day", "starts_at"]
        verbose_name = _("personal reception")
        verbose_name_plural = _("personal receptions")
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="reception_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.official_title} {self.day}"

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code

    is_public = True


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    ATTENDED = "attended", _("Received")
    MISSED = "missed", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")


class ReceptionBooking(models.Model):
    """One visitor's slot at a reception; a slot cannot be booked twice (database constraint)."""

    reception = models.ForeignKey(Reception, on_delete=models.CASCADE, related_name="bookings")
    slot = models.TimeField(_("time"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="reception_bookings")
    visitor_name = models.CharField(_("visitor"), max_length=200)
    visitor_contact = models.CharField(_("phone or e-mail"), max_length=100, blank=True)
    topic = models.CharField(_("question"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    outcome = models.TextField(_("result of the reception"), blank=True)
    appeal = models.ForeignKey(Appeal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reception", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["reception", "slot"], condition=~Q(status="cancelled"),
                                    name="one_visitor_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.reception_id} {self.slot}"

    @property
    def permission_scope(self) -> str:
        return self.reception.community.territory.code


class RequestStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AgencyRequest(models.Model):
    """A request of the akim's office to another body (e.g. the district land department), tracked like an
    appeal: a number, a term in working days, overdue when unanswered."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="agency_requests")
    number = models.CharField(_("registration number"), max_length=32, unique=True)
    agency = models.CharField(_("addressee"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"))
    sent_on = models.DateField(_("sent on"))
    deadline = models.DateField(_("answer due"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.SENT)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    appeal = models.ForeignKey(Appeal, null=True, blank=True, on_delete=models.SET_NULL, related_name="agency_requests",
                               verbose_name=_("for appeal"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("request to an agency")
        verbose_name_plural = _("requests to agencies")

    def __str__(self) -> str:
        return self.number

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code


class Open311Key(models.Model):
    """An API key of an Open311 client (stored hashed): the standard asks POSTing clients for ``api_key``."""

    name = models.CharField(_("client"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return self.name
