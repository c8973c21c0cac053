"""Explanations: why each project was or was not funded, and what each voter's share bought."""

from __future__ import annotations

from fractions import Fraction

from auyl.pb.model import Instance, Outcome, ProjectExplanation
from auyl.pb.rules.greedy import GreedyResult
from auyl.pb.rules.mes import MESRun, Prepared


def _money(x: Fraction) -> str:
    return f"{float(x):,.2f}"


def greedy_outcome(
    instance: Instance, rule: str, res: GreedyResult, excluded: dict[int, str], votes: list[int]
) -> Outcome:
    """Greedy: a project is funded in order unless it does not fit the money left."""
    rank = {j: r for r, j in enumerate(res.selected, 1)}
    rows = []
    for j, p in enumerate(instance.projects):
        if j in rank:
            reason = f"funded as #{rank[j]} in order of votes"
        elif j in excluded:
            reason = excluded[j]
        elif j in res.remaining_when_reached:
            left = res.remaining_when_reached[j]
            reason = f"did not fit: cost {_money(p.cost)} > {_money(left)} left"
            if res.stopped_at == j:
                reason += " (counting stops here: no skipping)"
        elif res.stopped_at is not None:
            reason = "not reached: counting stopped at the first project that did not fit"
        else:
            reason = "not funded"
        rows.append(ProjectExplanation(p.id, p.cost, votes[j], j in rank, reason, rank.get(j)))
    ids = [instance.projects[j].id for j in res.selected]
    return Outcome(ids, res.total_cost, instance.budget, rule, rows)


def mes_outcome(
    instance: Instance,
    opts,
    prep: Prepared,
    run: MESRun,
    winners: list[int],
    topped: list[int],
    excluded: dict[int, str],
    votes: list[int],
    notes: list[str],
) -> Outcome:
    """MES: funded projects with the price each supporter paid; others with the money their
    supporters still had and the equal price per supporter they would have needed."""
    rnd = {j: r for r, j in enumerate(run.selected, 1)}
    short = [j for j in range(len(instance.projects))
             if j not in rnd and j not in topped and j not in excluded and len(prep.sg[j])]
    money = dict(zip(short, run.money_of(prep, [prep.sg[j] for j in short]), strict=True))
    rows = []
    for j, p in enumerate(instance.projects):
        if j in rnd:
            rho = run.rho[j]
            reason = f"funded in MES round {rnd[j]}: each supporter paid up to {_money(rho)}"
            if prep.utility == "points":
                reason = f"funded in MES round {rnd[j]}: each supporter paid up to {_money(rho)} per point"
            rows.append(ProjectExplanation(p.id, p.cost, votes[j], True, reason, rnd[j], rho))
        elif j in topped:
            reason = "funded by the greedy top-up after MES (it fit the money left)"
            rows.append(ProjectExplanation(p.id, p.cost, votes[j], True, reason))
        elif j in excluded:
            rows.append(ProjectExplanation(p.id, p.cost, votes[j], False, excluded[j]))
        elif j not in money:
            rows.append(ProjectExplanation(p.id, p.cost, votes[j], False, "no supporters"))
        else:
            have = money[j]
            util = int(prep.m[prep.sg[j]] @ prep.su[j])
            need = p.cost / util
            reason = (
                f"its supporters could not afford it: they had {_money(have)} left in total, "
                f"it costs {_money(p.cost)} (an equal price of {_money(need)} per supporter)"
            )
            rows.append(ProjectExplanation(p.id, p.cost, votes[j], False, reason, None, need, have))
    ids = [instance.projects[j].id for j in winners]
    total = sum((prep.costs[j] for j in winners), Fraction(0))
    name = f"mes/{opts.utility}/{opts.completion}" + ("+comparison" if opts.comparison else "")
    return Outcome(ids, total, instance.budget, name, rows, notes=notes, run=run, prep=prep)


def voter_spending(outcome: Outcome) -> list[tuple[tuple[str, ...], int, Fraction, Fraction]]:
    """Per distinct ballot under MES: (approved ids, voters, share, spent), exact."""
    run, prep = outcome.run, outcome.prep
    if run is None or prep is None:
        return []
    ids = [e.id for e in outcome.projects]
    rows = []
    for gr, ballot in enumerate(prep.ballots):
        left = run.budget_of(prep, gr)
        rows.append((tuple(ids[j] for j, _ in ballot), prep.mult[gr], run.endowment, run.endowment - left))
    return rows
