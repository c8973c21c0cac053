import argparse
import json

from auyl.pb import read
from auyl.pb.cli import add_parser, main
from auyl.pb.tests.helpers import need_shared


def test_tally_json_uses_meta_rule(capsys):
    path = need_shared() / "Netherlands_Assen_2024.pb"
    assert main(["pb", "tally", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["winners"] == ["3", "9", "2", "11", "13", "14", "5", "6", "12"]
    assert data["total_cost"] == 76700 and data["rule"] == "mes/cost/add1"


def test_tally_table_and_options(capsys):
    path = need_shared() / "Poland_Swiecie_2023.pb"
    args = ["pb", "tally", str(path), "--rule", "mes", "--completion", "add1", "--comparison",
            "--eligibility-filter", "--tie-break", "cost,votes,id"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "winners (17)" in out and "total cost: 1,040,337.00" in out
    assert "could not afford it" in out
    assert main(["pb", "tally", str(path), "--rule", "greedy", "--threshold", "400", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # Independent expectation from the PROJECTS `votes` column of the file.
    inst = read(path)
    rows = sorted(((int(p.fields["votes"]), -p.cost, p.id) for p in inst.projects), reverse=True)
    expected, left = [], inst.budget
    for votes, neg_cost, pid in rows:
        if votes >= 400 and -neg_cost <= left:
            expected.append(pid)
            left += neg_cost
    assert data["winners"] == expected and len(expected) == 7


def test_errors_exit_non_zero(tmp_path, capsys):
    bad = tmp_path / "bad.pb"
    bad.write_text("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;x\nVOTES\nvoter_id;vote\n")
    assert main(["pb", "tally", str(bad)]) == 2
    assert "line 6" in capsys.readouterr().err


def test_add_parser_registers_pb_group():
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    ns = parser.parse_args(["pb", "tally", "f.pb", "--rule", "mes", "--utility", "approval"])
    assert ns.rule == "mes" and ns.utility == "approval" and callable(ns.func)
