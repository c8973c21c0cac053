"""Who may do what in a contest, and when: role predicates composed with the contest's phase.

Subjects: ``contests.contest`` (set-up; ``create`` takes the community's KATO code), ``contests.proposal``
(``create`` takes the contest), ``contests.comment`` (``create`` takes the proposal), ``contests.ballot`` and
``contests.paperballotentry`` (``create`` takes the contest), ``contests.fundedproject``.
"""

from __future__ import annotations

from typing import Any

from auyl.contests.models import Contest, Phase, ProposalStatus
from auyl.core.permissions import Predicate, always, attribute_is_user, has_role, is_public, never, predicate, register
from auyl.core.roles import OFFICIALS, Action


def contest_of(obj: Any) -> Contest:
    return obj if isinstance(obj, Contest) else contest_of(getattr(obj, "contest", None) or obj.proposal)


def in_phase(*phases: str) -> Predicate:
    return Predicate(lambda user, obj: contest_of(obj).phase in phases, "in_phase(" + ",".join(phases) + ")")


@predicate
def eligible_resident(user: Any, obj: Any) -> bool:
    """A verified resident the contest admits: its community, settlements and minimum age (see
    ``Contest.eligible_residents``; one precompiled query once voting has opened)."""
    if not getattr(user, "is_authenticated", False) or not user.resident_id:
        return False
    return contest_of(obj).admits(user.resident_id)


@predicate
def not_yet_reviewed(user: Any, obj: Any) -> bool:
    return obj.status == ProposalStatus.SUBMITTED


officials = has_role(*OFFICIALS)
before_voting = in_phase(Phase.ANNOUNCED, Phase.PROPOSALS, Phase.REVIEW)
after_voting = in_phase(Phase.RESULTS, Phase.IMPLEMENTATION)

register("contests.contest", Action.VIEW, always)
register("contests.contest", Action.CREATE, officials)  # on a community's KATO code
register("contests.contest", Action.CHANGE, officials & before_voting)  # frozen once voting opens
register("contests.contest", Action.APPROVE, officials & ~in_phase(Phase.VOTING))  # start the next phase
register("contests.contest", Action.PUBLISH, officials & after_voting)  # count now (also done by the queue)

register("contests.proposal", Action.VIEW, is_public | officials | attribute_is_user("author"))
register("contests.proposal", Action.CREATE, eligible_resident & in_phase(Phase.PROPOSALS))  # on a contest
register("contests.proposal", Action.CHANGE, attribute_is_user("author") & not_yet_reviewed
         & in_phase(Phase.PROPOSALS))  # withdraw before review
register("contests.proposal", Action.APPROVE, officials & in_phase(Phase.REVIEW))  # review, merge
register("contests.proposal", Action.PUBLISH, never)

register("contests.comment", Action.VIEW, always)
register("contests.comment", Action.CREATE, (eligible_resident | officials)
         & in_phase(Phase.PROPOSALS, Phase.REVIEW, Phase.VOTING))  # on a proposal
register("contests.comment", [Action.CHANGE, Action.APPROVE, Action.PUBLISH], never)

register("contests.ballot", Action.VIEW, attribute_is_user("user"))
register("contests.ballot", Action.CREATE, in_phase(Phase.VOTING) & eligible_resident)  # on a contest
register("contests.ballot", [Action.CHANGE, Action.APPROVE, Action.PUBLISH], never)

register("contests.paperballotentry", [Action.VIEW, Action.CREATE], officials & in_phase(Phase.VOTING))
register("contests.paperballotentry", Action.APPROVE, officials & ~attribute_is_user("entered_by")
         & in_phase(Phase.VOTING))  # the second person of the double entry
register("contests.paperballotentry", [Action.CHANGE, Action.PUBLISH], never)

register("contests.fundedproject", Action.VIEW, always)
register("contests.fundedproject", Action.CHANGE, officials & after_voting)
register("contests.fundedproject", [Action.CREATE, Action.APPROVE, Action.PUBLISH], never)
