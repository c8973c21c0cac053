from fractions import Fraction

import pytest

from auyl.pb.pabulib import PabulibError, read, reads, writes
from auyl.pb.tests.helpers import need_shared

QUIRKY = (
    "\ufeffMETA\r\nkey;value\r\nbudget;1000,5\r\nvote_type;approval\r\nrule;greedy\r\n"
    "PROJECTS\r\nproject_id;cost;votes;name;extra\r\n"
    '1;500,25;2;"Park; with a bench";x;surplus\r\n2;300;1;School;y\r\n'
    "VOTES\r\nvoter_id;vote;age\r\nv1;1,2,1;30\r\nv2;;41\r\nv3;1;22;unexpected\r\n"
)


def test_reader_tolerates_real_world_quirks():
    inst = reads(QUIRKY)
    assert inst.budget == Fraction(20010, 20)
    assert [p.id for p in inst.projects] == ["1", "2"]
    assert inst.projects[0].cost == Fraction("500.25")
    assert inst.projects[0].name == "Park; with a bench"
    assert inst.num_voters == 3  # the empty ballot still counts as a voter
    assert inst.ballots[((0, 1), (1, 1))] == 1  # the duplicate "1" collapsed
    assert inst.ballots[()] == 1
    assert inst.approval_counts() == [2, 1]

HEAD = "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n"


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        (HEAD + "1;5\nVOTES\nvoter_id;vote\n1;1\n2;7\n", 10, "unknown project '7'"),
        (HEAD + "1;five\nVOTES\nvoter_id;vote\n", 6, "not a number"),
        ("META\nkey;value\nbudget;10\nVOTES\nvoter_id;vote\n", 4, "VOTES before PROJECTS"),
        (HEAD.replace("budget;10", "budget;10\nvote_type;cumulative") + "1;5\nVOTES\nvoter_id;vote;points\n1;1;2,3\n",
         10, "points"),
    ],
)
def test_malformed_file_names_the_line(text, line, needle):
    with pytest.raises(PabulibError) as exc:
        reads(text)
    assert exc.value.line == line
    assert needle in str(exc.value)


def test_missing_votes_section():
    with pytest.raises(PabulibError, match="missing section"):
        reads("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\n")


@pytest.mark.parametrize(
    "name",
    ["Netherlands_Assen_2024.pb", "Poland_Czestochowa_2020_Rakow.pb", "Poland_Krakow_2022_Zwierzyniec.pb",
     "Poland_Wieliczka_2023_Green_Budget.pb"],
)
def test_round_trip_and_pabutools_reads_our_files(name):
    from pabutools.election.pabulib import parse_pabulib_from_string

    inst = read(need_shared() / name)
    text = writes(inst)
    again = reads(text)
    assert again.ballots == inst.ballots
    assert [(p.id, p.cost) for p in again.projects] == [(p.id, p.cost) for p in inst.projects]
    assert again.budget == inst.budget and again.meta["rule"] == inst.meta["rule"]
    pinst, pprof = parse_pabulib_from_string(text)
    assert pinst.budget_limit == inst.budget
    assert pprof.num_ballots() == inst.num_voters
    assert sorted(p.name for p in pinst) == sorted(p.id for p in inst.projects)
