"""Write rules of project contests: set-up, proposals, review, ballots (online and paper), counting,
implementation. Every function checks permissions with ``require`` and writes in one transaction."""

from __future__ import annotations

import hashlib
import itertools
import secrets
from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from auyl.contests import counting, votelog
from auyl.contests.models import (
    Ballot,
    BallotChoice,
    BallotType,
    Category,
    Channel,
    Comment,
    Contest,
    FundedProject,
    LogKind,
    PaperBallotEntry,
    PaperStatus,
    Phase,
    ProgressNote,
    ProjectStatus,
    Proposal,
    ProposalPhoto,
    ProposalStatus,
    Result,
    ResultRow,
    kept_while_frozen,
)
from auyl.core import audit
from auyl.core.notifications import notify
from auyl.core.permissions import has_role, require
from auyl.core.roles import OFFICIALS
from auyl.people import crypto
from auyl.people.iin import parse_iin
from auyl.people.models import Resident, User
from auyl.territory.models import Community, Territory

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {"JPEG", "PNG", "WEBP"}
SETUP_FIELDS = ["title", "description", "budget_amount", "budget_line", "proposals_from", "review_from",
                "voting_from", "voting_until", "implementation_from", "min_age", "ballot_type", "max_choices",
                "points_total", "rule", "min_votes"]


# --- set-up ------------------------------------------------------------------------------------------


def _check_dates(contest: Contest) -> None:
    order = [contest.proposals_from, contest.review_from, contest.voting_from, contest.voting_until,
             contest.implementation_from]
    if any(a > b for a, b in itertools.pairwise(order)) or contest.voting_from >= contest.voting_until:
        raise ValidationError(
            {"voting_until": _("Phases must follow each other: proposals, review, voting, results, "
                               "implementation; voting must last some time.")})


def _public_setup(contest: Contest) -> dict:
    data = {name: getattr(contest, name) for name in SETUP_FIELDS if name != "budget_line"}
    data["budget_line"] = str(contest.budget_line.programme.code) if contest.budget_line_id else ""
    data["settlements"] = sorted(contest.settlements.values_list("code", flat=True))
    data["categories"] = sorted(contest.categories.values_list("name", flat=True))
    return data


def _set_categories(contest: Contest, names: list[str]) -> None:
    wanted = {n.strip()[:100] for n in names if n.strip()}
    contest.categories.exclude(name__in=wanted).filter(proposals__isnull=True).delete()
    for name in sorted(wanted):
        Category.objects.get_or_create(contest=contest, name=name)


def _check_budget_line(contest: Contest) -> None:
    if contest.budget_line_id and contest.budget_line.community_id != contest.community_id:
        raise ValidationError({"budget_line": _("Choose a programme of this community's budget.")})


def _check_settlements(community: Community, settlements: list[Territory]) -> None:
    own = set(community.settlements().values_list("pk", flat=True))
    if any(s.pk not in own for s in settlements):
        raise ValidationError({"settlements": _("Choose settlements of this community only.")})


@transaction.atomic
def create_contest(user, community: Community, *, settlements: list[Territory] = (), categories: list[str] = (),
                   **fields) -> Contest:
    """Akim's staff announce a contest; the set-up can change until voting opens."""
    require(user, "create", community.territory.code, subject="contests.contest")
    _check_settlements(community, list(settlements))
    contest = Contest(community=community, created_by=user, **fields)
    contest.full_clean(exclude=["community", "created_by"])
    _check_dates(contest)
    _check_budget_line(contest)
    contest.save()
    contest.settlements.set(settlements)
    _set_categories(contest, list(categories))
    audit.record(actor=user, action="contests.contest_created", obj=contest, after=_public_setup(contest))
    return contest


@transaction.atomic
def update_contest(user, contest: Contest, *, settlements: list[Territory] | None = None,
                   categories: list[str] | None = None, **fields) -> Contest:
    """Change the set-up; refused once voting has opened, so no rule changes mid-vote."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.is_frozen:
        raise ValidationError(_("Voting has opened: the contest's set-up is frozen."), code="frozen")
    require(user, "change", contest)
    before = _public_setup(contest)
    unknown = set(fields) - set(SETUP_FIELDS)
    if unknown:
        raise ValueError(f"not set-up fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(contest, name, value)
    contest.full_clean(exclude=["community", "created_by"])
    _check_dates(contest)
    _check_budget_line(contest)
    if contest.voting_from <= timezone.now():
        raise ValidationError({"voting_from": _("Voting cannot be opened by editing: use “next phase”.")})
    contest.save()
    if settlements is not None:
        _check_settlements(contest.community, list(settlements))
        contest.settlements.set(settlements)
    if categories is not None:
        _set_categories(contest, list(categories))
    audit.record(actor=user, action="contests.contest_changed", obj=contest, before=before,
                 after=_public_setup(contest))
    return contest


@transaction.atomic
def advance_phase(user, contest: Contest) -> Contest:
    """Start the next phase now (the dates are the plan; staff may move on earlier). Voting is never
    closed early: it ends at its announced time."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    require(user, "approve", contest)
    now = timezone.now()
    phase = contest.phase_at(now)
    if phase == Phase.REVIEW and not contest.proposals.filter(status=ProposalStatus.FEASIBLE).exists():
        raise ValidationError(_("Mark at least one proposal feasible before voting opens."), code="empty_ballot")
    if phase == Phase.REVIEW and contest.proposals.filter(status=ProposalStatus.SUBMITTED).exists():
        raise ValidationError(_("Review every proposal before voting opens."), code="unreviewed")
    if phase == Phase.RESULTS and not Result.objects.filter(contest=contest).exists():
        raise ValidationError(_("The results are not counted yet."), code="no_results")
    starts = {Phase.ANNOUNCED: "proposals_from", Phase.PROPOSALS: "review_from", Phase.REVIEW: "voting_from",
              Phase.RESULTS: "implementation_from"}
    if phase not in starts:
        raise ValidationError(_("This phase ends at its announced time."), code="fixed")
    name = starts[phase]
    setattr(contest, name, now)
    # Earlier phases that were planned later than now start now as well (their dates stay ordered).
    for earlier in ("proposals_from", "review_from", "voting_from"):
        if earlier == name:
            break
        setattr(contest, earlier, min(getattr(contest, earlier), now))
    if contest.voting_until <= now and name == "voting_from":
        raise ValidationError(_("The announced end of voting has passed; change it first."), code="late")
    contest.save()
    audit.record(actor=user, action="contests.phase_started", obj=contest,
                 before={"phase": phase}, after={"phase": contest.phase_at(now), name: now})
    return contest


# --- proposals -----------------------------------------------------------------------------------------


def _validate_photo(upload) -> None:
    from PIL import Image, UnidentifiedImageError

    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError({"photos": _("A photo may be at most 5 MB.")})
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError({"photos": _("Upload photos as JPEG, PNG or WebP images.")}) from None
    if kind not in PHOTO_TYPES:
        raise ValidationError({"photos": _("Upload photos as JPEG, PNG or WebP images.")})
    upload.seek(0)


@transaction.atomic
def submit_proposal(user, contest: Contest, *, title: str, description: str, settlement: Territory,
                    location: str, estimated_cost: int, category: Category | None = None,
                    show_author: bool = False, photos: list = ()) -> Proposal:
    require(user, "create", contest, subject="contests.proposal")
    errors = {}
    allowed = contest.settlement_ids() or set(contest.community.settlements().values_list("pk", flat=True))
    if settlement.pk not in allowed:
        errors["settlement"] = _("Choose a settlement taking part in this contest.")
    if category is not None and category.contest_id != contest.pk:
        errors["category"] = _("Choose one of this contest's categories.")
    if not 0 < estimated_cost <= contest.budget_amount:
        errors["estimated_cost"] = _("The cost must be positive and within the money available (%(money)s ₸).") % {
            "money": contest.budget_amount}
    if errors:
        raise ValidationError(errors)
    for upload in photos:
        _validate_photo(upload)
    proposal = Proposal(contest=contest, author=user, show_author=show_author, title=title.strip(),
                        description=description.strip(), settlement=settlement, location=location.strip(),
                        estimated_cost=estimated_cost, category=category)
    proposal.full_clean()
    proposal.save()
    for upload in photos:
        ProposalPhoto.objects.create(proposal=proposal, image=upload)
    audit.record(actor=user, action="contests.proposal_submitted", obj=proposal,
                 after={"title": proposal.title, "cost": estimated_cost, "settlement": settlement.code})
    return proposal


@transaction.atomic
def withdraw_proposal(user, proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("contest__community__territory").get(
        pk=proposal.pk)
    require(user, "change", proposal)
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status"])
    audit.record(actor=user, action="contests.proposal_withdrawn", obj=proposal,
                 before={"status": ProposalStatus.SUBMITTED}, after={"status": proposal.status})
    return proposal


@transaction.atomic
def add_comment(user, proposal: Proposal, text: str) -> Comment:
    require(user, "create", proposal, subject="contests.comment")
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a comment first.")})
    official = has_role(*OFFICIALS)(user, proposal)
    return Comment.objects.create(proposal=proposal, author=user, text=text[:2000], by_official=official)


def _proposal_url(proposal: Proposal) -> str:
    return reverse("contests:proposal", kwargs={"pk": proposal.pk})


@transaction.atomic
def review_proposal(user, proposal: Proposal, *, feasible: bool, reason: str, final_cost: int | None = None
                    ) -> Proposal:
    """Staff decide feasibility with a public reason and, if needed, a corrected cost."""
    proposal = Proposal.objects.select_for_update().select_related("contest__community__territory").get(
        pk=proposal.pk)
    require(user, "approve", proposal)
    if proposal.status not in (ProposalStatus.SUBMITTED, ProposalStatus.FEASIBLE, ProposalStatus.NOT_FEASIBLE):
        raise ValidationError(_("This proposal was withdrawn or merged and cannot be reviewed."), code="closed")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the public reason of the decision.")})
    cost = final_cost if final_cost is not None else proposal.estimated_cost
    if feasible and not 0 < cost <= proposal.contest.budget_amount:
        raise ValidationError({"final_cost": _("A feasible project must cost something and fit the money "
                                               "available.")})
    before = {"status": proposal.status, "final_cost": proposal.final_cost}
    proposal.status = ProposalStatus.FEASIBLE if feasible else ProposalStatus.NOT_FEASIBLE
    proposal.review_reason = reason
    proposal.final_cost = cost if feasible else final_cost
    proposal.reviewed_at = timezone.now()
    proposal.save()
    audit.record(actor=user, action="contests.proposal_reviewed", obj=proposal, before=before,
                 after={"status": proposal.status, "final_cost": proposal.final_cost, "reason": reason})
    message = (gettext_lazy("Your proposal “%(title)s” is feasible: it will be on the ballot.") if feasible
               else gettext_lazy("Your proposal “%(title)s” was found not feasible; the reason is published."))
    notify([proposal.author], subject=gettext_lazy("Your proposal was reviewed"), body=message,
           url=_proposal_url(proposal), params={"title": proposal.title})
    return proposal


@transaction.atomic
def merge_proposals(user, source: Proposal, target: Proposal, *, reason: str) -> Proposal:
    """Put a duplicate into another proposal: the source leaves the ballot, its author is told why."""
    source, target = (Proposal.objects.select_for_update().select_related("contest__community__territory")
                      .get(pk=p.pk) for p in (source, target))
    require(user, "approve", source)
    if source.pk == target.pk or source.contest_id != target.contest_id:
        raise ValidationError({"target": _("Choose another proposal of the same contest.")})
    open_statuses = (ProposalStatus.SUBMITTED, ProposalStatus.FEASIBLE, ProposalStatus.NOT_FEASIBLE)
    if source.status not in open_statuses or target.status not in open_statuses:
        raise ValidationError({"target": _("Withdrawn or merged proposals cannot be merged.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the public reason of the decision.")})
    before = {"status": source.status}
    source.status, source.merged_into, source.review_reason = ProposalStatus.MERGED, target, reason.strip()
    source.reviewed_at = timezone.now()
    source.save()
    audit.record(actor=user, action="contests.proposal_merged", obj=source, before=before,
                 after={"status": source.status, "merged_into": target.pk, "reason": source.review_reason})
    notify([source.author], subject=gettext_lazy("Your proposal was merged"),
           body=gettext_lazy("Your proposal “%(title)s” was merged into “%(target)s”."), url=_proposal_url(target),
           params={"title": source.title, "target": target.title})
    return source


# --- ballots -------------------------------------------------------------------------------------------


def ballot_costs(contest: Contest) -> Mapping[int, int]:
    """{project id: cost on the ballot} of the projects residents may choose."""
    def load() -> Mapping[int, int]:
        rows = contest.proposals.filter(status=ProposalStatus.FEASIBLE).values_list("pk", "final_cost",
                                                                                    "estimated_cost")
        return MappingProxyType({pk: final if final is not None else estimated for pk, final, estimated in rows})

    return kept_while_frozen(contest, "ballot", load)


def clean_choices(contest: Contest, choices: dict[int, int]) -> dict[int, int]:
    """Check a ballot against the contest's ballot type; returns {proposal id: points}."""
    on_ballot = ballot_costs(contest)
    chosen = {int(pid): int(points) for pid, points in choices.items() if int(points) != 0}
    if not chosen:
        raise ValidationError(_("Choose at least one project."), code="empty")
    if any(pid not in on_ballot for pid in chosen):
        raise ValidationError(_("The ballot lists a project that is not on it."), code="unknown")
    if any(points < 0 for points in chosen.values()):
        raise ValidationError(_("Points cannot be negative."), code="negative")
    if contest.ballot_type == BallotType.CUMULATIVE:
        if sum(chosen.values()) > contest.points_total:
            raise ValidationError(_("You gave %(given)s points; you have %(total)s.")
                                  % {"given": sum(chosen.values()), "total": contest.points_total}, code="points")
        return chosen
    if any(points != 1 for points in chosen.values()):
        raise ValidationError(_("Approve a project at most once."), code="points")
    if contest.ballot_type == BallotType.APPROVAL and len(chosen) > contest.max_choices:
        raise ValidationError(_("Choose at most %(k)s projects.") % {"k": contest.max_choices}, code="too_many")
    if contest.ballot_type == BallotType.KNAPSACK:
        total = sum(on_ballot[pid] for pid in chosen)
        if total > contest.budget_amount:
            raise ValidationError(_("Your projects cost %(total)s ₸, more than the %(money)s ₸ available.")
                                  % {"total": total, "money": contest.budget_amount}, code="over_budget")
    return chosen


def receipt_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace(" ", "").encode()).hexdigest()


def _new_receipt() -> str:
    raw = secrets.token_hex(8).upper()
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


# The ballot path's writes are SQL: a ballot is the one request that must scale, and building ORM queries costs
# more CPU than the database spends on them.
#
# A ballot, first or changed, is one upsert: ON CONFLICT (the one-ballot-per-resident constraint) turns a
# resident's second ballot, or parallel first ones, into an update of the row, queued on its lock. The SET
# expressions read the row as it was, so ``supersedes`` gets the receipt being replaced.
_BALLOT_COLUMNS = """contests_ballot (contest_id, resident_id, user_id, channel, version, receipt_code, receipt_hash,
                                      supersedes, created_at, updated_at)"""
_REPLACE_ON_CONFLICT = """ON CONFLICT (contest_id, resident_id) DO UPDATE SET
        version = contests_ballot.version + 1, channel = excluded.channel, user_id = excluded.user_id,
        receipt_code = excluded.receipt_code, receipt_hash = excluded.receipt_hash,
        supersedes = contests_ballot.receipt_hash, updated_at = excluded.updated_at"""
_UPSERT_BALLOT = f"""
    INSERT INTO {_BALLOT_COLUMNS} VALUES (%s, %s, %s, %s, 1, %s, %s, '', %s, %s)
    {_REPLACE_ON_CONFLICT}
    RETURNING id, version, supersedes"""
_DROP_CHOICES = "DELETE FROM contests_ballotchoice WHERE ballot_id = %s"
_INSERT_CHOICES = "INSERT INTO contests_ballotchoice (ballot_id, proposal_id, points) VALUES "
# On PostgreSQL the whole write is one statement, one round trip instead of five: the hold on the contest
# (:mod:`auyl.contests.votelog`'s), the same upsert, the choices (those dropped deleted, the others inserted or
# updated: no row is touched twice, as one statement requires) and the unchained vote-log entry.
_WRITE_BALLOT_POSTGRESQL = f"""
    WITH held AS ({votelog.HOLD_CONTEST}),
    ballot AS (
        INSERT INTO {_BALLOT_COLUMNS} SELECT held.id, %s, %s, %s, 1, %s, %s, '', %s, %s FROM held
        {_REPLACE_ON_CONFLICT}
        RETURNING id, contest_id, version, supersedes, receipt_hash, updated_at),
    dropped AS (
        DELETE FROM contests_ballotchoice AS choice USING ballot
        WHERE choice.ballot_id = ballot.id AND NOT choice.proposal_id = ANY(%s::bigint[])),
    chosen AS (
        INSERT INTO contests_ballotchoice (ballot_id, proposal_id, points)
        SELECT ballot.id, c.proposal_id, c.points FROM ballot, unnest(%s::bigint[], %s::integer[])
            AS c(proposal_id, points)
        ON CONFLICT (ballot_id, proposal_id) DO UPDATE SET points = excluded.points),
    logged AS (
        INSERT INTO contests_votelogentry {votelog.ENTRY_COLUMNS}
        SELECT contest_id, NULL, updated_at, CASE WHEN version > 1 THEN %s ELSE %s END, receipt_hash, supersedes,
               '', ''
        FROM ballot)
    SELECT id, version, supersedes FROM ballot"""


def _store_ballot(contest: Contest, resident_id: int, choices: dict[int, int], *, channel: str, user) -> Ballot:
    """Write the resident's one ballot with its choices and a new receipt, and its vote-log entry (inside the
    caller's transaction; the caller chains the log once it has committed, see :mod:`auyl.contests.votelog`)."""
    code = _new_receipt()
    ballot = Ballot(contest_id=contest.pk, resident_id=resident_id, user=user, channel=channel, receipt_code=code,
                    receipt_hash=receipt_hash(code), updated_at=timezone.now())
    rows = sorted(choices.items())
    first, changed = (LogKind.PAPER, LogKind.PAPER) if channel == Channel.PAPER else (LogKind.CAST, LogKind.CHANGED)
    write = _write_in_one_statement if connection.vendor == "postgresql" else _write_step_by_step
    ballot.pk, ballot.version, ballot.supersedes = write(contest, ballot, rows, first, changed)
    ballot._state.adding, ballot._state.db = False, connection.alias  # the row exists from here on
    ballot.cast_choices = dict(rows)
    return ballot


def _write_in_one_statement(contest: Contest, ballot: Ballot, rows: list[tuple[int, int]], first: str,
                            changed: str) -> tuple[int, int, str]:
    now = connection.ops.adapt_datetimefield_value(ballot.updated_at)
    proposals, points = [pid for pid, _ in rows], [n for _, n in rows]
    with connection.cursor() as cursor:
        cursor.execute(_WRITE_BALLOT_POSTGRESQL, [
            contest.pk, ballot.resident_id, ballot.user_id, ballot.channel, ballot.receipt_code,
            ballot.receipt_hash, now, now, proposals, proposals, points, changed, first])
        written = cursor.fetchone()
    if written is None:  # no contest row to hold: it was deleted
        raise Contest.DoesNotExist
    votelog.ensure_voting_open(contest)  # the statement held the contest before it wrote
    return written


def _write_step_by_step(contest: Contest, ballot: Ballot, rows: list[tuple[int, int]], first: str,
                        changed: str) -> tuple[int, int, str]:
    votelog.hold_voting_open(contest)
    now = connection.ops.adapt_datetimefield_value(ballot.updated_at)
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT_BALLOT, [ballot.contest_id, ballot.resident_id, ballot.user_id, ballot.channel,
                                        ballot.receipt_code, ballot.receipt_hash, now, now])
        pk, version, supersedes = cursor.fetchone()
        if version > 1:
            cursor.execute(_DROP_CHOICES, [pk])
        cursor.execute(_INSERT_CHOICES + ", ".join(["(%s, %s, %s)"] * len(rows)),
                       [value for pid, points in rows for value in (pk, pid, points)])
    votelog.append(contest, changed if version > 1 else first, ballot.receipt_hash, supersedes)
    return pk, version, supersedes


def cast_ballot(user, contest: Contest, choices: dict[int, int]) -> Ballot:
    """A verified resident's ballot; casting again before the close replaces it and issues a new receipt."""
    with transaction.atomic():
        require(user, "create", contest, subject="contests.ballot")
        if not user.resident_id:  # administrators pass every check but have no registry entry to vote with
            raise ValidationError(_("Only verified residents vote."), code="not_resident")
        clean = clean_choices(contest, choices)
        ballot = _store_ballot(contest, user.resident_id, clean, channel=Channel.ONLINE, user=user)
    votelog.chain_soon(contest.pk)
    return ballot


def _resident_by_iin(contest: Contest, iin: str) -> Resident:
    info = parse_iin(iin)
    resident = contest.eligible_residents().filter(iin_hash=crypto.lookup_hash(info.iin)).first()
    if resident is None:
        raise ValidationError({"iin": _("This person may not vote in this contest (not an adult registered "
                                         "resident of its settlements).")})
    return resident


@transaction.atomic
def enter_paper_ballot(user, contest: Contest, *, iin: str, choices: dict[int, int]) -> PaperBallotEntry:
    """First entry of a paper ballot filled at the akimat; it counts only after a second person confirms."""
    require(user, "create", contest, subject="contests.paperballotentry")
    resident = _resident_by_iin(contest, iin)
    clean = clean_choices(contest, choices)
    PaperBallotEntry.objects.filter(contest=contest, resident=resident, status=PaperStatus.PENDING).update(
        status=PaperStatus.CANCELLED)
    entry = PaperBallotEntry.objects.create(contest=contest, resident=resident, entered_by=user,
                                            choices={str(k): v for k, v in sorted(clean.items())})
    audit.record(actor=user, action="contests.paper_ballot_entered", obj=entry)
    return entry


def confirm_paper_ballot(user, entry: PaperBallotEntry, *, iin: str, choices: dict[int, int]) -> Ballot:
    """Second, blind entry by another staff member: the same person and the same choices, or nothing counts
    (the mismatch itself is kept, counted on the entry and in the audit chain)."""
    ballot = _confirm_paper_ballot(user, entry, iin=iin, choices=choices)
    if ballot is None:
        raise ValidationError(_("The second entry differs from the first. Check the paper ballot and enter it "
                                "again; nothing was counted."), code="mismatch")
    votelog.chain_soon(entry.contest_id)
    return ballot


@transaction.atomic
def _confirm_paper_ballot(user, entry: PaperBallotEntry, *, iin: str, choices: dict[int, int]) -> Ballot | None:
    entry = PaperBallotEntry.objects.select_for_update().select_related("contest__community__territory").get(
        pk=entry.pk)
    require(user, "approve", entry)
    if entry.status != PaperStatus.PENDING:
        raise ValidationError(_("This paper ballot is already settled."), code="settled")
    contest = entry.contest
    resident = _resident_by_iin(contest, iin)
    clean = clean_choices(contest, choices)
    if resident.pk != entry.resident_id or {str(k): v for k, v in clean.items()} != entry.choices:
        entry.mismatches += 1
        entry.save(update_fields=["mismatches"])
        audit.record(actor=user, action="contests.paper_ballot_mismatch", obj=entry)
        return None
    ballot = _store_ballot(contest, resident.pk, clean, channel=Channel.PAPER, user=None)
    entry.status, entry.confirmed_by, entry.confirmed_at, entry.ballot = (
        PaperStatus.CONFIRMED, user, timezone.now(), ballot)
    entry.save()
    audit.record(actor=user, action="contests.paper_ballot_confirmed", obj=entry,
                 after={"receipt_hash": ballot.receipt_hash})
    return ballot


# --- results -------------------------------------------------------------------------------------------


def spec_of(contest: Contest) -> counting.Spec:
    return counting.Spec(
        budget=contest.budget_amount, ballot_type=contest.ballot_type, rule=contest.rule,
        min_votes=contest.min_votes, max_choices=contest.max_choices, points_total=contest.points_total,
        meta={"description": contest.title, "country": "Kazakhstan", "unit": contest.community.territory.name_ru,
              "subunit": contest.community.territory.code, "instance": str(contest.pk),
              "date_begin": contest.voting_from.date().isoformat(),
              "date_end": contest.voting_until.date().isoformat(), "language": "kk,ru"})


def _turnout(contest: Contest, cutoff_day) -> list[dict]:
    eligible = contest.eligible_residents(on=cutoff_day)
    by_place = {row["settlement"]: row["n"] for row in eligible.values("settlement").annotate(n=Count("id"))}
    ballots = {row["resident__settlement"]: row["n"] for row in
               contest.ballots.values("resident__settlement").annotate(n=Count("id"))}
    places = Territory.objects.filter(pk__in=set(by_place) | set(ballots)).order_by("code")
    return [{"code": t.code, "name_kk": t.name_kk, "name_ru": t.name_ru, "eligible": by_place.get(t.pk, 0),
             "ballots": ballots.get(t.pk, 0)} for t in places]


@transaction.atomic
def count_results(contest_id: int) -> Result:
    """Count with the engine once voting has closed; idempotent (the contest row lock orders it after every
    ballot that made it before the close)."""
    contest = Contest.objects.select_for_update().select_related("community__territory").get(pk=contest_id)
    existing = Result.objects.filter(contest=contest).first()
    if existing:
        return existing
    now = timezone.now()
    if contest.phase_at(now) not in (Phase.RESULTS, Phase.IMPLEMENTATION):
        raise ValidationError(_("Voting has not closed yet."), code="open")
    votelog.chain_all(contest.pk)  # under the count's lock: nothing is left waiting
    proposals = list(contest.proposals.filter(status=ProposalStatus.FEASIBLE).select_related("category",
                                                                                            "settlement"))
    items = [counting.Item(str(p.pk), p.cost, p.title, p.category.name if p.category else "", p.settlement.code)
             for p in proposals]
    grouped: dict[int, dict[str, int]] = defaultdict(dict)
    paper_votes: dict[str, int] = defaultdict(int)
    for ballot_id, proposal_id, points, channel in BallotChoice.objects.filter(ballot__contest=contest).values_list(
            "ballot_id", "proposal_id", "points", "ballot__channel"):
        grouped[ballot_id][str(proposal_id)] = points
        if channel == Channel.PAPER:
            paper_votes[str(proposal_id)] += 1
    spec = spec_of(contest)
    instance = counting.build_instance(spec, items, grouped.values())
    outcome, rows = counting.count(spec, instance)
    from auyl.pb import writes

    turnout = _turnout(contest, timezone.localtime(contest.voting_until).date())
    result = Result.objects.create(
        contest=contest, computed_at=now, rule=outcome.rule, budget=contest.budget_amount,
        total_cost=int(outcome.total_cost), num_ballots=contest.ballots.count(),
        num_paper=contest.ballots.filter(channel=Channel.PAPER).count(),
        num_eligible=sum(t["eligible"] for t in turnout), turnout=turnout, notes=outcome.notes,
        pb_text=writes(instance))
    ResultRow.objects.bulk_create([
        ResultRow(result=result, proposal_id=int(row.id), cost=next(i.cost for i in items if i.id == row.id),
                  votes=row.votes, score=row.score, paper_votes=paper_votes.get(row.id, 0), funded=row.funded,
                  position=row.position, reason_kind=row.reason_kind, reason_data=row.reason_data,
                  engine_reason=row.engine_reason) for row in rows])
    by_id = {str(p.pk): p for p in proposals}
    FundedProject.objects.bulk_create([FundedProject(proposal=by_id[pid], budget=by_id[pid].cost)
                                       for pid in outcome.winners])
    audit.record(actor=None, action="contests.results_published", obj=contest,
                 after={"winners": outcome.winners, "total_cost": result.total_cost, "rule": outcome.rule,
                        "ballots": result.num_ballots})
    voters = contest.ballots.filter(user__isnull=False).values("user_id")
    told = User.objects.filter(Q(pk__in=voters) | Q(pk__in=[p.author_id for p in proposals]))
    notify(told, subject=gettext_lazy("Contest results"), body=gettext_lazy("The results of “%(title)s” are out."),
           url=reverse("contests:results", kwargs={"pk": contest.pk}), params={"title": contest.title})
    return result


def close_due_contests(now: datetime | None = None) -> list[int]:
    """Enqueue the count of every contest whose voting has closed and that has no result (for cron and pages)."""
    from auyl.contests.tasks import count_results as count_task

    now = now or timezone.now()
    due = list(Contest.objects.filter(voting_until__lte=now, result__isnull=True).values_list("pk", flat=True))
    for contest_id in due:
        count_task.enqueue(contest_id)
    return due


# --- implementation --------------------------------------------------------------------------------------


@transaction.atomic
def record_progress(user, project: FundedProject, *, status: str, text: str, spent_total: int, photo=None
                    ) -> ProgressNote:
    """A public progress note: new status, the total spent so far, optionally a photo."""
    project = FundedProject.objects.select_for_update().select_related(
        "proposal__contest__community__territory").get(pk=project.pk)
    require(user, "change", project)
    if status not in ProjectStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if not text.strip():
        raise ValidationError({"text": _("Describe what was done.")})
    if spent_total < 0:
        raise ValidationError({"spent_total": _("The amount cannot be negative.")})
    if photo is not None:
        try:
            _validate_photo(photo)
        except ValidationError:
            raise ValidationError({"photo": _("Upload photos as JPEG, PNG or WebP images of at most 5 MB.")}
                                  ) from None
    before = {"status": project.status, "spent": project.spent}
    note = ProgressNote.objects.create(project=project, author=user, status=status, text=text.strip(),
                                       spent_total=spent_total, photo=photo or "")
    project.status, project.spent = status, spent_total
    project.save(update_fields=["status", "spent", "updated_at"])
    audit.record(actor=user, action="contests.project_progress", obj=project, before=before,
                 after={"status": status, "spent": spent_total})
    return note

