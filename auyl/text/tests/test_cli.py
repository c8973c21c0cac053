import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

from auyl.text.cli import add_parser, main

ROOT = Path(__file__).resolve().parents[3]


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def tiny_rows():
    base = [("вода нет, колонка сломалась", "w", "g1"), ("су жоқ колонка бұзылды", "w", "g1"),
            ("фонарь не горит на улице", "l", ""), ("шам жанбайды", "l", ""),
            ("яма на дороге большая", "r", ""), ("жол нашар шұңқыр", "r", "")]
    return [{"msg": t, "lab": lab, "dup": d} for t, lab, d in base]


def test_add_parser_registers_ai_group(tmp_path):
    parser = argparse.ArgumentParser(prog="auyl")
    add_parser(parser.add_subparsers(dest="command"))
    write(tmp_path / "a.csv", tiny_rows())
    args = parser.parse_args(["ai", "evaluate", "--train", str(tmp_path / "a.csv"), "--test",
                              str(tmp_path / "a.csv"), "--text-column", "msg", "--label-column", "lab"])
    assert args.func(args) == 0


def test_json_last_line_any_columns(tmp_path, capsys):
    write(tmp_path / "t.csv", tiny_rows())
    code = main(["evaluate", "--train", str(tmp_path / "t.csv"), "--test", str(tmp_path / "t.csv"),
                 "--text-column", "msg", "--label-column", "lab", "--duplicate-column", "dup", "--json"])
    assert code == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    result = json.loads(last)
    for key in ("accuracy", "macro_f1", "nmi", "ari", "dup_precision", "dup_recall"):
        assert 0 <= result[key] <= 1 or key == "ari"
        assert key in result["baseline"]


def test_missing_column_is_an_error(tmp_path, capsys):
    write(tmp_path / "t.csv", tiny_rows())
    code = main(["evaluate", "--train", str(tmp_path / "t.csv"), "--test", str(tmp_path / "t.csv"),
                 "--text-column", "nope", "--label-column", "lab"])
    assert code == 2 and "nope" in capsys.readouterr().err


def test_module_entry_point(tmp_path):
    write(tmp_path / "t.csv", tiny_rows())
    out = subprocess.run([sys.executable, "-m", "auyl.text", "evaluate", "--train", str(tmp_path / "t.csv"),
                          "--test", str(tmp_path / "t.csv"), "--text-column", "msg", "--label-column", "lab",
                          "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    assert "baseline" in json.loads(out.stdout.strip().splitlines()[-1])
