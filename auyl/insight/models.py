"""Stored results of the AI helper (issue 9): routing suggestions and per-district models, duplicate groups,
themes with staff edits, and opinion maps (Polis-like discussions). Only masked text is stored for analysis."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from auyl.territory.models import Community, Territory


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the helper")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


# --- routing of appeals ------------------------------------------------------------------------------------


class RoutingModel(models.Model):
    """A district's router (category and responsible unit), trained from the shipped starter data plus the
    appeals its staff confirmed or corrected. ``training_ids`` makes a version reproducible: retraining
    from the same ids and the same starter file gives the same model."""

    district = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    trained_at = models.DateTimeField(auto_now_add=True)
    training_ids = models.JSONField(default=list)
    blob = models.BinaryField()  # pickled {"category": Router, "unit": Router}, written only by services

    class Meta:
        ordering = ["district", "-version"]
        constraints = [models.UniqueConstraint(fields=["district", "version"], name="insight_router_version")]

    def __str__(self) -> str:
        return f"{self.district.code} v{self.version}"


class Decision(models.TextChoices):
    PENDING = "pending", _("Not yet checked")
    CONFIRMED = "confirmed", _("Confirmed")
    CORRECTED = "corrected", _("Corrected")


class AppealSuggestion(models.Model):
    """The helper's suggestion for one appeal (category and responsible unit, each with a confidence and
    the key words behind it) and the staff's decision, which becomes a training example."""

    appeal = models.OneToOneField("appeals.Appeal", on_delete=models.CASCADE, related_name="insight")
    category_code = models.CharField(max_length=40)
    category_confidence = models.FloatField()
    category_why = models.JSONField(default=list)
    unit = models.CharField(max_length=60)
    unit_confidence = models.FloatField()
    unit_why = models.JSONField(default=list)
    model_version = models.PositiveIntegerField(default=0)  # 0: the shipped starter model
    created_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    final_category_code = models.CharField(max_length=40, blank=True)
    final_unit = models.CharField(max_length=60, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.category_code} / {self.unit}"

    @property
    def permission_scope(self) -> str:
        return self.appeal.community.territory.code


# --- themes --------------------------------------------------------------------------------------------------


class Source(models.TextChoices):
    CONTEST = "contest", _("Proposals of a project contest")
    APPEALS = "appeals", _("Appeals of a month")
    POLL = "poll", _("Free-text answers of a poll")


class ThemeSet(models.Model):
    """Themes of one set of texts: a contest's proposals, a month's appeals of a community, a poll's answers.
    ``source_id`` is the contest or poll id; for appeals it is the month as YYYYMM."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="theme_sets")
    source = models.CharField(max_length=10, choices=Source.choices)
    source_id = models.PositiveIntegerField()
    title = models.CharField(max_length=250)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    public = models.BooleanField(default=False)  # themes of published contests and polls; never of appeals
    text_count = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)
    runs = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-computed_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["community", "source", "source_id"],
                                               name="insight_themeset_source")]

    def __str__(self) -> str:
        return self.title

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code

    @property
    def is_public(self) -> bool:
        return self.public and self.source != Source.APPEALS


class Theme(models.Model):
    """One theme as the last run found it (after the staff's edits were re-applied). Texts are masked."""

    theme_set = models.ForeignKey(ThemeSet, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveIntegerField()
    key = models.CharField(max_length=80)
    label = models.CharField(max_length=200)
    keywords = models.JSONField(default=list)
    labels_by_language = models.JSONField(default=dict)
    item_ids = models.JSONField(default=list)
    size = models.PositiveIntegerField()
    residents_by_settlement = models.JSONField(default=dict)  # settlement name -> distinct residents
    representatives = models.JSONField(default=list)  # [{"id", "text"}], masked
    edited = models.JSONField(default=list)
    summary = models.TextField(blank=True)  # optional LLM summary of masked texts

    class Meta:
        ordering = ["theme_set", "position"]

    def __str__(self) -> str:
        return self.label

    @property
    def permission_scope(self) -> str:
        return self.theme_set.permission_scope

    @property
    def is_public(self) -> bool:
        return self.theme_set.is_public

    @property
    def residents(self) -> int:
        return sum(self.residents_by_settlement.values())


class ThemeEdit(models.Model):
    """A staff edit (rename, merge, split) in the form ``auyl.text.themes`` re-applies on every run."""

    theme_set = models.ForeignKey(ThemeSet, on_delete=models.CASCADE, related_name="edits")
    op = models.CharField(max_length=10)
    payload = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["theme_set", "pk"]

    def __str__(self) -> str:
        return f"{self.theme_set_id} {self.op}"


# --- near-duplicates -----------------------------------------------------------------------------------------


class DuplicateGroup(models.Model):
    """Appeals of one community that look like the same request: a suggestion for staff, never a merge."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="duplicate_groups")
    signature = models.CharField(max_length=64)  # sha1 of the sorted member ids: stable across re-runs
    appeal_ids = models.JSONField(default=list)
    found_at = models.DateTimeField(auto_now=True)
    dismissed = models.BooleanField(default=False)
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        ordering = ["-found_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["community", "signature"], name="insight_dup_signature")]

    def __str__(self) -> str:
        return f"{self.community_id}: {self.appeal_ids}"

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code


# --- opinion map ----------------------------------------------------------------------------------------------


class DiscussionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for votes")
    CLOSED = "closed", _("Closed")


class Discussion(models.Model):
    """A local question on which residents agree or disagree with short statements (as in Polis)."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="discussions")
    title = models.CharField(_("question"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    status = models.CharField(_("status"), max_length=10, choices=DiscussionStatus.choices,
                              default=DiscussionStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    map_status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    map_computed_at = models.DateTimeField(null=True, blank=True)
    opinion_map = models.JSONField(null=True, blank=True)  # groups as counts and statement ids, never people

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("insight:discussion", args=[self.pk])

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code

    @property
    def is_public(self) -> bool:
        return self.status != DiscussionStatus.DRAFT


class StatementStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Published")
    REJECTED = "rejected", _("Rejected")


class Statement(models.Model):
    """A short statement residents vote on; residents' statements are moderated by the akim's office."""

    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(_("statement"), max_length=300)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=StatementStatus.choices, default=StatementStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["discussion", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def permission_scope(self) -> str:
        return self.discussion.permission_scope

    @property
    def is_public(self) -> bool:
        return self.status == StatementStatus.APPROVED and self.discussion.is_public


class Vote(models.IntegerChoices):
    AGREE = 1, _("Agree")
    DISAGREE = -1, _("Disagree")
    PASS = 0, _("Pass / unsure")


class StatementVote(models.Model):
    """One verified resident's vote on one statement; changing it updates the row (unique constraint)."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    resident = models.ForeignKey("people.Resident", on_delete=models.CASCADE, related_name="+")
    vote = models.SmallIntegerField(choices=Vote.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statement", "resident"], name="insight_one_vote_per_statement"),
            models.CheckConstraint(condition=Q(vote__in=[-1, 0, 1]), name="insight_vote_value"),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.vote}"
