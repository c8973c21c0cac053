"""A heavier random cross-check than the hypothesis properties, run by hand after changing MES:

    .venv/bin/python -m auyl.pb.tests.crosscheck 300 --seed 1

Random approval and cumulative instances (2–9 projects, ≤ 40 voters, costs ≤ 400, budgets ≤ 1,500,
so Add1 climbs up to hundreds of unit steps) counted by the fast engine and by the exact engine
stepping one unit at a time, for every utility and completion; prints each difference and a total.
"""

from __future__ import annotations

import argparse
import random
from fractions import Fraction

from auyl.pb import tally
from auyl.pb.model import Instance, Project
from auyl.pb.tally import Options
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("instances", type=int)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
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
