"""Elections of akims: nominations, refusals with reasons, results, the term and the akim role."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEntry
from auyl.core.roles import Role
from auyl.core.testing import make_user
from auyl.oversight import services
from auyl.oversight.models import AkimTerm, Candidate, Election
from auyl.oversight.tests.conftest import person, run_election
from auyl.people.models import RoleAssignment
from auyl.people.selectors import active_role_scopes

pytestmark = pytest.mark.django_db


def test_a_nominee_turning_25_on_election_day_is_registered(tree, official):
    election = services.schedule_election(official, community=tree.home, day=date(2025, 7, 25))
    candidate = services.nominate(official, election, full_name="Серікова Дана", birth_date=date(2000, 7, 25),
                                  education="higher", experience_years=3, nomination="self")
    assert candidate.is_eligible and candidate.problems == []


def test_a_nominee_a_day_short_of_25_is_refused_with_the_reason(tree, official):
    election = services.schedule_election(official, community=tree.home, day=date(2025, 7, 25))
    candidate = services.nominate(official, election, full_name="Серікова Дана", birth_date=date(2000, 7, 26),
                                  education="secondary", experience_years=1, nomination="self")
    assert not candidate.is_eligible
    assert services.problem_messages(candidate.problems) == [
        "Under 25 on election day (24 years old); may stand from 2000-07-26.".replace("2000-07-26", "2025-07-26"),
        "Education must be higher, postgraduate, post-secondary or technical and vocational.",
        "Work experience of 1.0 years is less than the required 2.0.",
    ]


def test_the_reasons_are_translated(tree, official):
    from django.utils import translation

    election = services.schedule_election(official, community=tree.home, day=date(2025, 7, 25))
    candidate = services.nominate(official, election, full_name="Серікова Дана", birth_date=date(2000, 7, 26),
                                  education="higher", experience_years=3, nomination="self")
    with translation.override("ru"):
        assert "25" in services.problem_messages(candidate.problems)[0]
        assert "Under" not in services.problem_messages(candidate.problems)[0]


def test_a_third_consecutive_term_in_the_same_unit_is_refused(tree, official):
    same = dict(iin="")
    run_election(official, tree.home, date(2017, 7, 25), [person(**same)])
    run_election(official, tree.home, date(2021, 7, 25), [person(**same)])
    election = services.schedule_election(official, community=tree.home, day=date(2025, 7, 25))
    third = services.nominate(official, election, full_name="Ахметов  Айдар", birth_date=date(1980, 5, 1),
                              education="higher", experience_years=20, nomination="self")
    assert not third.is_eligible
    assert services.problem_messages(third.problems) == [
        "Has already held this post for 2 consecutive terms in this unit; the law allows at most 2 in a row."]
    # in another unit the same person may stand
    other = services.schedule_election(official, community=tree.neighbour, day=date(2025, 7, 25))
    assert services.nominate(official, other, full_name="Ахметов Айдар", birth_date=date(1980, 5, 1),
                             education="higher", experience_years=20, nomination="self").is_eligible


def test_a_second_consecutive_term_is_allowed_and_not_first_time(tree, official):
    _, first = run_election(official, tree.home, date(2021, 7, 25), [person()])
    _, second = run_election(official, tree.home, date(2025, 7, 25), [person(), person("Бекова Ая", votes=100)])
    assert first.is_first_time and not second.is_first_time
    first.refresh_from_db()
    assert first.ended_on is None and first.last_day == date(2025, 7, 24)  # ended on time, not early


def test_an_early_election_ends_the_running_term(tree, official):
    _, first = run_election(official, tree.home, date(2021, 7, 25), [person()])
    run_election(official, tree.home, date(2023, 3, 1), [person("Бекова Ая")])
    first.refresh_from_db()
    assert first.ended_on == date(2023, 2, 28) and "newly elected" in first.end_reason


def test_results_elect_the_leader_start_a_four_year_term_and_grant_the_akim_role(tree, official):
    user = make_user("new-akim")
    today = date.today()
    election = services.schedule_election(official, community=tree.home, day=today - timedelta(days=3))
    winner = services.nominate(official, election, full_name="Нұрлан Әлиев", birth_date=date(1985, 1, 1),
                               education="higher", experience_years=10, nomination="party", party="Amanat",
                               user=user)
    loser = services.nominate(official, election, full_name="Ержан Сейіт", birth_date=date(1975, 1, 1),
                              education="vocational", experience_years=10, nomination="self")
    term = services.record_results(official, election, electorate=1500, ballots_cast=1100,
                                   votes={winner.pk: 700, loser.pk: 380})
    assert term.candidate == winner and term.ends_on == term.starts_on.replace(year=term.starts_on.year + 4) - \
        timedelta(days=1)
    assert term.is_first_time and term.nomination == "party"
    role = RoleAssignment.objects.get(user=user, role=Role.AKIM)
    assert role.territory == tree.home.territory and role.valid_until == term.ends_on
    assert (Role.AKIM, tree.home.territory.prefix) in active_role_scopes(user)
    election.refresh_from_db()
    assert election.status == Election.Status.COUNTED and election.turnout == pytest.approx(1100 / 1500)
    assert AuditEntry.objects.filter(action="oversight.results_recorded").exists()


def test_ending_a_term_early_ends_the_role(tree, official):
    user = make_user("akim-to-go")
    election = services.schedule_election(official, community=tree.home, day=date.today() - timedelta(days=30))
    candidate = services.nominate(official, election, full_name="Нұрлан Әлиев", birth_date=date(1985, 1, 1),
                                  education="higher", experience_years=10, nomination="self", user=user)
    term = services.record_results(official, election, electorate=100, ballots_cast=80, votes={candidate.pk: 60})
    services.end_term(official, term, on=date.today() - timedelta(days=1), reason="No confidence accepted")
    assert (Role.AKIM, tree.home.territory.prefix) not in active_role_scopes(user)


def test_a_future_term_is_granted_on_its_first_day(tree, official):
    user = make_user("future-akim")
    election = services.schedule_election(official, community=tree.home, day=date.today())
    candidate = services.nominate(official, election, full_name="Нұрлан Әлиев", birth_date=date(1985, 1, 1),
                                  education="higher", experience_years=10, nomination="self", user=user)
    services.record_results(official, election, electorate=100, ballots_cast=80, votes={candidate.pk: 60},
                            registered_on=date.today() + timedelta(days=5))
    assert not RoleAssignment.objects.filter(user=user).exists()
    services.sync_akim_roles(today=date.today() + timedelta(days=5))
    assert RoleAssignment.objects.get(user=user).valid_until == date.today() + timedelta(days=5) + \
        (date(2029, 1, 1) - date(2025, 1, 1)) - timedelta(days=1)


@pytest.mark.parametrize("case,votes,message", [
    ("tie", {0: 300, 1: 300}, "Two candidates have the most votes"),
    ("too_many", {0: 700, 1: 300}, "more votes than ballots"),
    ("missing", {0: 300}, "Enter the votes of every registered candidate"),
])
def test_bad_results_change_nothing(tree, official, case, votes, message):
    election = services.schedule_election(official, community=tree.home, day=date(2025, 7, 25))
    people = [services.nominate(official, election, full_name=name, birth_date=date(1980, 1, 1),
                                education="higher", experience_years=5, nomination="self") for name in ("А", "Б")]
    with pytest.raises(ValidationError, match=message):
        services.record_results(official, election, electorate=1000, ballots_cast=900,
                                votes={people[i].pk: v for i, v in votes.items()})
    election.refresh_from_db()
    assert election.status == Election.Status.SCHEDULED
    assert not AkimTerm.objects.exists() and not Candidate.objects.filter(votes__isnull=False).exists()


def test_votes_for_a_refused_nominee_are_rejected(tree, official):
    election = services.schedule_election(official, community=tree.home, day=date(2025, 7, 25))
    ok = services.nominate(official, election, full_name="А", birth_date=date(1980, 1, 1), education="higher",
                           experience_years=5, nomination="self")
    young = services.nominate(official, election, full_name="Б", birth_date=date(2003, 1, 1), education="higher",
                              experience_years=5, nomination="self")
    with pytest.raises(ValidationError, match="refused registration"):
        services.record_results(official, election, electorate=100, ballots_cast=90, votes={ok.pk: 40, young.pk: 50})


def test_bad_nomination_input_gets_field_errors(tree, official):
    election = services.schedule_election(official, community=tree.home, day=date(2025, 7, 25))
    with pytest.raises(ValidationError) as error:
        services.nominate(official, election, full_name=" ", birth_date=date(1980, 1, 1), education="phd",
                          experience_years=-1, nomination="party", iin="123")
    assert set(error.value.message_dict) == {"full_name", "education", "experience_years", "iin", "party"}
    assert not Candidate.objects.exists()


@pytest.mark.parametrize("role,where,allowed", [
    (Role.DISTRICT_OFFICIAL, "own", True), (Role.DISTRICT_OFFICIAL, "other", False),
    (Role.AKIM, "own", False), (Role.NATIONAL_OBSERVER, "own", False), (Role.AUDITOR, "own", False),
])
def test_only_district_officials_of_that_district_record_elections(tree, role, where, allowed):
    territory = {"own": tree.district, "other": tree.far.district}[where]
    if role == Role.AKIM:
        territory = tree.home.territory
    user = make_user(f"{role}-{where}", role=role, territory=None if role == Role.NATIONAL_OBSERVER else territory)
    if allowed:
        assert services.schedule_election(user, community=tree.home, day=date(2025, 7, 25))
    else:
        with pytest.raises(PermissionDenied):
            services.schedule_election(user, community=tree.home, day=date(2025, 7, 25))
