"""One entry point, :func:`tally`, that applies a rule with its options to an instance."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from auyl.pb import explain, tiebreak
from auyl.pb.completion import COMPLETIONS, add1
from auyl.pb.model import Instance, Outcome
from auyl.pb.rules import greedy as g
from auyl.pb.rules.mes import UTILITIES, FastMES, MESRun, mes_exact, prepare

RULES = ("greedy", "greedy-no-skip", "greedy-cost", "mes")


class RuleNotImplemented(ValueError):
    """The file's META rule is not one this engine implements (e.g. ``greedy-custom``)."""


@dataclass
class Options:
    """How to count. ``threshold`` is a minimum number of votes (voters listing the project)."""

    rule: str = "greedy"
    utility: str = "cost"
    completion: str = "none"
    comparison: bool = False
    threshold: int | None = None
    tie_break: str = tiebreak.DEFAULT
    eligibility_filter: bool = False
    exact: bool = False  # use the slow exact reference engine stepping one unit at a time

    def validate(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown rule {self.rule!r}")
        if self.utility not in UTILITIES:
            raise ValueError(f"unknown utility {self.utility!r}")
        if self.completion not in COMPLETIONS:
            raise ValueError(f"unknown completion {self.completion!r}")
        tiebreak.parse(self.tie_break)


def options_from_meta(instance: Instance) -> Options:
    """The rule named in META ``rule``, as pabulib defines it."""
    rule = instance.meta.get("rule", "").strip()
    threshold = instance.meta.get("min_project_score_threshold")
    thr = int(Fraction(threshold)) if threshold not in (None, "") else None
    if rule == "greedy":
        return Options("greedy")
    if rule == "greedy-threshold":
        return Options("greedy", threshold=thr)
    if rule == "greedy-no-skip":
        return Options("greedy-no-skip", threshold=thr)
    if rule == "equalshares":
        return Options("mes", "cost", "none")
    if rule == "equalshares/add1":
        return Options("mes", "cost", "add1")
    if rule == "equalshares/add1-comparison":
        return Options("mes", "cost", "add1", comparison=True)
    raise RuleNotImplemented(f"META rule {rule!r} is not implemented; choose a rule explicitly")


def admitted(instance: Instance, opts: Options) -> tuple[list[bool], dict[int, str]]:
    """Projects admitted to the count, with the reason for each exclusion."""
    votes = instance.approval_counts()
    n = instance.num_voters
    allowed = [True] * len(instance.projects)
    why: dict[int, str] = {}
    for j, p in enumerate(instance.projects):
        if opts.threshold is not None and votes[j] < opts.threshold:
            allowed[j] = False
            why[j] = f"below the minimum of {opts.threshold} votes"
        elif opts.eligibility_filter and Fraction(votes[j]) * 3 * instance.budget < p.cost * n:
            allowed[j] = False
            why[j] = "excluded by the eligibility filter: votes/voters < cost/(3·budget)"
    return allowed, why


def tally(instance: Instance, opts: Options | None = None, **kwargs) -> Outcome:
    """Count ``instance``; without options, apply the rule named in its META."""
    if opts is None:
        opts = options_from_meta(instance) if not kwargs else Options(**kwargs)
    opts.validate()
    ranks = tiebreak.ranks(instance, opts.tie_break)
    allowed, excluded = admitted(instance, opts)
    costs = [p.cost for p in instance.projects]
    votes = instance.approval_counts()
    support = instance.scores()
    if opts.rule != "mes":
        ordered = g.order(support, costs, allowed, ranks, per_cost=opts.rule == "greedy-cost")
        res = g.greedy(costs, instance.budget, ordered, skip=opts.rule != "greedy-no-skip")
        return explain.greedy_outcome(instance, opts.rule, res, excluded, votes)
    prep = prepare(instance, opts.utility, allowed, ranks)
    if instance.num_voters == 0:
        run = MESRun(Fraction(0), [], {})
        evaluated = 0
    else:
        fast = None if opts.exact else FastMES(prep)
        run_mes = fast.run if fast else (lambda b, thresholds=None: mes_exact(prep, b))
        if opts.completion == "none":
            run, evaluated = run_mes(instance.budget / instance.num_voters), 1
        else:
            run, evaluated = add1(prep, run_mes, stop_when_exhaustive=opts.completion == "add1-exhaustive")
        if fast:
            fast.finish(run)
    winners = list(run.selected)
    topped: list[int] = []
    if opts.completion == "add1u":
        ordered = g.order(votes, costs, allowed, ranks, per_cost=False)
        res = g.greedy(costs, instance.budget, ordered, initial=winners)
        topped = res.selected[len(winners):]
        winners = res.selected
    notes = [f"MES runs evaluated: {evaluated}"]
    if opts.comparison:
        ordered = g.order(votes, costs, allowed, ranks, per_cost=False)
        greedy_res = g.greedy(costs, instance.budget, ordered)
        pro_greedy, pro_mes = compare(instance, greedy_res.selected, winners)
        notes.append(f"comparison: {pro_greedy} voters prefer greedy, {pro_mes} prefer MES")
        if pro_greedy > pro_mes:
            out = explain.greedy_outcome(instance, "greedy", greedy_res, excluded, votes)
            out.rule = "mes+comparison→greedy"
            out.notes = [*notes, "greedy outcome adopted"]
            return out
    return explain.mes_outcome(instance, opts, prep, run, winners, topped, excluded, votes, notes)


def compare(instance: Instance, greedy_sel: list[int], mes_sel: list[int]) -> tuple[int, int]:
    """Voters with strictly more approved winners under greedy, and under MES."""
    a, b = set(greedy_sel), set(mes_sel)
    pro_g = pro_m = 0
    for ballot, mult in instance.ballots.items():
        ng = sum(1 for j, _ in ballot if j in a)
        nm = sum(1 for j, _ in ballot if j in b)
        if ng > nm:
            pro_g += mult
        elif nm > ng:
            pro_m += mult
    return pro_g, pro_m
