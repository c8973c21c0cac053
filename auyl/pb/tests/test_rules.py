from fractions import Fraction

from auyl.pb import tally
from auyl.pb.explain import voter_spending
from auyl.pb.tally import Options
from auyl.pb.tests.helpers import make_instance


def test_greedy_skips_what_does_not_fit_and_no_skip_stops():
    inst = make_instance([60, 50, 30, 10], 100, [["p0"]] * 5 + [["p1"]] * 4 + [["p2"]] * 3 + [["p3"]] * 2)
    out = tally(inst, rule="greedy")
    assert out.winners == ["p0", "p2", "p3"] and out.total_cost == 100
    reasons = {e.id: e.reason for e in out.projects}
    assert "did not fit: cost 50.00 > 40.00 left" in reasons["p1"]
    assert tally(inst, rule="greedy-no-skip").winners == ["p0"]


def test_greedy_cost_orders_by_votes_per_cost():
    inst = make_instance([60, 10], 60, [["p0"]] * 5 + [["p1"]] * 2)
    assert tally(inst, rule="greedy-cost").winners == ["p1"]  # 2/10 beats 5/60
    assert tally(inst, rule="greedy").winners == ["p0"]


def test_threshold_excludes_projects_with_too_few_votes():
    inst = make_instance([10, 10], 100, [["p0"]] * 10 + [["p1"]] * 9)
    out = tally(inst, rule="greedy", threshold=10)
    assert out.winners == ["p0"]
    assert "below the minimum of 10 votes" in next(e.reason for e in out.projects if e.id == "p1")


def test_default_tie_break_votes_then_cost_then_id_and_alternatives():
    # p1 and p2 tie on votes; p1 is cheaper. Only one of them fits.
    inst = make_instance([50, 40, 30], 50, [["a", "z", "b"]] * 2 + [["a"]], ids=["a", "z", "b"])
    assert tally(inst, rule="greedy").winners == ["a"]
    inst = make_instance([60, 40, 30], 40, [["z", "b"]] * 2, ids=["a", "z", "b"])
    assert tally(inst, rule="greedy").winners == ["b"]  # same votes: lower cost first
    assert tally(inst, rule="greedy", tie_break="-cost,id").winners == ["z"]
    inst = make_instance([40, 40], 40, [["9", "10"]], ids=["9", "10"])
    assert tally(inst, rule="greedy").winners == ["10"]  # then id as a string: "10" < "9"
    assert tally(inst, rule="greedy", tie_break="votes,cost,order").winners == ["9"]


def test_mes_textbook_example_and_explanations():
    # 6 voters, budget 60: four like A (cost 40), two like B (20) and C (20).
    inst = make_instance([40, 20, 20], 60, [["p0"]] * 4 + [["p1", "p2"]] * 2)
    out = tally(inst, rule="mes", utility="approval")
    assert out.winners == ["p0", "p1"]  # A: 10 each; B: 10 each; C unaffordable (0 left)
    expl = {e.id: e for e in out.projects}
    assert expl["p0"].price_per_supporter == 10 and expl["p0"].round == 1
    assert expl["p2"].supporters_money == 0 and "could not afford" in expl["p2"].reason
    spent = voter_spending(out)
    assert sum(m * s for _, m, _, s in spent) == out.total_cost
    assert all(share == 10 for _, _, share, _ in spent)


def test_mes_add1_variants():
    # MES alone leaves money; Add1 raises endowments until the next step would overspend.
    inst = make_instance([40, 30, 30], 70, [["p0"]] * 4 + [["p1"]] * 2 + [["p2"]])
    plain = tally(inst, rule="mes", completion="none")
    assert plain.winners == ["p0"]
    add1 = tally(inst, rule="mes", completion="add1")
    assert add1.winners == ["p0", "p1"] and add1.total_cost == 70
    exact = tally(inst, Options("mes", completion="add1", exact=True))
    assert exact.winners == add1.winners
    inst = make_instance([60, 50, 10, 30], 100, [["p0"]] * 4 + [["p1"]] * 2 + [["p2", "p3"]])
    assert tally(inst, rule="mes", completion="add1").winners == ["p0", "p2"]  # p1 would overspend
    topped = tally(inst, rule="mes", completion="add1u")
    assert topped.winners == ["p0", "p2", "p3"]  # p1 (50) does not fit the 30 left, p3 does
    assert any("greedy top-up" in e.reason for e in topped.projects)


def test_comparison_switches_only_when_strictly_more_prefer_greedy():
    # Greedy funds the 60-cost favourite; MES splits the money. Voters decide.
    ballots = [["p0"]] * 4 + [["p1"]] * 3 + [["p2"]] * 3
    inst = make_instance([60, 40, 40], 100, ballots)
    mes = tally(inst, rule="mes", completion="add1")
    cmp = tally(inst, rule="mes", completion="add1", comparison=True)
    assert mes.winners == ["p0", "p1"] or set(mes.winners) == {"p1", "p2"}
    greedy = tally(inst, rule="greedy")
    pro_g = sum(1 for b in ballots if len(set(b) & set(greedy.winners)) > len(set(b) & set(mes.winners)))
    pro_m = sum(1 for b in ballots if len(set(b) & set(mes.winners)) > len(set(b) & set(greedy.winners)))
    expected = greedy.winners if pro_g > pro_m else mes.winners
    assert cmp.winners == expected
    assert f"{pro_g} voters prefer greedy, {pro_m} prefer MES" in " ".join(cmp.notes)


def test_eligibility_filter_drops_expensive_unpopular_projects():
    # p1: 1 of 10 voters (10%) but costs 50% of the budget: 0.1 < 0.5/3, excluded.
    inst = make_instance([10, 50], 100, [["p0"]] * 9 + [["p1"]])
    out = tally(inst, rule="mes", completion="add1", eligibility_filter=True)
    assert "p1" not in out.winners
    assert "eligibility filter" in next(e.reason for e in out.projects if e.id == "p1")
    assert Fraction(out.total_cost) == 10
