"""Bodies of the local community (Law 148, art. 39-3), their meetings and minutes, the development programme
and its monitoring, the akim's yearly report and the no-confidence procedure.

Write rules live in ``services.py``; these models only hold the record and the database constraints that keep
it exact under concurrency (one attendance per person, one decision per item, one rating per resident).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from auyl.people.models import Resident
from auyl.territory.models import Community, Territory


class BodyKind(models.TextChoices):
    GATHERING = "gathering", _("Gathering of the local community")  # сход местного сообщества
    SEPARATE = "separate", _("Separate gathering")  # раздельный сход
    ASSEMBLY = "assembly", _("Assembly of the local community")  # собрание местного сообщества
    COMMISSION = "commission", _("Monitoring commission")  # комиссия по мониторингу


class Body(models.Model):
    """A body of the community: its gathering (one per community), separate gatherings of a village, street
    or building, the assembly (one term of up to 25 members for 4 years), or the monitoring commission."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="bodies")
    kind = models.CharField(_("kind"), max_length=12, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True,
                            help_text=_("Empty for the gathering and the assembly: named in the reader's language."))
    settlement = models.ForeignKey(
        Territory, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("settlement"), help_text=_("For a separate gathering: the village it covers."))
    section = models.CharField(_("section"), max_length=200, blank=True,
                               help_text=_("For a separate gathering: street, micro-district or building."))
    by_representatives = models.BooleanField(
        _("gathering of representatives"), default=False,
        help_text=_("The gathering is held by representatives elected at separate gatherings."))
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["community", "kind", "-term_start", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["community"], condition=Q(kind="gathering"),
                                    name="one_gathering_per_community"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The given name, or for the gathering and the assembly one made in the reader's language."""
        if self.name:
            return self.name
        community = self.community.territory.name
        if self.kind == BodyKind.ASSEMBLY and self.term_start and self.term_end:
            return gettext("Assembly of %(community)s, %(start)s–%(end)s") % {
                "community": community, "start": self.term_start.year, "end": self.term_end.year}
        return gettext("%(body)s: %(community)s") % {"body": capfirst(self.get_kind_display()),
                                                     "community": community}

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code

    is_public = True


class Position(models.TextChoices):
    CHAIR = "chair", _("chair")
    MEMBER = "member", _("member")
    REPRESENTATIVE = "representative", _("representative")


class Membership(models.Model):
    """A resident's seat in a body: assembly member or chair, commission member, representative elected at a
    separate gathering. Assembly members and representatives are public representatives: their names are public."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="memberships")
    position = models.CharField(_("position"), max_length=16, choices=Position.choices, default=Position.MEMBER)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=200, blank=True, help_text=_("Decision that delegated the member."))

    class Meta:
        ordering = ["body", "-position", "resident__last_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["body", "resident"], condition=Q(until__isnull=True),
                                    name="one_active_seat_per_resident"),
        ]

    def __str__(self) -> str:
        return f"{self.resident.full_name} — {self.get_position_display()}"

    @property
    def permission_scope(self) -> str:
        return self.body.community.territory.code

    is_public = True


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("regular meeting")
    CANDIDATE = "candidate", _("agreement of candidates for akim")
    AKIM_REPORT = "akim_report", _("akim's report")


class ConvenedBy(models.TextChoices):
    AKIM = "akim", _("the akim")
    RESIDENTS = "residents", _("initiative of residents (10 % of members)")
    MEMBERS = "members", _("initiative of assembly members (10 %)")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("being prepared")
    NOTIFIED = "notified", _("notice published")
    OPEN = "open", _("in session")
    CLOSED = "closed", _("closed")
    SIGNED = "signed", _("minutes signed")
    PUBLISHED = "published", _("minutes published")
    CANCELLED = "cancelled", _("cancelled")


class Meeting(models.Model):
    """One sitting of a body. Its record (attendance, agenda, votes, speeches) is what the minutes are made of."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=12, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=300)
    convened_by = models.CharField(_("convened by"), max_length=10, choices=ConvenedBy.choices,
                                   default=ConvenedBy.AKIM)
    initiative = models.ForeignKey(
        "initiatives.Initiative", null=True, blank=True, on_delete=models.PROTECT, related_name="meetings",
        verbose_name=_("residents' initiative"),
        help_text=_("The initiative to convene a gathering that collected 10 % of members' signatures."))
    initiative_reference = models.CharField(
        _("initiative"), max_length=100, blank=True,
        help_text=_("The residents' or members' initiative that asked for the meeting."))
    district_consent = models.CharField(
        _("district akim's consent"), max_length=200, blank=True,
        help_text=_("Required when residents convene a gathering (Law 148, art. 39-3 p.5)."))
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices,
                              default=MeetingStatus.DRAFT, db_index=True)
    notice_text = models.TextField(_("notice"), blank=True)
    notice_published_at = models.DateTimeField(null=True, blank=True)
    notice_sent_count = models.PositiveIntegerField(default=0)
    entitled_count = models.PositiveIntegerField(
        _("members entitled to take part"), null=True, blank=True,
        help_text=_("Fixed when the meeting opens; computed live before."))
    chair_name = models.CharField(_("chair"), max_length=200, blank=True)
    secretary_name = models.CharField(_("secretary"), max_length=200, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    minutes_sha256 = models.CharField(max_length=64, blank=True)
    minutes_pdf_kk = models.FileField(upload_to="minutes/", blank=True)
    minutes_pdf_ru = models.FileField(upload_to="minutes/", blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [models.UniqueConstraint(fields=["body", "number"], name="meeting_number_per_body")]

    def __str__(self) -> str:
        return f"{self.body} № {self.number}"

    @property
    def community(self) -> Community:
        return self.body.community

    @property
    def permission_scope(self) -> str:
        return self.body.community.territory.code

    @property
    def is_public(self) -> bool:
        return self.status not in (MeetingStatus.DRAFT,)

    @property
    def reference(self) -> str:
        return f"{self.starts_at:%Y}/{self.number}"


class Attendance(models.Model):
    """One person present, registered in person by staff from the list of those entitled."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resident__last_name", "resident__first_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["meeting", "resident"], name="attend_once")]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.resident_id}"

    @property
    def permission_scope(self) -> str:
        return self.meeting.permission_scope


class SubjectKind(models.TextChoices):
    BUDGET = "budget", _("budget draft, execution report or adjustment")
    PROGRAMME = "programme", _("development programme")
    PROPERTY = "property", _("communal property")
    CANDIDATE = "candidate", _("candidate for akim")
    DISMISSAL = "dismissal", _("initiative to dismiss the akim")
    ASSEMBLY = "assembly", _("composition of the assembly")
    MONITORING = "monitoring", _("monitoring commission's report")
    AKIM_REPORT = "akim_report", _("akim's report")
    OTHER = "other", _("other question")


class AgendaItem(models.Model):
    """A question on the agenda, linked to what it decides on by ``subject_key`` (e.g. the budget version's
    ``agenda_subject_key``) and, where the subject is this app's own, by a typed relation."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("question"), max_length=300)
    subject_kind = models.CharField(_("subject"), max_length=12, choices=SubjectKind.choices,
                                    default=SubjectKind.OTHER)
    subject_key = models.CharField(_("subject key"), max_length=100, blank=True)
    programme = models.ForeignKey("DevelopmentProgramme", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="agenda_items")
    monitoring_report = models.ForeignKey("MonitoringReport", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="agenda_items")
    rediscussion_of = models.ForeignKey("Decision", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="rediscussions",
                                        help_text=_("A decision the akim disagreed with, discussed again."))
    speeches = models.TextField(_("summary of speeches"), blank=True,
                                help_text=_("Who spoke (as a role: akim, member, resident) and what was said."))

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def permission_scope(self) -> str:
        return self.meeting.permission_scope


class Motion(models.TextChoices):
    AGREE = "agree", _("agree / approve")
    RETURN = "return", _("return with remarks")
    INITIATE = "initiate", _("initiate (dismissal of the akim)")
    OTHER = "other", _("other decision")


class AkimPosition(models.TextChoices):
    PENDING = "pending", _("awaiting the akim")
    ACCEPTED = "accepted", _("accepted by the akim")
    DISAGREED = "disagreed", _("the akim disagrees")
    RESOLVED = "resolved", _("resolved after re-discussion")
    DISTRICT = "district", _("decided by the district akim")


class Decision(models.Model):
    """The outcome of one agenda item: vote counts, whether it was adopted (more than half of those present),
    and the akim's response. Budget and other apps read ``adopted``, ``decided_on``, ``reference``,
    ``community_id`` and ``subject_key``."""

    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="decision")
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="assembly_decisions")
    subject_key = models.CharField(max_length=100, blank=True, db_index=True)
    motion = models.CharField(_("motion"), max_length=10, choices=Motion.choices, default=Motion.AGREE)
    text = models.TextField(_("wording of the decision"))
    remarks = models.TextField(_("remarks"), blank=True)
    votes_for = models.PositiveIntegerField(_("for"))
    votes_against = models.PositiveIntegerField(_("against"))
    votes_abstain = models.PositiveIntegerField(_("abstained"))
    present = models.PositiveIntegerField(_("present"))
    entitled = models.PositiveIntegerField(_("entitled"))
    adopted = models.BooleanField(_("adopted"))
    decided_on = models.DateField(_("decided on"))
    reference = models.CharField(_("minutes"), max_length=40)
    akim_position = models.CharField(_("akim's position"), max_length=10, choices=AkimPosition.choices,
                                     default=AkimPosition.PENDING)
    akim_reason = models.TextField(_("akim's reasons"), blank=True)
    akim_responded_on = models.DateField(null=True, blank=True)
    district_outcome = models.TextField(_("district akim's decision"), blank=True)
    district_decided_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "item__position"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(present__gte=models.F("votes_for") + models.F("votes_against")
                            + models.F("votes_abstain")),
                name="votes_within_present"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.item.title}"

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code

    @property
    def is_public(self) -> bool:
        return self.item.meeting.status == MeetingStatus.PUBLISHED


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    AGREED = "agreed", _("agreed by the assembly")


class DevelopmentProgramme(models.Model):
    """The community development programme (программа развития местного сообщества), drafted by the akim's
    apparatus and agreed by the assembly (Law 148, art. 38-1 p.10, art. 39-3 p.3)."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="development_programmes")
    title = models.CharField(_("title"), max_length=300)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=ProgrammeStatus.choices,
                              default=ProgrammeStatus.DRAFT)
    agreed_by = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["community", "-first_year"]
        verbose_name = _("development programme")
        verbose_name_plural = _("development programmes")
        constraints = [models.CheckConstraint(condition=Q(last_year__gte=models.F("first_year")),
                                              name="programme_years_in_order")]

    def __str__(self) -> str:
        return f"{self.title} ({self.first_year}–{self.last_year})"

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code

    is_public = True

    @property
    def subject_key(self) -> str:
        return f"assemblies.programme:{self.pk}"


class Goal(models.Model):
    programme = models.ForeignKey(DevelopmentProgramme, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("goal"), max_length=300)

    class Meta:
        ordering = ["programme", "position"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("measure"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("money, ₸"), max_digits=15, decimal_places=0, default=0)
    source = models.CharField(_("source of money"), max_length=200, blank=True)

    class Meta:
        ordering = ["goal", "year", "id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40)
    baseline = models.DecimalField(_("baseline"), max_digits=15, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=15, decimal_places=2)

    class Meta:
        ordering = ["goal", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class MonitoringReport(models.Model):
    """The monitoring commission's report: planned against achieved, once per half-year (or extraordinary by
    the assembly's decision); the assembly adopts recommendations, the akim answers with a reasoned conclusion."""

    commission = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="monitoring_reports")
    programme = models.ForeignKey(DevelopmentProgramme, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="monitoring_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("half-year"), choices=[(1, _("first half")), (2, _("second half"))])
    extraordinary = models.BooleanField(_("extraordinary"), default=False)
    findings = models.TextField(_("findings"))
    recommendations = models.TextField(_("recommendations"))
    signed_on = models.DateField(_("signed by the commission on"))
    adopted_by = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    akim_conclusion = models.TextField(_("akim's reasoned conclusion"), blank=True)
    akim_concluded_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year", "-half"]
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        constraints = [
            models.UniqueConstraint(fields=["commission", "year", "half"], condition=Q(extraordinary=False),
                                    name="one_regular_report_per_half_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}/{self.half}"

    @property
    def permission_scope(self) -> str:
        return self.commission.community.territory.code

    is_public = True

    @property
    def subject_key(self) -> str:
        return f"assemblies.monitoring:{self.pk}"


class MonitoringLine(models.Model):
    """One planned-against-achieved row of a monitoring report (a budget figure or a programme indicator)."""

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="lines")
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("indicator"), max_length=300)
    planned = models.DecimalField(_("planned"), max_digits=15, decimal_places=2)
    achieved = models.DecimalField(_("achieved"), max_digits=15, decimal_places=2)

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("monitoring line")
        verbose_name_plural = _("monitoring lines")

    def __str__(self) -> str:
        return self.label


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published, questions open")
    HELD = "held", _("held, rating open")


class AkimReport(models.Model):
    """The akim's yearly report to the community: published with figures, questions beforehand, a meeting,
    one rating per verified resident afterwards, answers published."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="akim_reports")
    year = models.PositiveSmallIntegerField(_("year reported on"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("report"))
    figures = models.JSONField(_("figures"), default=list, blank=True,
                               help_text=_("[label, value] pairs pulled from budget, projects and appeals."))
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year"]
        verbose_name = _("akim's report")
        verbose_name_plural = _("akim's reports")
        constraints = [models.UniqueConstraint(fields=["community", "year"], name="one_report_per_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code

    @property
    def is_public(self) -> bool:
        return self.status != ReportStatus.DRAFT


class ReportQuestion(models.Model):
    """A resident's question before the report meeting; shown without the author's name, answered publicly."""

    report = models.ForeignKey(AkimReport, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("question"))
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at"]
        verbose_name = _("question to the akim")
        verbose_name_plural = _("questions to the akim")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def permission_scope(self) -> str:
        return self.report.permission_scope

    @property
    def is_public(self) -> bool:
        return self.report.is_public


class ReportRating(models.Model):
    """One rating (1–5) per verified resident of the community, after the meeting."""

    report = models.ForeignKey(AkimReport, on_delete=models.CASCADE, related_name="ratings")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("rating"))
    rated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rating of the report")
        verbose_name_plural = _("ratings of the report")
        constraints = [
            models.UniqueConstraint(fields=["report", "resident"], name="rate_once"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.score}"


class DismissalStatus(models.TextChoices):
    OPEN = "open", _("in progress")
    CONFIDENCE_KEPT = "kept", _("ended: the akim keeps the post")
    REPEAT_POSSIBLE = "repeat", _("the district akim kept the akim; a repeat vote is possible")
    DISMISSED = "dismissed", _("ended: the akim's powers terminated")


class DismissalProcedure(models.Model):
    """The chain that starts with the assembly's decision to initiate the akim's dismissal (Law 148,
    art. 39-3 p.3 sub-p.4-4) and runs through the district maslikhat's no-confidence vote (art. 24) to the
    district akim's decision within 10 working days; a rejected dismissal may be voted again after 6 months."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="dismissal_procedures")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="dismissal")
    akim_name = models.CharField(_("akim concerned"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=DismissalStatus.choices,
                              default=DismissalStatus.OPEN)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("dismissal procedure")
        verbose_name_plural = _("dismissal procedures")

    def __str__(self) -> str:
        return f"{self.community} — {self.started_on}"

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code

    is_public = True


class StepKind(models.TextChoices):
    ASSEMBLY = "assembly", _("assembly decided to initiate the dismissal")
    SIGNATURES = "signatures", _("deputies' signatures collected (at least 1/5)")
    VERIFIED = "verified", _("signatures verified by the maslikhat chairman")
    VOTE = "vote", _("district maslikhat vote of no confidence")
    DISTRICT = "district", _("district akim's decision")


class DismissalStep(models.Model):
    """One recorded step; ``due_on`` is the legal deadline it had, ``late`` whether it came after it."""

    procedure = models.ForeignKey(DismissalProcedure, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=10, choices=StepKind.choices)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    occurred_on = models.DateField(_("date"))
    due_on = models.DateField(_("legal deadline"), null=True, blank=True)
    late = models.BooleanField(_("after the deadline"), default=False)
    count = models.PositiveIntegerField(_("signatures or votes for"), null=True, blank=True)
    total = models.PositiveIntegerField(_("deputies in total"), null=True, blank=True)
    positive = models.BooleanField(_("outcome positive"), default=True,
                                   help_text=_("Vote: no confidence expressed. District: powers terminated."))
    reference = models.CharField(_("document"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["procedure", "round", "occurred_on", "id"]
        verbose_name = _("step of the dismissal procedure")
        verbose_name_plural = _("steps of the dismissal procedure")
        constraints = [models.UniqueConstraint(fields=["procedure", "round", "kind"], name="one_step_per_round")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_on})"
