"""Import of election results from CSV: a good file, a bad file that saves nothing, the consecutive-terms rule
across the file's own elections."""

from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from auyl.oversight.importing import import_elections
from auyl.oversight.models import AkimTerm, Candidate, Election

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tree")]
HEADER = ("community_kato,election_date,electorate,ballots_cast,candidate,birth_date,education,experience_years,"
          "nomination,party,votes,iin,first_time\n")


def csv(*rows: str) -> str:
    return HEADER + "\n".join(rows) + "\n"


GOOD = csv(
    "596644000,2017-07-23,1500,1100,Ахметов Айдар,1970-03-01,higher,20,self,,600,,yes",
    "596644000,2017-07-23,1500,1100,Бекова Дана,1980-01-01,vocational,10,party,Amanat,450,,",
    "596644000,2021-07-25,1500,1200,Ахметов Айдар,1970-03-01,higher,24,self,,700,,",
    "596644000,2021-07-25,1500,1200,Жас Талап,1997-07-26,higher,3,self,,,,",
    "596644000,2025-07-27,1400,1000,Ахметов Айдар,1970-03-01,higher,28,self,,,,",
    "596644000,2025-07-27,1400,1000,Бекова Дана,1980-01-01,vocational,18,party,Amanat,900,,",
    "596645000,2025-07-27,900,700,Сейітов Ержан,1985-02-02,postgraduate,12,self,,650,,",
)


def test_a_good_file_records_elections_terms_and_refusals():
    report = import_elections(GOOD)
    assert report.ok, report.errors
    assert (report.elections, report.candidates, report.refused, report.terms) == (4, 7, 2, 4)
    young = Candidate.objects.get(full_name="Жас Талап")
    assert not young.is_eligible and young.problems[0]["code"] == "too_young"  # 24 on 25.07.2021
    third = Candidate.objects.get(full_name="Ахметов Айдар", election__date=date(2025, 7, 27))
    assert [p["code"] for p in third.problems] == ["consecutive_terms"]
    winner = AkimTerm.objects.get(community__territory__code="596644000", starts_on=date(2025, 7, 27))
    assert winner.full_name == "Бекова Дана" and winner.is_first_time and winner.nomination == "party"
    assert AkimTerm.objects.get(starts_on=date(2021, 7, 25)).is_first_time is False
    assert import_elections(GOOD).skipped == 4  # an election already recorded is skipped


def test_a_file_with_bad_rows_saves_nothing_and_names_every_line():
    bad = csv(
        "596644000,2021-07-25,1500,1200,Ахметов Айдар,1970-03-01,higher,24,self,,700,,",
        "59664400,2021-07-25,1500,1200,Бекова Дана,1980-13-01,phd,x,mayor,,7,,maybe",
        "999999000,2021-07-25,10,5,Нет Сообщества,1980-01-01,higher,3,self,,5,,",
    )
    report = import_elections(bad)
    assert not report.ok and report.errors[0].startswith("line 3:")
    assert "community_kato" in report.errors[0] and "birth_date" in report.errors[0]
    assert not Election.objects.exists()


def test_votes_for_a_refused_nominee_roll_the_whole_file_back():
    report = import_elections(csv(
        "596644000,2021-07-25,1500,1200,Ахметов Айдар,1970-03-01,higher,24,self,,700,,",
        "596645000,2021-07-25,1500,1200,Жас Талап,2000-01-01,higher,3,self,,300,,",
    ))
    assert report.errors and "line 3" in report.errors[0] and "Under 25" in report.errors[0]
    assert not Election.objects.exists() and not AkimTerm.objects.exists()


def test_the_command(tmp_path: Path):
    path = tmp_path / "elections.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_elections", str(path))
    assert AkimTerm.objects.count() == 4
    path.write_text(csv("596644000,2030-01-01,x,1,А,1980-01-01,higher,3,self,,1,,"), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_elections", str(path))
