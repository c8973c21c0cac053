"""Heavier cross-checks than the hypothesis properties, run by hand after changing MES:

    .venv/bin/python -m auyl.pb.tests.crosscheck 300 --seed 1
    .venv/bin/python -m auyl.pb.tests.crosscheck --unit-steps ../shared/pabulib/Hungary_Budapest_2024.pb

The first counts random approval and cumulative instances (2–9 projects, ≤ 40 voters, costs ≤ 400,
budgets ≤ 1,500, so Add1 climbs up to hundreds of unit steps) with the fast engine and with the exact
engine stepping one unit at a time, for every utility and completion. The second checks Add1's
shortcuts (breakpoints, brackets, replay) on a real file too big for the exact engine: the fast
engine's MES from scratch at every unit step until the budget is exceeded must give the same
outcome as Add1. Both print each difference and a total.
"""

from __future__ import annotations

import argparse
import random
from fractions import Fraction

from auyl.pb import read, tally, tiebreak
from auyl.pb.model import Instance, Project
from auyl.pb.rules.mes import FastMES, prepare
from auyl.pb.tally import Options, admitted
from auyl.pb.tests.helpers import make_instance


def random_instance(rnd: random.Random) -> tuple[Instance, list[tuple[str, str]]]:
    """An instance and the (utility, completion) pairs to compare on it."""
    m = rnd.randint(2, 9)
    costs = [rnd.randint(1, 400) for _ in range(m)]
    budget = rnd.randint(20, 1500)
    voters = rnd.randint(1, 40)
    if rnd.random() < 0.5:
        density = rnd.choice([0.2, 0.5, 0.8])
        ballots = [[f"p{j}" for j in range(m) if rnd.random() < density] for _ in range(voters)]
        pairs = [(u, c) for u in ("cost", "approval") for c in ("add1", "add1-exhaustive", "none")]
        return make_instance(costs, budget, ballots), pairs
    collapsed: dict = {}
    for _ in range(voters):
        chosen = [j for j in range(m) if rnd.random() < 0.4]
        key = tuple(sorted((j, rnd.randint(1, 5)) for j in chosen))
        collapsed[key] = collapsed.get(key, 0) + rnd.randint(1, 3)
    projects = [Project(f"p{j}", Fraction(c)) for j, c in enumerate(costs)]
    inst = Instance({"budget": str(budget)}, projects, Fraction(budget), "cumulative", collapsed)
    return inst, [("points", "add1"), ("points", "none"), ("cost", "add1")]


def unit_steps(path: str, utility: str) -> int:
    """Add1 against MES from scratch at every unit step; returns the number of differences."""
    inst = read(path)
    opts = Options("mes", utility, "add1")
    allowed, _ = admitted(inst, opts)
    prep = prepare(inst, utility, allowed, tiebreak.ranks(inst, opts.tie_break))
    fast = FastMES(prep, replay=False)
    start, previous, k = prep.budget / prep.n, None, 0
    while True:
        run = fast.run(start + k)
        if run.total_cost(prep) > prep.budget:
            break
        previous, k = run, k + 1
    expected = [inst.projects[j].id for j in previous.selected]
    winners = tally(inst, opts).winners
    print(f"{path}: {utility}: {k} unit steps, Add1 {'agrees' if winners == expected else 'DIFFERS'}", flush=True)
    return int(winners != expected)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("instances", type=int, nargs="?", default=0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--unit-steps", metavar="FILE.pb")
    args = ap.parse_args()
    if args.unit_steps:
        differences = sum(unit_steps(args.unit_steps, u) for u in ("cost", "approval"))
        print(f"differences {differences}")
        return
    rnd = random.Random(args.seed)
    differences = 0
    for i in range(args.instances):
        inst, pairs = random_instance(rnd)
        for utility, completion in pairs:
            fast = tally(inst, Options("mes", utility, completion)).winners
            exact = tally(inst, Options("mes", utility, completion, exact=True)).winners
            if fast != exact:
                differences += 1
                print(f"instance {i}: {utility}/{completion}: fast {fast} exact {exact}", flush=True)
    print(f"instances {args.instances}, differences {differences}")


if __name__ == "__main__":
    main()
