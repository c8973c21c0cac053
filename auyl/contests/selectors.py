"""Read queries of project contests (no N+1: related rows are joined or prefetched)."""

from __future__ import annotations

import time
from copy import copy
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet

from auyl.contests import similarity
from auyl.contests.models import (
    FROZEN_TTL_S,
    Ballot,
    BallotChoice,
    Contest,
    FundedProject,
    PaperBallotEntry,
    PaperStatus,
    Phase,
    ProgressNote,
    Proposal,
    ProposalStatus,
    Result,
    VoteLogEntry,
    forget_frozen,
)
from auyl.core.hashing import GENESIS_HASH, chain_hash
from auyl.territory.models import Community


def contests(community: Community | None = None) -> QuerySet[Contest]:
    qs = Contest.objects.select_related("community__territory").annotate(
        n_proposals=Count("proposals", filter=~Q(proposals__status=ProposalStatus.WITHDRAWN), distinct=True))
    return (qs.filter(community=community) if community else qs).order_by("-voting_from", "-pk")


def contest(pk: int) -> Contest:
    return Contest.objects.select_related("community__territory", "budget_line__programme").get(pk=pk)


_voting: dict[int, tuple[float, Contest]] = {}


def contest_for_ballot(pk: int) -> Contest:
    """The contest a ballot is cast in (raises ``Contest.DoesNotExist``). While voting is open its row is kept per
    process for up to a minute: the set-up is frozen then, and the vote log's head is read under the row lock,
    never from this copy. Every caller gets its own shallow copy."""
    now = time.monotonic()
    kept = _voting.get(pk)
    if kept is not None and kept[0] > now and kept[1].phase == Phase.VOTING:
        return copy(kept[1])
    found = Contest.objects.get(pk=pk)
    if found.phase == Phase.VOTING:
        if len(_voting) > 1000:
            _voting.clear()
        _voting[pk] = (now + FROZEN_TTL_S, found)
    return copy(found)


def forget_kept_contests() -> None:
    """Drop what this process keeps of contests whose voting is open (tests that move a contest's clock)."""
    _voting.clear()
    forget_frozen()


def proposals(contest: Contest, user=None, *, status: str = "") -> QuerySet[Proposal]:
    """Proposals anyone may see, plus the user's own withdrawn ones."""
    visible = ~Q(status=ProposalStatus.WITHDRAWN)
    if user is not None and user.is_authenticated:
        visible |= Q(author=user)
    qs = (contest.proposals.filter(visible).select_related("category", "settlement", "merged_into")
          .annotate(n_comments=Count("comments", distinct=True), n_photos=Count("photos", distinct=True)))
    return (qs.filter(status=status) if status else qs).order_by("pk")


def on_ballot(contest: Contest) -> QuerySet[Proposal]:
    return contest.proposals.filter(status=ProposalStatus.FEASIBLE).select_related("category", "settlement")


def proposal(pk: int) -> Proposal:
    return (Proposal.objects.select_related("contest__community__territory", "category", "settlement",
                                            "merged_into", "author")
            .prefetch_related("photos", Prefetch("comments__author")).get(pk=pk))


def similar_proposals(contest: Contest, text: str, *, exclude: int | None = None, limit: int = 5
                      ) -> list[Proposal]:
    """Proposals of the contest that look like ``text`` (title and description being typed): the one place
    the AI helper replaces to suggest duplicates better."""
    candidates = contest.proposals.exclude(status=ProposalStatus.WITHDRAWN).exclude(pk=exclude)
    texts = [(pk, f"{title} {description}") for pk, title, description in
             candidates.values_list("pk", "title", "description")]
    best = similarity.most_similar(text[:2000], texts, limit=limit)
    by_pk = Proposal.objects.in_bulk([pk for pk, _ in best])
    return [by_pk[pk] for pk, _ in best]


def my_ballot(contest: Contest, user) -> Ballot | None:
    if not user.is_authenticated or not user.resident_id:
        return None
    return (Ballot.objects.filter(contest=contest, resident_id=user.resident_id)
            .prefetch_related(Prefetch("choices", BallotChoice.objects.select_related("proposal"))).first())


def pending_paper(contest: Contest) -> QuerySet[PaperBallotEntry]:
    return contest.paper_entries.filter(status=PaperStatus.PENDING).select_related("entered_by")


def vote_log(contest: Contest) -> QuerySet[VoteLogEntry]:
    """The chained entries, in order (an entry waits a second or two for its number after its ballot)."""
    return contest.log.filter(seq__isnull=False).order_by("seq")


@dataclass
class LogCheck:
    entries: int
    problems: list[str]
    waiting: int = 0  # entries not chained yet

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_vote_log(contest: Contest) -> LogCheck:
    """Recompute every hash and link of the contest's vote log up to its head as ``contest`` holds it; entries
    chained since (and those not chained yet) are waiting from this check's point of view, so the figures agree
    whatever the chaining did while it ran."""
    problems, prev, expected = [], GENESIS_HASH, 1
    for entry in vote_log(contest).filter(seq__lte=contest.log_seq).iterator(chunk_size=2000):
        if entry.seq != expected:
            problems.append(f"entry #{expected} is missing")
        if entry.prev_hash != prev or chain_hash(entry.prev_hash, entry.payload()) != entry.entry_hash:
            problems.append(f"entry #{entry.seq} was altered")
        prev, expected = entry.entry_hash, entry.seq + 1
    if contest.log_seq != expected - 1 or contest.log_head != prev:
        problems.append("the log does not end where its head says")
    waiting = contest.log.filter(Q(seq__isnull=True) | Q(seq__gt=contest.log_seq)).count()
    return LogCheck(expected - 1, problems, waiting)


LOG_CHECK_KEPT_S = 60


def published_log_check(contest: Contest) -> LogCheck:
    """The verdict shown on the public log page: recomputing a long chain on every view would let a few readers
    keep a server busy, so it is kept while the log's head stays where it was, for a minute at most (a row
    altered in between is reported within that minute)."""
    key = f"contests:log-check:{contest.pk}:{contest.log_seq}:{contest.log_head}"
    check = cache.get(key)
    if check is None:
        check = verify_vote_log(contest)
        cache.set(key, check, LOG_CHECK_KEPT_S)
    return check


@dataclass
class ReceiptCheck:
    entry: VoteLogEntry | None
    counted: bool  # the receipt is the ballot's current version (not replaced by a later change)


def check_receipt(contest: Contest, code: str) -> ReceiptCheck:
    from auyl.contests.services import receipt_hash

    digest = receipt_hash(code)
    entry = contest.log.filter(receipt_hash=digest).first()
    if entry is None:
        return ReceiptCheck(None, False)
    replaced = contest.log.filter(supersedes=digest).exists()
    return ReceiptCheck(entry, not replaced)


def result(contest: Contest) -> Result | None:
    return (Result.objects.filter(contest=contest)
            .prefetch_related("rows__proposal__settlement", "rows__proposal__project").first())


def projects(contest: Contest) -> QuerySet[FundedProject]:
    return FundedProject.objects.filter(proposal__contest=contest).select_related("proposal__settlement")


def project(pk: int) -> FundedProject:
    return (FundedProject.objects.select_related("proposal__contest__community__territory",
                                                 "proposal__settlement")
            .prefetch_related(Prefetch("notes", ProgressNote.objects.order_by("-pk"))).get(pk=pk))

