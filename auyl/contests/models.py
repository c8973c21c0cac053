"""Project contests (бюджет народного участия / бюджет участия): set-up, proposals, ballots, results, implementation.

A contest runs through dated phases (proposals → review → voting → results → implementation, as in Astana's
seven-stage procedure); the phase is computed from the dates, so permissions can depend on it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from auyl.core.compiled import SLOT, CompiledQuery
from auyl.people.models import Resident
from auyl.territory.models import Community, Territory

T = TypeVar("T")


class Phase(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    PROPOSALS = "proposals", _("Proposals")
    REVIEW = "review", _("Review")
    VOTING = "voting", _("Voting")
    RESULTS = "results", _("Results")
    IMPLEMENTATION = "implementation", _("Implementation")


PHASE_ORDER: list[str] = list(Phase.values)


class BallotType(models.TextChoices):
    APPROVAL = "approval", _("Approve up to K projects")
    KNAPSACK = "knapsack", _("Approve projects within the money available")
    CUMULATIVE = "cumulative", _("Distribute points among projects")


class CountingRule(models.TextChoices):
    GREEDY = "greedy", _("Greedy: most votes first, while the money lasts")
    MES = "mes", _("Method of Equal Shares")


def born_by(day: date, years: int) -> date:
    """The latest birth date of someone ``years`` old on ``day`` (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class Contest(models.Model):
    """A contest of small projects funded from the community budget (Бюджет народного участия)."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="contests")
    settlements = models.ManyToManyField(
        Territory, blank=True, related_name="+", verbose_name=_("settlements"),
        help_text=_("Leave empty for the whole community."))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    budget_amount = models.PositiveBigIntegerField(_("money available, ₸"), validators=[MinValueValidator(1)])
    budget_line = models.ForeignKey(
        "budget.SpendingLine", null=True, blank=True, on_delete=models.PROTECT, related_name="contests",
        verbose_name=_("budget programme"), help_text=_("The community budget's programme that pays the winners, "
                                                        "e.g. 124.011 landscaping and greening."))
    proposals_from = models.DateTimeField(_("proposals open"))
    review_from = models.DateTimeField(_("review starts"))
    voting_from = models.DateTimeField(_("voting opens"))
    voting_until = models.DateTimeField(_("voting closes"))
    implementation_from = models.DateTimeField(_("implementation starts"))
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=18,
                                               validators=[MinValueValidator(14), MaxValueValidator(100)])
    ballot_type = models.CharField(_("ballot type"), max_length=12, choices=BallotType.choices,
                                   default=BallotType.APPROVAL)
    max_choices = models.PositiveSmallIntegerField(_("projects a voter may approve (K)"), default=3,
                                                   validators=[MinValueValidator(1)])
    points_total = models.PositiveSmallIntegerField(_("points per voter"), default=10,
                                                    validators=[MinValueValidator(1)])
    rule = models.CharField(_("counting rule"), max_length=8, choices=CountingRule.choices,
                            default=CountingRule.GREEDY)
    min_votes = models.PositiveIntegerField(_("minimum votes to be funded"), default=10)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Head of the contest's public hash-chained vote log; the row lock serialises appends.
    log_seq = models.PositiveBigIntegerField(default=0)
    log_head = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        ordering = ["-voting_from", "-pk"]
        verbose_name = _("project contest")
        verbose_name_plural = _("project contests")

    def __str__(self) -> str:
        return self.title

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code

    is_public = True

    def phase_at(self, moment: datetime) -> str:
        if moment >= self.implementation_from:
            return Phase.IMPLEMENTATION
        if moment >= self.voting_until:
            return Phase.RESULTS
        if moment >= self.voting_from:
            return Phase.VOTING
        if moment >= self.review_from:
            return Phase.REVIEW
        if moment >= self.proposals_from:
            return Phase.PROPOSALS
        return Phase.ANNOUNCED

    @property
    def phase(self) -> str:
        return self.phase_at(timezone.now())

    def get_phase_display(self) -> str:
        return Phase(self.phase).label

    def timeline(self) -> list[tuple[str, datetime, str]]:
        """(phase label, start, "past"/"now"/"") for the phase strip on every contest page."""
        current = PHASE_ORDER.index(self.phase)
        starts = [self.created_at, self.proposals_from, self.review_from, self.voting_from, self.voting_until,
                  self.implementation_from]
        return [(Phase(name).label, starts[i], "now" if i == current else ("past" if i < current else ""))
                for i, name in enumerate(PHASE_ORDER)]

    @property
    def is_frozen(self) -> bool:
        """The set-up cannot change once voting has opened."""
        return PHASE_ORDER.index(self.phase) >= PHASE_ORDER.index(Phase.VOTING)

    def eligible_residents(self, on: date | None = None) -> models.QuerySet[Resident]:
        """Who may propose and vote: registered members of the community, not excluded, ``min_age`` or older on
        ``on`` (today by default), living in one of the contest's settlements if it names any. The one definition
        behind the permission rule, paper ballots and the turnout count."""
        residents = Resident.objects.filter(community_id=self.community_id, is_registered=True, is_excluded=False,
                                            birth_date__lte=born_by(on or timezone.localdate(), self.min_age))
        settlements = self.settlement_ids()
        return residents.filter(settlement_id__in=settlements) if settlements else residents

    def admits(self, resident_id: int) -> bool:
        """Whether :meth:`eligible_residents` includes the resident today. It runs on every ballot: while voting
        is frozen its SQL is compiled once per process and day."""
        today = timezone.localdate()
        query = kept_while_frozen(self, f"admits {today}", lambda: CompiledQuery(
            self.eligible_residents(on=today).filter(pk=SLOT).order_by().values_list("pk")[:1]))
        return bool(query.rows(resident_id))

    def settlement_ids(self) -> frozenset[int]:
        """The settlements taking part (none: the whole community)."""
        cached = getattr(self, "_settlement_ids", None)
        if cached is None:
            cached = self._settlement_ids = kept_while_frozen(
                self, "settlements", lambda: frozenset(self.settlements.values_list("pk", flat=True)))
        return cached


FROZEN_TTL_S = 60.0
_frozen: dict[tuple[int, datetime, str], tuple[float, Any]] = {}


def forget_frozen() -> None:
    """Drop everything :func:`kept_while_frozen` keeps in this process (tests that move a contest's clock)."""
    _frozen.clear()


def kept_while_frozen(contest: Contest, what: str, load: Callable[[], T]) -> T:
    """``load()``, kept per process for a minute once the contest's voting has opened (return something
    read-only: every caller shares it).

    Every ballot is checked against the contest's settlements and the projects on the ballot; from the opening of
    voting on, services refuse any change to them (set-up frozen, reviews and withdrawals closed), so a ballot
    need not ask the database each time. Before that, ``load()`` runs on every call. The opening time is part of
    the key, and the minute bounds what a change made outside the services could leave stale.
    """
    if not contest.is_frozen:
        return load()
    key, now = (contest.pk, contest.voting_from, what), time.monotonic()
    kept = _frozen.get(key)
    if kept is None or kept[0] < now:
        if len(_frozen) > 10_000:  # contests long closed are not worth keeping
            _frozen.clear()
        kept = _frozen[key] = (now + FROZEN_TTL_S, load())
    return kept[1]


class Category(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="contests_unique_category")]

    def __str__(self) -> str:
        return self.name


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn by the author")
    FEASIBLE = "feasible", _("Feasible: on the ballot")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")
    MERGED = "merged", _("Merged into another proposal")


class Proposal(models.Model):
    """A resident's project idea (өтінім / заявка)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    show_author = models.BooleanField(_("show my name publicly"), default=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="proposals", verbose_name=_("category"))
    settlement = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("settlement"))
    location = models.CharField(_("location"), max_length=200, help_text=_("Street, landmark or coordinates"))
    estimated_cost = models.PositiveBigIntegerField(_("estimated cost, ₸"), validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=14, choices=ProposalStatus.choices,
                              default=ProposalStatus.SUBMITTED, db_index=True)
    review_reason = models.TextField(_("reason of the review"), blank=True)
    final_cost = models.PositiveBigIntegerField(_("cost after review, ₸"), null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_from")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.title

    @property
    def permission_scope(self) -> str:
        return self.contest.permission_scope

    @property
    def is_public(self) -> bool:
        return self.status != ProposalStatus.WITHDRAWN

    @property
    def cost(self) -> int:
        """The cost on the ballot: the reviewed cost when staff corrected it."""
        return self.final_cost if self.final_cost is not None else self.estimated_cost

    @property
    def author_label(self) -> str:
        """Public pages show a private author's name only if they chose so."""
        if self.show_author:
            return self.author.get_full_name() or str(_("a resident"))
        return str(_("a resident"))


def _photo_path(instance, filename: str) -> str:
    return f"contests/{timezone.now():%Y/%m}/{filename}"


class ProposalPhoto(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=_photo_path)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name


class Comment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_official = models.BooleanField(default=False)
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:50]

    @property
    def permission_scope(self) -> str:
        return self.proposal.permission_scope

    is_public = True


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("paper, entered at the akimat")


class Ballot(models.Model):
    """One ballot per resident per contest (the unique constraint makes a second one impossible); a change
    replaces its choices and issues a new receipt."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="ballots")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    channel = models.CharField(max_length=6, choices=Channel.choices, default=Channel.ONLINE)
    version = models.PositiveIntegerField(default=0)
    receipt_code = models.CharField(max_length=24, blank=True)
    receipt_hash = models.CharField(max_length=64, blank=True)
    supersedes = models.CharField(max_length=64, blank=True, default="",
                                  help_text="the receipt hash this version replaced ('' for a first ballot)")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [models.UniqueConstraint(fields=["contest", "resident"], name="contests_one_ballot_per_resident")]

    def __str__(self) -> str:
        return f"ballot {self.pk} in contest {self.contest_id}"

    @property
    def permission_scope(self) -> str:
        return self.contest.permission_scope


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "proposal"], name="contests_one_choice_per_proposal")]

    def __str__(self) -> str:
        return f"{self.proposal_id}×{self.points}"


class PaperStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the second entry")
    CONFIRMED = "confirmed", _("confirmed and counted")
    CANCELLED = "cancelled", _("cancelled")


class PaperBallotEntry(models.Model):
    """First entry of a paper ballot; a second staff member re-enters it blind, and only matching entries
    become a ballot (double entry)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="paper_entries")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    choices = models.JSONField()
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=PaperStatus.choices, default=PaperStatus.PENDING)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    mismatches = models.PositiveSmallIntegerField(default=0)
    ballot = models.ForeignKey(Ballot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("paper ballot entry")
        verbose_name_plural = _("paper ballot entries")

    def __str__(self) -> str:
        return f"paper entry {self.pk}"

    @property
    def permission_scope(self) -> str:
        return self.contest.permission_scope


class LogKind(models.TextChoices):
    CAST = "cast", _("ballot cast")
    CHANGED = "changed", _("ballot changed")
    PAPER = "paper", _("paper ballot")


class VoteLogEntry(models.Model):
    """The public, hash-chained vote log: a receipt's hash, never the choices. An entry is written with its
    ballot and gets its number and hashes when it is chained, right after (see :mod:`auyl.contests.votelog`)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="log")
    seq = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    kind = models.CharField(max_length=8, choices=LogKind.choices)
    receipt_hash = models.CharField(max_length=64, db_index=True)
    supersedes = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["contest", "seq"]
        constraints = [models.UniqueConstraint(fields=["contest", "seq"], name="contests_one_log_entry_per_seq")]
        indexes = [models.Index(fields=["contest"], condition=models.Q(seq__isnull=True),
                                name="contests_log_waiting")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind}"

    def payload(self) -> dict:
        return {"contest": self.contest_id, "seq": self.seq, "created_at": self.created_at.isoformat(),
                "kind": self.kind, "receipt_hash": self.receipt_hash, "supersedes": self.supersedes}


class Result(models.Model):
    """What the engine decided when voting closed, with the exact ``.pb`` that was counted."""

    contest = models.OneToOneField(Contest, on_delete=models.CASCADE, related_name="result")
    computed_at = models.DateTimeField()
    rule = models.CharField(max_length=60)
    budget = models.PositiveBigIntegerField()
    total_cost = models.PositiveBigIntegerField()
    num_ballots = models.PositiveIntegerField()
    num_paper = models.PositiveIntegerField()
    num_eligible = models.PositiveIntegerField()
    turnout = models.JSONField(default=list)
    notes = models.JSONField(default=list)
    pb_text = models.TextField()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"result of {self.contest_id}"

    @property
    def permission_scope(self) -> str:
        return self.contest.permission_scope

    is_public = True

    @property
    def turnout_share(self) -> float:
        return self.num_ballots / self.num_eligible if self.num_eligible else 0.0


class ResultRow(models.Model):
    """One project's line in the published results, with the reason as data (rendered in the reader's language)."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="rows")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")
    cost = models.PositiveBigIntegerField()
    votes = models.PositiveIntegerField()
    score = models.PositiveIntegerField()
    paper_votes = models.PositiveIntegerField(default=0)
    funded = models.BooleanField()
    position = models.PositiveIntegerField(null=True)
    reason_kind = models.CharField(max_length=24)
    reason_data = models.JSONField(default=dict)
    engine_reason = models.TextField()

    class Meta:
        ordering = ["-funded", "position", "-votes", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.reason_kind}"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PROCUREMENT = "procurement", _("Procurement")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class FundedProject(models.Model):
    """A winning proposal being built; everyone can follow its status and spending."""

    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="project")
    budget = models.PositiveBigIntegerField()
    status = models.CharField(_("status"), max_length=12, choices=ProjectStatus.choices,
                              default=ProjectStatus.PLANNED)
    spent = models.PositiveBigIntegerField(_("spent, ₸"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["proposal__contest", "pk"]
        verbose_name = _("funded project")
        verbose_name_plural = _("funded projects")

    def __str__(self) -> str:
        return self.proposal.title

    @property
    def permission_scope(self) -> str:
        return self.proposal.contest.permission_scope

    @property
    def contest(self) -> Contest:
        return self.proposal.contest

    is_public = True

    @property
    def spent_share(self) -> float:
        return min(1.0, self.spent / self.budget) if self.budget else 0.0


class ProgressNote(models.Model):
    project = models.ForeignKey(FundedProject, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=ProjectStatus.choices)
    text = models.TextField(_("progress note"), max_length=4000)
    spent_total = models.PositiveBigIntegerField(_("spent so far, ₸"))
    photo = models.ImageField(_("photo"), upload_to=_photo_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.text[:50]

