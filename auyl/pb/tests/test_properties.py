"""Hypothesis properties on small random instances."""

from fractions import Fraction
from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auyl.pb import tally
from auyl.pb.model import Instance, Project
from auyl.pb.tally import Options
from auyl.pb.tests.helpers import make_instance

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def elections(draw, max_projects=6, max_voters=14):
    m = draw(st.integers(2, max_projects))
    costs = draw(st.lists(st.integers(1, 60), min_size=m, max_size=m))
    budget = draw(st.integers(5, 150))
    ballots = draw(st.lists(st.lists(st.sampled_from([f"p{i}" for i in range(m)]), max_size=m),
                            min_size=1, max_size=max_voters))
    return costs, budget, ballots


RULE_OPTIONS = [
    Options("greedy"), Options("greedy-no-skip"), Options("greedy-cost"),
    Options("mes", "cost", "none"), Options("mes", "approval", "none"), Options("mes", "cost", "add1"),
    Options("mes", "approval", "add1-exhaustive"), Options("mes", "cost", "add1u"),
    Options("mes", "cost", "add1", comparison=True),
]


@SETTINGS
@given(elections(), st.sampled_from(RULE_OPTIONS))
def test_total_cost_never_exceeds_budget(e, opts):
    costs, budget, ballots = e
    out = tally(make_instance(costs, budget, ballots), opts)
    assert out.total_cost <= budget
    assert out.total_cost == sum(Fraction(costs[int(w[1:])]) for w in out.winners)
    assert len(set(out.winners)) == len(out.winners)


@SETTINGS
@given(elections(), st.sampled_from(RULE_OPTIONS), st.randoms())
def test_independent_of_ballot_order_and_relabelling(e, opts, rnd):
    costs, budget, ballots = e
    base = tally(make_instance(costs, budget, ballots), opts).winners
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert tally(make_instance(costs, budget, shuffled), opts).winners == base
    # Relabel ids (order-preserving, so the id tie-break is unchanged) and shuffle project order.
    perm = list(range(len(costs)))
    rnd.shuffle(perm)
    new_id = {f"p{i}": f"q{i:02d}" for i in range(len(costs))}
    ids = [new_id[f"p{i}"] for i in perm]
    relabelled = make_instance([costs[i] for i in perm], budget, [[new_id[x] for x in b] for b in shuffled], ids)
    assert tally(relabelled, opts).winners == [new_id[w] for w in base]


@SETTINGS
@given(elections(), st.sampled_from(["none", "add1", "add1-exhaustive"]), st.sampled_from(["cost", "approval"]))
def test_fast_engine_equals_exact_unit_step_engine(e, completion, utility):
    costs, budget, ballots = e
    inst = make_instance(costs, budget, ballots)
    fast = tally(inst, Options("mes", utility, completion))
    exact = tally(inst, Options("mes", utility, completion, exact=True))
    assert fast.winners == exact.winners


@st.composite
def cumulative_elections(draw):
    m = draw(st.integers(2, 5))
    costs = draw(st.lists(st.integers(1, 60), min_size=m, max_size=m))
    budget = draw(st.integers(5, 150))
    ballots: dict = {}
    for _ in range(draw(st.integers(1, 10))):
        chosen = draw(st.lists(st.integers(0, m - 1), unique=True, max_size=m))
        b = tuple(sorted((j, draw(st.integers(1, 4))) for j in chosen))
        ballots[b] = ballots.get(b, 0) + 1
    projects = [Project(f"p{i}", Fraction(c)) for i, c in enumerate(costs)]
    return Instance({"budget": str(budget)}, projects, Fraction(budget), "cumulative", ballots)


@SETTINGS
@given(cumulative_elections(), st.sampled_from(["none", "add1"]))
def test_points_mes_fast_equals_exact(inst, completion):
    fast = tally(inst, Options("mes", "points", completion))
    assert fast.winners == tally(inst, Options("mes", "points", completion, exact=True)).winners
    assert fast.total_cost <= inst.budget


def _ejr_up_to_one_violation(costs, budget, ballots, winners, cost_utility):
    """Brute force: a T-cohesive group all of whose members get less than |T| (or cost(T)) even
    after adding any one project of T. Returns the violating T or None."""
    n = len(ballots)
    w = set(winners)
    m = len(costs)

    def util(b, s):
        return sum(costs[j] if cost_utility else 1 for j in s if j in b)

    for size in range(1, m + 1):
        for t in combinations(range(m), size):
            need = sum(costs[j] for j in t) if cost_utility else len(t)
            group = [b for b in ballots if set(t) <= b]
            failing = [
                b for b in group
                if util(b, w) < need and all(util(b, w | {p}) <= need for p in t if p not in w)
            ]
            if failing and len(failing) * budget >= n * sum(costs[j] for j in t):
                return t
    return None


@SETTINGS
@given(elections(max_projects=5, max_voters=10), st.sampled_from(["cost", "approval"]))
def test_mes_satisfies_ejr_up_to_one(e, utility):
    costs, budget, ballots = e
    out = tally(make_instance(costs, budget, ballots), Options("mes", utility, "none"))
    winners = {int(x[1:]) for x in out.winners}
    sets = [{int(x[1:]) for x in b} for b in ballots]
    assert _ejr_up_to_one_violation(costs, budget, sets, winners, utility == "cost") is None


def _naive_greedy(costs, budget, ballots, skip=True):
    votes = {i: sum(1 for b in ballots if f"p{i}" in set(b)) for i in range(len(costs))}
    order = sorted(range(len(costs)), key=lambda i: (-votes[i], costs[i], f"p{i}"))
    chosen, left = [], budget
    for i in order:
        if costs[i] <= left:
            chosen.append(f"p{i}")
            left -= costs[i]
        elif not skip:
            break
    return chosen


@SETTINGS
@given(elections(), st.booleans())
def test_greedy_equals_naive_reference(e, skip):
    costs, budget, ballots = e
    out = tally(make_instance(costs, budget, ballots), rule="greedy" if skip else "greedy-no-skip")
    assert out.winners == _naive_greedy(costs, budget, ballots, skip)
