"""Contests in a chosen phase, for the tests: dates are placed around now so ``contest.phase`` is that phase."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from auyl.contests import selectors, services
from auyl.contests.models import PHASE_ORDER, Contest, Phase, Proposal, ProposalStatus

STARTS = ["proposals_from", "review_from", "voting_from", "voting_until", "implementation_from"]


def dates_for(phase: str) -> dict:
    """Phase k starts at STARTS[k-1]: the ones up to ``phase`` lie in the past, the others in the future."""
    now, day = timezone.now(), timedelta(days=1)
    index = PHASE_ORDER.index(phase)
    return {name: now + (k + 1 - index) * day - (day / 2 if k + 1 <= index else timedelta(0))
            for k, name in enumerate(STARTS)}


def set_phase(contest: Contest, phase: str) -> Contest:
    """Move the contest's clock (tests only: services never rewrite dates once voting opened)."""
    Contest.objects.filter(pk=contest.pk).update(**dates_for(phase))
    selectors.forget_kept_contests()
    contest.refresh_from_db()
    return contest


def make_contest(community, staff, *, phase: str = Phase.PROPOSALS, **fields) -> Contest:
    values = dict(title="Ауыл көркі 2026", budget_amount=5_000_000, min_votes=1, categories=["Greening", "Lighting"])
    values.update(fields)
    contest = services.create_contest(staff, community, **dates_for(Phase.ANNOUNCED), **values)
    return set_phase(contest, phase)


def make_proposal(contest: Contest, author, *, title: str = "Playground", cost: int = 1_000_000,
                  status: str = ProposalStatus.FEASIBLE, **fields) -> Proposal:
    """A proposal straight in the database (the service path is tested separately)."""
    return Proposal.objects.create(
        contest=contest, author=author, title=title, description=fields.pop("description", f"{title} for all"),
        settlement=fields.pop("settlement", None) or contest.community.settlements().order_by("code").first(),
        location="Centre", estimated_cost=cost, final_cost=cost if status == ProposalStatus.FEASIBLE else None,
        status=status, **fields)
