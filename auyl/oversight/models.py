"""Oversight above the community: precomputed figures, elections of akims and their terms, audit findings,
the School of akims and the register of the akim's powers."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from auyl.oversight import rollup
from auyl.territory.models import Community


class TranslatedTitle(models.Model):
    """A title kept in the three languages of the platform; ``title`` picks the reader's."""

    title_kk = models.CharField(_("title in Kazakh"), max_length=300)
    title_ru = models.CharField(_("title in Russian"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        language = (get_language() or "kk")[:2]
        return {"kk": self.title_kk, "ru": self.title_ru}.get(language, self.title_en)


class CommunityScoped(models.Model):
    """Everything that belongs to one local community answers permission checks with its KATO code."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("local community"))

    class Meta:
        abstract = True

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code


# --- precomputed roll-ups ----------------------------------------------------------------------------


class Level(models.TextChoices):
    COMMUNITY = rollup.COMMUNITY, _("community")
    DISTRICT = rollup.DISTRICT, _("district")
    OBLAST = rollup.OBLAST, _("oblast")
    COUNTRY = rollup.COUNTRY, _("country")


class Figure(models.Model):
    """One metric of one territory for one year, precomputed by a background task (never per request).

    ``scope`` is a KATO prefix: '' for the country, 2 digits for an oblast, 4 for a district, the 9-digit code
    for a community; ``value`` is derived from ``numerator`` and ``denominator`` by the metric's kind.
    """

    scope = models.CharField(_("KATO prefix"), max_length=9, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    period = models.PositiveSmallIntegerField(_("year"))
    metric = models.CharField(_("metric"), max_length=64)
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6, null=True)
    numerator = models.DecimalField(max_digits=24, decimal_places=4)
    denominator = models.DecimalField(max_digits=24, decimal_places=4, null=True)
    communities = models.PositiveIntegerField(_("communities counted"), default=1)
    computed_at = models.DateTimeField(_("computed at"))

    permission_subject = "oversight.figure"

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [models.UniqueConstraint(fields=["scope", "period", "metric"], name="one_figure_per_scope")]
        indexes = [models.Index(fields=["period", "level", "metric", "value"], name="figure_ranking"),
                   models.Index(fields=["period", "scope"], name="figure_scope")]

    def __str__(self) -> str:
        return f"{self.metric} {self.scope or 'KZ'} {self.period}: {self.value}"

    @property
    def permission_scope(self) -> str:
        return self.scope


class FigureRefresh(models.Model):
    """When a year's figures were last recomputed; its row is locked while a refresh runs."""

    period = models.PositiveSmallIntegerField(unique=True)
    refreshed_at = models.DateTimeField(null=True)
    duration_ms = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.period}: {self.refreshed_at}"


# --- elections of akims ------------------------------------------------------------------------------


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("postgraduate")
    HIGHER = "higher", _("higher")
    POST_SECONDARY = "post_secondary", _("post-secondary")
    VOCATIONAL = "vocational", _("technical and vocational")
    SECONDARY = "secondary", _("general secondary")
    NONE = "none", _("below secondary")


class Nomination(models.TextChoices):
    SELF = "self", _("self-nominated")
    PARTY = "party", _("political party")


class Election(CommunityScoped):
    """Election of the akim of a rural okrug, village, settlement or town (сайлау / выборы акима)."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular")
        EARLY = "early", _("early")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        COUNTED = "counted", _("results recorded")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="akim_elections",
                                  verbose_name=_("local community"))
    date = models.DateField(_("election day"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    electorate = models.PositiveIntegerField(_("voters on the lists"), null=True, blank=True)
    ballots_cast = models.PositiveIntegerField(_("voters who took part"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    created_at = models.DateTimeField(auto_now_add=True)

    is_public = True

    class Meta:
        ordering = ["-date", "community"]
        verbose_name = _("election of an akim")
        verbose_name_plural = _("elections of akims")
        constraints = [models.UniqueConstraint(fields=["community", "date"], name="one_election_per_day")]

    def __str__(self) -> str:
        return f"{self.community} {self.date:%d.%m.%Y}"

    @property
    def turnout(self) -> float | None:
        if not self.electorate or self.ballots_cast is None:
            return None
        return self.ballots_cast / self.electorate


class Candidate(models.Model):
    """A registered candidate. Names of candidates are public; the IIN is kept only as a keyed hash, to recognise
    the same person across elections (two consecutive terms at most)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    full_name = models.CharField(_("full name"), max_length=200)
    iin_hash = models.CharField(max_length=64, blank=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("platform account"))
    birth_date = models.DateField(_("birth date"))
    education = models.CharField(_("education"), max_length=16, choices=Education.choices)
    experience_years = models.DecimalField(_("work experience, years"), max_digits=4, decimal_places=1)
    nomination = models.CharField(_("nominated by"), max_length=8, choices=Nomination.choices)
    party = models.CharField(_("party"), max_length=120, blank=True)
    is_eligible = models.BooleanField(_("eligible"), default=True)
    problems = models.JSONField(_("reasons of ineligibility"), default=list, blank=True)
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    is_elected = models.BooleanField(_("elected"), default=False)

    is_public = True

    class Meta:
        ordering = ["election", "-votes", "full_name"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(fields=["election", "iin_hash"], condition=~Q(iin_hash=""),
                                    name="one_candidacy_per_person"),
            models.UniqueConstraint(fields=["election"], condition=Q(is_elected=True), name="one_winner"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def permission_scope(self) -> str:
        return self.election.permission_scope

    @property
    def age(self) -> int:
        from auyl.oversight.eligibility import age_on

        return age_on(self.birth_date, self.election.date)


class AkimTerm(CommunityScoped):
    """The elected akim's term: four years from registration, unless ended early. It drives ``Role.AKIM``."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="akim_terms",
                                  verbose_name=_("local community"))
    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="term")
    full_name = models.CharField(_("full name"), max_length=200)
    iin_hash = models.CharField(max_length=64, blank=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="akim_terms")
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    ended_on = models.DateField(_("ended early on"), null=True, blank=True)
    end_reason = models.CharField(_("reason of the end"), max_length=200, blank=True)
    is_first_time = models.BooleanField(_("first time an akim"), default=True)
    nomination = models.CharField(_("nominated by"), max_length=8, choices=Nomination.choices)
    age_at_election = models.PositiveSmallIntegerField(_("age on election day"))

    is_public = True

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("akim's term")
        verbose_name_plural = _("akims' terms")

    def __str__(self) -> str:
        return f"{self.full_name}, {self.community} {self.starts_on:%Y}–{self.last_day:%Y}"

    @property
    def last_day(self) -> date:
        return self.ended_on or self.ends_on

    def is_current(self, on: date | None = None) -> bool:
        on = on or date.today()
        return self.starts_on <= on <= self.last_day


# --- audit commission findings -----------------------------------------------------------------------


class Audit(CommunityScoped):
    """An audit of a community's budget by the audit commission (ревизионная комиссия / тексеру комиссиясы)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PRESENTED = "presented", _("presented at a session")
        CLOSED = "closed", _("closed")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="audits",
                                  verbose_name=_("local community"))
    year = models.PositiveSmallIntegerField(_("budget year audited"))
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    session_at = models.DateTimeField(_("online session"), null=True, blank=True)
    session_url = models.URLField(_("link to the online session"), blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("chair of the assembly"))
    public_summary = models.TextField(_("public summary"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("audit")
        verbose_name_plural = _("audits")

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.published_at is not None


class Finding(models.Model):
    """One finding: what is wrong, the amount involved, what to do by when, and the akim's response."""

    class Status(models.TextChoices):
        OPEN = "open", _("awaiting the akim's response")
        RESPONDED = "responded", _("response received")
        RESOLVED = "resolved", _("resolved")

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField(_("number"))
    description = models.TextField(_("finding"))
    amount = models.DecimalField(_("amount, ₸"), max_digits=16, decimal_places=2, default=0)
    recommendation = models.TextField(_("recommendation"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(_("the akim's response"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    class Meta:
        ordering = ["audit", "number"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [models.UniqueConstraint(fields=["audit", "number"], name="finding_number_in_audit")]

    def __str__(self) -> str:
        return f"{self.audit} #{self.number}"

    @property
    def permission_scope(self) -> str:
        return self.audit.permission_scope

    @property
    def is_public(self) -> bool:
        return self.audit.is_public

    def is_overdue(self, on: date | None = None) -> bool:
        return self.status != self.Status.RESOLVED and self.deadline < (on or date.today())


class FollowUp(models.Model):
    """A step of the follow-up of a finding: a check by the commission or a report by the akim's office."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="follow_ups")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("note"))
    resolves = models.BooleanField(_("the finding is resolved"), default=False)

    class Meta:
        ordering = ["finding", "at"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.finding}: {self.at:%d.%m.%Y}"

    @property
    def permission_scope(self) -> str:
        return self.finding.permission_scope


# --- the School of akims -----------------------------------------------------------------------------


class Topic(models.TextChoices):
    BUDGET = "budget", _("local budget")
    PROCUREMENT = "procurement", _("public procurement")
    TAXES = "taxes", _("taxes")
    COMMUNAL_PROPERTY = "communal_property", _("communal property")
    ENTREPRENEURSHIP = "entrepreneurship", _("entrepreneurship")
    STATE_SUPPORT = "state_support", _("state support measures")


class Course(TranslatedTitle):
    """A course of the School of akims («Әкімдер мектебі» / «Школа акимов») for one year's cohort."""

    year = models.PositiveSmallIntegerField(_("year"))

    is_public = True
    permission_scope = ""

    class Meta:
        ordering = ["-year", "title_en"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")


class Module(TranslatedTitle):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(_("order"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    hours = models.PositiveSmallIntegerField(_("hours"), default=8)

    is_public = True
    permission_scope = ""

    class Meta:
        ordering = ["course", "order"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [models.UniqueConstraint(fields=["course", "order"], name="module_order_in_course")]


class Enrolment(models.Model):
    """An akim (by term) on a course; completed when every module is passed."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    term = models.ForeignKey(AkimTerm, on_delete=models.CASCADE, related_name="enrolments")
    enrolled_on = models.DateField(_("enrolled on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["course", "term__community"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["course", "term"], name="one_enrolment_per_course")]

    def __str__(self) -> str:
        return f"{self.term.full_name} — {self.course}"

    @property
    def permission_scope(self) -> str:
        return self.term.permission_scope


class ModuleCompletion(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="completions")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField(_("completed on"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "module"], name="module_passed_once")]

    def __str__(self) -> str:
        return f"{self.enrolment} / {self.module}"


# --- the register of powers --------------------------------------------------------------------------


class PowerLevel(models.TextChoices):
    DISTRICT = "district", _("district akim")
    COMMUNITY = "community", _("akim of a town, village, settlement or rural okrug")


class Classification(models.TextChoices):
    CORE = "core", _("core")
    NON_CORE = "non_core", _("non-core")
    DUPLICATED = "duplicated", _("duplicated")
    MISSING = "missing", _("missing")


class Power(TranslatedTitle):
    """A power or function of an akim with its legal source; ``in_law`` is False for a power proposed as missing."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=PowerLevel.choices)
    legal_source = models.CharField(_("legal source"), max_length=300, blank=True)
    in_law = models.BooleanField(_("set by law"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    is_public = True
    permission_scope = ""

    class Meta:
        ordering = ["level", "order", "code"]
        verbose_name = _("power")
        verbose_name_plural = _("powers")


class PowerReview(models.Model):
    """A reviewer's classification of one power, with a comment; one current review per reviewer and power."""

    power = models.ForeignKey(Power, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    classification = models.CharField(_("classification"), max_length=12, choices=Classification.choices)
    comment = models.TextField(_("comment"), blank=True)
    reviewed_at = models.DateTimeField(auto_now=True)

    is_public = True
    permission_scope = ""

    class Meta:
        ordering = ["power", "-reviewed_at"]
        verbose_name = _("review of a power")
        verbose_name_plural = _("reviews of powers")
        constraints = [models.UniqueConstraint(fields=["power", "reviewer"], name="one_review_per_reviewer")]

    def __str__(self) -> str:
        return f"{self.power.code}: {self.classification}"
