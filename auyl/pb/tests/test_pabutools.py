"""Winners equal pabutools' for the same rule, utilities, completion and tie-breaking.

Expensive pairs come from the committed fixture (``make_pabutools_fixture.py``); a fast subset
is run live against pabutools in every test run.
"""

import json
from fractions import Fraction
from pathlib import Path

import pytest

from auyl.pb import tally
from auyl.pb.tally import Options, admitted
from auyl.pb.tests.helpers import PABULIB, need_shared, shared_count, shared_instance
from auyl.pb.tests.make_pabutools_fixture import SUBSTITUTES, config_key, configs
from auyl.pb.tests.pabutools_bridge import bound_step, stop_step, substitute_problems

FIXTURE = Path(__file__).resolve().parent / "pabutools_fixture.json"
DATA = json.loads(FIXTURE.read_text()) if FIXTURE.exists() else {}
PAIRS = [
    (name, key)
    for name, entry in sorted(DATA.items())
    for key, v in sorted(entry.items())
    if v.get("winners") is not None
]


def _options(key: str) -> Options:
    if not key.startswith("mes/"):
        return Options(key)
    _, utility, completion = key.split("/")
    return Options("mes", utility, completion)


def test_fixture_matches_shared_instances():
    need_shared()
    assert set(DATA) <= {p.name for p in PABULIB.glob("*.pb")}
    assert "Netherlands_Assen_2024.pb" in DATA


@pytest.mark.parametrize(("name", "key"), PAIRS)
def test_winners_equal_pabutools_fixture(name, key):
    out = shared_count(name, _options(key))
    assert sorted(out.winners) == sorted(DATA[name][key]["winners"])


LIVE = [
    ("Netherlands_Assen_2024.pb", Options("mes", "cost", "add1-exhaustive")),  # add1: fixture and Gdynia
    ("Poland_Gdynia_2024_Orlowo__large.pb", Options("mes", "approval", "add1-exhaustive")),
    ("Poland_Gdynia_2024_Orlowo__large.pb", Options("mes", "cost", "add1")),
    ("Poland_Zabrze_2020_Makoszowy.pb", Options("mes", "approval", "add1")),
    ("Poland_Gdansk_2020_Letnica.pb", Options("mes", "points", "add1-exhaustive")),
    ("Poland_Czestochowa_2020_Rakow.pb", Options("mes", "points", "none")),
    ("Poland_Krakow_2022_Zwierzyniec.pb", Options("mes", "points", "none")),
    ("Poland_Wieliczka_2023_Green_Budget.pb", Options("mes", "cost", "none")),
    ("Poland_Wieliczka_2023_Green_Budget.pb", Options("greedy-cost")),
    ("Poland_Krakow_2019_Debniki.pb", Options("greedy")),
    ("Poland_Katowice_2022_Srodmiescie.pb", Options("greedy")),
    ("Poland_Swiecie_2023.pb", Options("mes", "approval", "none", tie_break="cost,votes,id")),
    ("Poland_Swiecie_2023.pb", Options("mes", "cost", "none", threshold=300)),
]


@pytest.mark.parametrize(("name", "opts"), LIVE, ids=[f"{n[:24]}-{config_key(o)}" for n, o in LIVE])
def test_winners_equal_pabutools_live(name, opts):
    from auyl.pb.tests.pabutools_bridge import winners

    inst = shared_instance(name)
    assert tally(inst, opts).winners == winners(inst, opts)


# Every (instance, rule) pair is compared: those of SUBSTITUTES through a substitute computed with pabutools (test
# below), because pabutools' own Add1 loop cannot run to its end on them (docs/pb-engine.md).
SUBSTITUTED = sorted((name, key) for name, entry in DATA.items() for key, v in entry.items() if "substitute" in v)


def test_substitutes_are_the_documented_pairs():
    assert set(SUBSTITUTED) == set(SUBSTITUTES)
    assert {DATA[name][key]["substitute"]["method"] for name, key in SUBSTITUTED} <= {"bound-step", "last-steps"}
    assert all(DATA[n][k]["substitute"]["method"] == SUBSTITUTES[n, k] for n, k in SUBSTITUTED)


@pytest.mark.parametrize(("name", "key"), SUBSTITUTED)
def test_substitute_premises_hold_for_the_engine(name, key):
    """The substitute's premises, checked against the engine without running pabutools."""
    inst, opts = shared_instance(name), _options(key)
    entry = DATA[name][key]
    sub = entry["substitute"]
    assert substitute_problems(sub) == []  # the verdicts the method needs, and its steps, are there
    assert Fraction(sub["budget"]) == inst.budget
    if sub["method"] == "bound-step":
        # every admitted project together fits the budget: pabutools' loop never sees an infeasible
        # outcome and returns the outcome of the last budget it evaluates, the recorded one
        allowed, _ = admitted(inst, opts)
        assert sum(p.cost for j, p in enumerate(inst.projects) if allowed[j]) <= inst.budget
        assert sub["num_ballots"] == sub["budget_step"] == inst.num_voters
        m = bound_step(inst.budget, inst.num_voters)
        assert list(sub["steps"]) == [str(m)] == [str(sub["last_step"])]
        assert Fraction(sub["steps"][str(m)]["budget_limit"]) == inst.budget + m * inst.num_voters
        assert Fraction(sub["budget_bound"]) == inst.budget * (inst.num_voters + 1)
        assert entry["winners"] == sub["steps"][str(m)]["winners"]
        return
    # last-steps: the engine still stops where the recorded pabutools steps say the loop stops
    assert sub["completion"] == opts.completion and sub["num_voters"] == inst.num_voters
    assert sub["stop"] == stop_step(inst, shared_count(name, opts))
    for k, step in sub["steps"].items():
        assert Fraction(step["budget_limit"]) == inst.budget + int(k) * inst.num_voters
    assert entry["winners"] == sub["steps"][str(sub["stop"])]["winners"]
    samples = [int(k) for k, step in sub["steps"].items() if step["role"] == "sample"]
    assert 0 in samples and len(samples) >= 7 and max(samples) < sub["stop"]


def test_fixture_covers_every_shared_instance_and_rule():
    need_shared()
    expected = {
        (p.name, config_key(o)) for p in PABULIB.glob("*.pb") for o in configs(shared_instance(p.name).vote_type)
    }
    recorded = {(name, key) for name, entry in DATA.items() for key in entry}
    assert expected <= recorded, f"not yet computed: {sorted(expected - recorded)[:5]}…"
    timed_out = {(name, key) for name, entry in DATA.items() for key, v in entry.items() if v.get("winners") is None}
    assert timed_out == set()


def test_fixture_configs_cover_every_rule():
    keys = {config_key(o) for o in configs("cumulative")}
    assert {"greedy", "greedy-cost", "mes/cost/add1", "mes/points/add1-exhaustive"} <= keys
