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


def mes_setup(instance: Instance, opts: Options):
    """pabutools instance, multiprofile, satisfaction class and tie-breaking rule for MES ``opts``."""
    from pabutools.election import Additive_Cardinal_Sat, Cardinality_Sat, Cost_Sat

    if opts.rule != "mes" or opts.completion == "add1u" or opts.comparison:
        raise ValueError(f"no pabutools equivalent for {opts}")
    points = opts.utility == "points" and instance.vote_type in (*POINT_TYPES, ORDINAL_TYPE)
    pinst, prof = build(instance, opts, cardinal=points)
    sat = {"cost": Cost_Sat, "approval": Cardinality_Sat, "points": Additive_Cardinal_Sat}[opts.utility]
    if opts.utility == "points" and not points:
        sat = Cardinality_Sat
    return pinst, prof, sat, tie_breaking(instance, opts.tie_break)


def winners(instance: Instance, opts: Options) -> list[str]:
    """pabutools' winners (ids) for ``opts``; raises ValueError where pabutools has no equivalent."""
    from pabutools.election import Additive_Cardinal_Sat
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
    pinst, prof, sat, tb = mes_setup(instance, opts)
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


# --- Substitutes for pabutools' Add1 loops that cannot be run to the end (docs/pb-engine.md,
# "pabutools coverage and timeouts"; make_pabutools_fixture --substitute) ---------------------


def stop_step(instance: Instance, outcome) -> int:
    """The Add1 step k at which the engine's count stopped: the endowment of the MES run it
    returned minus budget / voters (the run is ``Outcome.run``)."""
    k = outcome.run.endowment - instance.budget / instance.num_voters
    if k.denominator != 1 or k < 0:
        raise ValueError(f"the outcome's run is not an Add1 step: endowment {outcome.run.endowment}")
    return int(k)


def bound_step(budget: Fraction, num_ballots: int) -> int:
    """The last m for which ``exhaustion_by_budget_increase(..., budget_step=num_ballots)`` with its
    default ``budget_bound = budget * (num_ballots + 1)`` evaluates ``budget + m * num_ballots``: its
    loop runs while ``budget_limit <= budget_bound``, so m = floor((bound − budget) / step)."""
    bound = budget * (num_ballots + 1)
    return int((bound - budget) // num_ballots)


def required_verdicts(sub: dict) -> dict[int, dict[str, bool]]:
    """Per checked step, the verdicts pabutools' own loop needs there to return what the substitute
    records (no pabutools needed; tests compare them with the recorded verdicts).

    * ``bound-step`` (Add1 via ``exhaustion_by_budget_increase``, every outcome feasible): the one
      step evaluated is the loop's last, and it must be feasible.
    * ``last-steps``, Add1 (``exhaustion_by_budget_increase``, ``exhaustive_stop=False``): every
      step up to ``stop`` feasible, ``stop + 1`` infeasible (the loop returns the previous outcome).
    * ``last-steps``, Add1-exhaustive (``voter_budget_increment=1``: infeasible → previous outcome,
      else exhaustive → this outcome), ``shape`` "exhaustive": steps before ``stop`` feasible and
      not exhaustive, ``stop`` feasible and exhaustive; ``shape`` "infeasible-next": steps up to
      ``stop`` feasible and not exhaustive, ``stop + 1`` infeasible.
    """
    steps = [int(k) for k in sub["steps"]]
    if sub["method"] == "bound-step":
        return {k: {"feasible": True} for k in steps}
    stop, exhaustive = sub["stop"], sub["completion"] == "add1-exhaustive"
    out: dict[int, dict[str, bool]] = {}
    for k in steps:
        if k == stop + 1:
            out[k] = {"feasible": False}
        elif k > stop + 1:
            raise ValueError(f"step {k} is beyond the stop {stop} + 1")
        elif not exhaustive:
            out[k] = {"feasible": True}
        else:
            out[k] = {"feasible": True, "exhaustive": k == stop and sub["shape"] == "exhaustive"}
    return out


def substitute_problems(sub: dict) -> list[str]:
    """Where the recorded verdicts differ from :func:`required_verdicts` or a needed step is missing."""
    problems = []
    for k, want in required_verdicts(sub).items():
        got = sub["steps"][str(k)]
        for what, value in want.items():
            if got.get(what) != value:
                problems.append(f"step {k}: {what} is {got.get(what)}, the method needs {value}")
    if sub["method"] == "last-steps":
        stop = sub["stop"]
        after = sub["completion"] == "add1" or sub["shape"] == "infeasible-next"
        needed = {0, stop, stop + 1 if after else stop - 1}
        missing = sorted(k for k in needed if k >= 0 and str(k) not in sub["steps"])
        problems += [f"step {k} was not checked" for k in missing]
    return problems


class SubstituteError(ValueError):
    """The premises of the substitute do not hold: pabutools' loop would not return what it records."""


def substitute(instance: Instance, opts: Options, stop: int | None = None, samples: int = 6,
               cache: dict | None = None, save=None, guard=None, log=print) -> dict:
    """What pabutools' Add1 loop returns for MES ``opts``, from a few plain MES calls: a fixture
    entry ``{"winners", "seconds", "substitute": {"method", "steps", ...}}`` (docs/pb-engine.md).

    Each step k is pabutools' ``method_of_equal_shares`` (same instance, multiprofile, satisfaction
    and tie-breaking as :func:`winners`) on a deep copy of the instance whose ``budget_limit`` is
    B + k·n, i.e. every voter starts with B/n + k, exactly what both loops evaluate at their k-th
    step; its verdicts are taken against the original instance, as the loops take them.

    * ``stop=None``, Add1 only — method ``bound-step``: refused unless the admitted projects cost
      at most B together. Then no outcome is ever infeasible, ``exhaustive_stop=False`` disables the
      other exit, and ``exhaustion_by_budget_increase`` returns the outcome of the last budget it
      evaluates, B + m·num_ballots with m = :func:`bound_step`: one call.
    * ``stop`` = the engine's stopping step k* (:func:`stop_step`) — method ``last-steps``: k* and
      its neighbour that ends the loop (k*+1 infeasible; for Add1-exhaustive either k* exhaustive
      and k*−1 not, or k*+1 infeasible), k = 0 and ``samples`` evenly spaced steps in (0, k*).
      Raises :class:`SubstituteError` if a verdict is not the one the method needs
      (:func:`required_verdicts`); the steps between the checked ones are not run here.

    ``cache`` (a dict, keyed by utility, tie-break and budget) keeps pabutools' outcomes across calls
    (Add1 and Add1-exhaustive share steps); ``save()`` is called after each new one, ``guard(f)``
    runs each pabutools call (e.g. under a CPU limit).
    """
    import time
    from copy import deepcopy

    from gmpy2 import mpq
    from pabutools.rules import method_of_equal_shares
    from pabutools.rules.budgetallocation import BudgetAllocation

    if opts.rule != "mes" or opts.completion not in ("add1", "add1-exhaustive"):
        raise ValueError(f"no Add1 loop to substitute for {opts}")
    pinst, prof, sat, tb = mes_setup(instance, opts)
    n = prof.num_ballots()  # a multiprofile's total multiplicity: every voter, empty ballots too
    if n != instance.num_voters:
        raise SubstituteError(f"pabutools counts {n} ballots, the instance {instance.num_voters} voters")
    budget = pinst.budget_limit
    cache = {} if cache is None else cache
    guard = guard or (lambda f: f())
    available = None
    by_name = {p.name: p for p in pinst}

    def mes_projects():
        # method_of_equal_shares_scheme's ``projects``: positive cost and positive total satisfaction
        # (its Add1-exhaustive loop tests exhaustiveness against these only).
        sat_profile = prof.as_sat_profile(sat_class=sat)
        out = []
        for p in pinst:
            total = 0
            for s in sat_profile:
                u = s.sat_project(p)
                if u > 0:
                    total += sat_profile.multiplicity(s) * u
            if p.cost > 0 and total > 0:
                out.append(p)
        return out

    def step(k: int, role: str) -> dict:
        nonlocal available
        limit = budget + k * n
        key = f"{opts.utility}|{opts.tie_break}|{limit}"
        if key not in cache:
            inst_k = deepcopy(pinst)
            inst_k.budget_limit = limit
            c = time.process_time()
            # exhaustion_by_budget_increase passes initial_budget_allocation=BudgetAllocation() and
            # resoluteness=True; method_of_equal_shares' defaults amount to the same.
            res = guard(lambda: method_of_equal_shares(
                inst_k, prof, sat_class=sat, tie_breaking=tb,
                initial_budget_allocation=BudgetAllocation(), resoluteness=True,
            ))
            cache[key] = {
                "winners": [p.name for p in res],
                "feasible": bool(pinst.is_feasible(res)),
                "total_cost": str(sum((p.cost for p in res), mpq(0))),
                "seconds": round(time.process_time() - c, 2),
            }
            if save:
                save()
        if opts.completion == "add1-exhaustive" and "exhaustive" not in cache[key]:
            # Project equality is by name, so the recorded winners stand for pabutools' outcome
            available = available or mes_projects()
            res = [by_name[w] for w in cache[key]["winners"]]
            cache[key]["exhaustive"] = bool(pinst.is_exhaustive(res, available_projects=available))
            if save:
                save()
        rec = {"budget_limit": str(limit), "role": role, **cache[key]}
        if opts.completion == "add1":
            rec.pop("exhaustive", None)  # exhaustive_stop=False: not a verdict of this loop
        log(f"  k={k} {role}: feasible {rec['feasible']}, exhaustive {rec.get('exhaustive', '-')}, "
            f"{len(rec['winners'])} winners, {rec['seconds']} s")
        return rec

    total_admitted = sum((p.cost for p in pinst), mpq(0))
    last = bound_step(Fraction(int(budget.numerator), int(budget.denominator)), n)
    if stop is None:
        if opts.completion != "add1":
            raise ValueError("bound-step is a substitute for Add1 (exhaustion_by_budget_increase) only")
        if total_admitted > budget:
            raise SubstituteError(f"the admitted projects cost {total_admitted} > budget {budget}: "
                                  "some outcome may be infeasible, the loop may stop before its bound")
        m = last
        steps = {str(m): step(m, "bound")}
        sub = {"method": "bound-step", "budget": str(budget), "admitted_cost": str(total_admitted),
               "num_ballots": n, "budget_step": n, "budget_bound": str(budget * (n + 1)), "last_step": m,
               "steps": steps}
        winners_at = steps[str(m)]["winners"]
    else:
        if opts.completion == "add1" and last < stop + 1:
            raise SubstituteError(f"exhaustion_by_budget_increase's bound (step {last}) comes before step {stop + 1}")
        steps = {}
        for k in sorted({0, *(round(i * stop / (samples + 1)) for i in range(1, samples + 1))} - {stop}):
            steps[str(k)] = step(k, "sample")
        steps[str(stop)] = step(stop, "stop")
        shape = "infeasible-next"
        if opts.completion == "add1-exhaustive" and steps[str(stop)]["exhaustive"]:
            shape = "exhaustive"
        if shape == "exhaustive":
            if stop > 0:
                steps[str(stop - 1)] = step(stop - 1, "before-stop")
        else:
            steps[str(stop + 1)] = step(stop + 1, "after-stop")
        sub = {"method": "last-steps", "completion": opts.completion, "stop": stop, "shape": shape,
               "budget": str(budget), "num_voters": n, "steps": steps}
        winners_at = steps[str(stop)]["winners"]
    problems = substitute_problems(sub)
    if problems:
        raise SubstituteError("; ".join(problems))
    seconds = round(sum(s["seconds"] for s in sub["steps"].values()), 2)
    return {"winners": winners_at, "seconds": seconds, "substitute": sub}
