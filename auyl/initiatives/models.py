"""Citizen initiatives (азаматтық бастама / гражданская инициатива), deputies' petitions, their signatures with
a hash-chained public log, paper signature sheets entered twice, and public-expertise polls (қоғамдық сараптама)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from auyl.core.hashing import GENESIS_HASH
from auyl.territory.models import Community, Territory


def public_name(user) -> str:
    """How an author is shown publicly: the registry name of a resident, the name or login of an official."""
    resident = getattr(user, "resident", None)
    return resident.full_name if resident else (user.get_full_name() or user.username)


class Kind(models.TextChoices):
    """What the initiative asks for, which fixes its addressee and its threshold (see thresholds.py)."""

    CONVENE_GATHERING = "gathering", _("Convene a gathering of the community")
    ASSEMBLY_QUESTION = "assembly", _("Put a question to the assembly")
    MASLIKHAT_PROPOSAL = "maslikhat", _("Propose to the district maslikhat")


ADDRESSEE = {
    Kind.CONVENE_GATHERING: _("the akim"),
    Kind.ASSEMBLY_QUESTION: _("the community assembly"),
    Kind.MASLIKHAT_PROPOSAL: _("the district maslikhat"),
}


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting the form check")
    REFUSED = "refused", _("Refused at the form check")
    COLLECTING = "collecting", _("Collecting signatures")
    AWAITING_ANSWER = "awaiting_answer", _("Threshold reached, awaiting the answer")
    ANSWERED = "answered", _("Answered")
    EXPIRED = "expired", _("Closed without reaching the threshold")


PUBLIC_STATUSES = (Status.REFUSED, Status.COLLECTING, Status.AWAITING_ANSWER, Status.ANSWERED, Status.EXPIRED)


class Initiative(models.Model):
    """An initiative of residents, or a petition of a maslikhat deputy (``is_petition``), in one community."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="initiatives")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    is_petition = models.BooleanField(_("deputy's petition"), default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="initiatives")
    coauthors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="coauthored_initiatives")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=10000)
    request = models.TextField(_("what is asked"), max_length=3000)
    collection_days = models.PositiveSmallIntegerField(_("days to collect signatures"), default=30)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    members_at_opening = models.PositiveIntegerField(null=True, blank=True)
    threshold = models.PositiveIntegerField(_("signatures needed"), null=True, blank=True)
    threshold_reached_at = models.DateTimeField(null=True, blank=True)
    answer_due = models.DateField(_("answer due"), null=True, blank=True, db_index=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    hidden_reason = models.TextField(_("moderation: reason for hiding"), blank=True)
    log_seq = models.PositiveIntegerField(default=0)
    log_head = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [models.Index(fields=["community", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_hidden(self) -> bool:
        return bool(self.hidden_reason)

    @property
    def author_names(self) -> list[str]:
        return [public_name(self.author), *(public_name(u) for u in self.coauthors.all())]

    @property
    def addressee(self) -> str:
        return str(ADDRESSEE[Kind(self.kind)])

    def is_collecting(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == Status.COLLECTING and self.closes_at is not None and now < self.closes_at

    def is_overdue(self, today: date | None = None) -> bool:
        """The addressee has not answered by the legal date (answer_due is the last day allowed)."""
        today = today or timezone.localdate()
        return self.status == Status.AWAITING_ANSWER and self.answer_due is not None and today > self.answer_due


class Source(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("paper sheet")


class Signature(models.Model):
    """One per resident per initiative (database constraint); a withdrawn signature keeps its row so the
    resident may sign again, and online and paper signatures of one person are the same row."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="signatures")
    resident = models.ForeignKey("people.Resident", on_delete=models.PROTECT, related_name="+")
    settlement = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.ONLINE)
    signed_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "resident"], name="one_signature_per_resident"),
        ]
        indexes = [models.Index(fields=["initiative", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"signature {self.pk} on {self.initiative_id}"


class LogEvent(models.TextChoices):
    SIGN = "sign", _("signed")
    WITHDRAW = "withdraw", _("withdrew")


class SignatureLogEntry(models.Model):
    """The public, hash-chained log of one initiative: who signed is a per-initiative pseudonym, never a name."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="log_entries")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField()
    event = models.CharField(max_length=8, choices=LogEvent.choices)
    source = models.CharField(max_length=8, choices=Source.choices)
    settlement_code = models.CharField(max_length=9)
    signer = models.CharField(max_length=24, help_text="per-initiative pseudonym")
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["initiative", "seq"]
        constraints = [models.UniqueConstraint(fields=["initiative", "seq"], name="one_log_entry_per_seq")]

    def __str__(self) -> str:
        return f"{self.initiative_id}#{self.seq} {self.event}"

    def payload(self) -> dict:
        return {"initiative": self.initiative_id, "seq": self.seq, "at": self.at.isoformat(),
                "event": self.event, "source": self.source, "settlement": self.settlement_code,
                "signer": self.signer}



class SheetStatus(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting", _("Awaiting the second entry")
    CONFIRMED = "confirmed", _("Confirmed")


class PaperSheet(models.Model):
    """A paper signature sheet: one staff member types the IINs, a second one types them again to confirm."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="paper_sheets")
    number = models.CharField(_("sheet number"), max_length=40)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=SheetStatus.choices, default=SheetStatus.AWAITING_CONFIRMATION)

    class Meta:
        ordering = ["-entered_at"]
        verbose_name = _("paper signature sheet")
        verbose_name_plural = _("paper signature sheets")
        constraints = [models.UniqueConstraint(fields=["initiative", "number"], name="one_sheet_per_number")]

    def __str__(self) -> str:
        return f"sheet {self.number}"

    @property
    def permission_scope(self) -> str:
        return self.initiative.permission_scope


class LineResult(models.TextChoices):
    PENDING = "pending", _("not yet checked")
    COUNTED = "counted", _("counted")
    ALREADY_SIGNED = "already_signed", _("already signed (counted once)")
    NOT_FOUND = "not_found", _("not in the registry")
    NOT_MEMBER = "not_member", _("not a member of the community")


class PaperLine(models.Model):
    """One line of a sheet: the IIN only as its keyed hash and last four digits."""

    sheet = models.ForeignKey(PaperSheet, on_delete=models.CASCADE, related_name="lines")
    line = models.PositiveSmallIntegerField()
    iin_hash = models.CharField(max_length=64)
    iin_last4 = models.CharField(max_length=4)
    result = models.CharField(max_length=16, choices=LineResult.choices, default=LineResult.PENDING)

    class Meta:
        ordering = ["sheet", "line"]
        constraints = [models.UniqueConstraint(fields=["sheet", "line"], name="one_paper_line_per_number")]

    def __str__(self) -> str:
        return f"line {self.line} (…{self.iin_last4})"



class Notice(models.Model):
    """A message to one user about an initiative (the addressee when the threshold is reached, the author)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="initiative_notices")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="notices")
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message


class Report(models.Model):
    """A resident's report of an abusive initiative or poll, for the moderators of the community."""

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("what is wrong"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["initiative", "reporter"], name="one_report_per_user")]

    def __str__(self) -> str:
        return self.reason[:60]

    @property
    def permission_scope(self) -> str:
        return self.initiative.permission_scope


# --- polls (public expertise) ------------------------------------------------------------------------



class Poll(models.Model):
    """A public-expertise poll on spending (``subject_key`` names the budget programme or project)."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="polls")
    title = models.CharField(_("question put to residents"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    subject_key = models.CharField(
        _("budget programme or project"), max_length=100, blank=True,
        help_text=_("For example the budget programme code or the contest project it concerns."))
    spending_line = models.ForeignKey(
        "budget.SpendingLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="polls",
        verbose_name=_("budget line"), help_text=_("The community's spending line the poll is about, if any."))
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=18)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_ready = models.BooleanField(_("questions complete"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self) -> str:
        return self.title

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code

    @property
    def is_public(self) -> bool:
        return self.is_ready

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_ready and self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("one choice")
    MULTIPLE = "multiple", _("several choices")
    RANKING = "ranking", _("ranking")
    TEXT = "text", _("free text")


class Question(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    max_choices = models.PositiveSmallIntegerField(_("at most this many choices"), null=True, blank=True)

    class Meta:
        ordering = ["poll", "position", "id"]

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("option"), max_length=200)

    class Meta:
        ordering = ["question", "position", "id"]

    def __str__(self) -> str:
        return self.text


class Ballot(models.Model):
    """One resident's answers to one poll; the constraint is what stops a second answer."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    resident = models.ForeignKey("people.Resident", on_delete=models.PROTECT, related_name="+")
    settlement = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "resident"], name="one_ballot_per_resident")]

    def __str__(self) -> str:
        return f"ballot {self.pk} in poll {self.poll_id}"



class Answer(models.Model):
    """One choice (with its rank for ranking questions) or one free text."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.CASCADE, related_name="answers")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="one_answer_per_option",
                                    condition=models.Q(option__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"answer {self.pk}"

