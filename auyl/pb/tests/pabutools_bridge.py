"""Run pabutools 1.2.3 on an engine ``Instance`` with the same rule, utilities, completion and
tie-breaking. Test-only (pabutools is a test dependency); the calls are documented in
docs/pb-engine.md.
"""

from __future__ import annotations

from fractions import Fraction

from auyl.pb import tiebreak
from auyl.pb.model import ORDINAL_TYPE, POINT_TYPES, Instance
from auyl.pb.tally import Options, admitted


def _support_points(instance: Instance, j_pos: int, pos: int, pts) -> int | Fraction:
    if instance.vote_type in POINT_TYPES:
        return pts
    if instance.vote_type == ORDINAL_TYPE:
        return instance.max_rank_length() - pos
    return 1


def build(instance: Instance, opts: Options, cardinal: bool):
    """pabutools instance and multiprofile restricted to the admitted projects."""
    from gmpy2 import mpq
    from pabutools.election import (
        ApprovalBallot,
        ApprovalProfile,
        CardinalBallot,
        CardinalProfile,
        Project,
    )
    from pabutools.election import Instance as PInstance

    allowed, _ = admitted(instance, opts)
    projects = {}
    pinst = PInstance(budget_limit=mpq(instance.budget.numerator, instance.budget.denominator))
    for j, p in enumerate(instance.projects):
        if allowed[j]:
            projects[j] = Project(p.id, mpq(p.cost.numerator, p.cost.denominator))
            pinst.add(projects[j])
    ballots = []
    for ballot, mult in instance.ballots.items():
        if cardinal:
            b = CardinalBallot()
            for pos, (j, pts) in enumerate(ballot):
                if j in projects:
                    v = Fraction(_support_points(instance, j, pos, pts))
                    if v > 0:
                        b[projects[j]] = mpq(v.numerator, v.denominator)
        else:
            b = ApprovalBallot({projects[j] for j, pts in ballot if j in projects and pts > 0})
        ballots.extend([b] * mult)
    profile = CardinalProfile(ballots) if cardinal else ApprovalProfile(ballots)
    return pinst, profile.as_multiprofile()


def tie_breaking(instance: Instance, spec: str | None):
    from pabutools.tiebreaking import TieBreakingRule

    key = tiebreak.key_function(instance, spec)
    by_id = {p.id: key(j) for j, p in enumerate(instance.projects)}
    return TieBreakingRule(lambda inst, prof, proj: by_id[proj.name])


def winners(instance: Instance, opts: Options) -> list[str]:
    """pabutools' winners (ids) for ``opts``; raises ValueError where pabutools has no equivalent."""
    from pabutools.election import Additive_Cardinal_Sat, Cardinality_Sat, Cost_Sat
    from pabutools.election.satisfaction import AdditiveSatisfaction
    from pabutools.rules import (
        exhaustion_by_budget_increase,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    tb = tie_breaking(instance, opts.tie_break)
    if opts.rule in ("greedy", "greedy-cost"):
        pinst, prof = build(instance, opts, cardinal=True)
        if opts.rule == "greedy":

            class PointsTimesCost(AdditiveSatisfaction):
                def __init__(self, inst, prof, ballot):
                    super().__init__(inst, prof, ballot, lambda i, p, b, proj, pre: b.get(proj, 0) * proj.cost)

            sat = PointsTimesCost
        else:
            sat = Additive_Cardinal_Sat
        res = greedy_utilitarian_welfare(pinst, prof, sat_class=sat, tie_breaking=tb)
        return [p.name for p in res]
    if opts.rule != "mes" or opts.completion == "add1u" or opts.comparison:
        raise ValueError(f"no pabutools equivalent for {opts}")
    points = opts.utility == "points" and instance.vote_type in (*POINT_TYPES, ORDINAL_TYPE)
    pinst, prof = build(instance, opts, cardinal=points)
    sat = {"cost": Cost_Sat, "approval": Cardinality_Sat, "points": Additive_Cardinal_Sat}[opts.utility]
    if opts.utility == "points" and not points:
        sat = Cardinality_Sat
    if opts.completion == "none":
        res = method_of_equal_shares(pinst, prof, sat_class=sat, tie_breaking=tb)
    elif opts.completion == "add1-exhaustive":
        res = method_of_equal_shares(pinst, prof, sat_class=sat, tie_breaking=tb, voter_budget_increment=1)
    else:
        res = exhaustion_by_budget_increase(
            pinst, prof, method_of_equal_shares, {"sat_class": sat, "tie_breaking": tb},
            budget_step=prof.num_ballots(), exhaustive_stop=False,
        )
    return [p.name for p in res]
