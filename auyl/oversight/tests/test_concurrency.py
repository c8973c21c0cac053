"""Under concurrency (PostgreSQL, parallel connections): results are recorded once, one term per election, one
review per reviewer and power, a module is passed once, and parallel refreshes leave one consistent set."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection

from auyl.core.roles import Role
from auyl.core.testing import make_tree, make_user
from auyl.oversight import services
from auyl.oversight.models import AkimTerm, Candidate, Classification, Figure, ModuleCompletion, Power, PowerReview

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def in_parallel(work, n=4):
    """Run ``work(i)`` in n threads that start together; returns the results and the exceptions."""
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(work(i))
        except Exception as error:  # collected for the assertions
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.fixture
def setup():
    tree = make_tree()
    official = make_user("official", role=Role.DISTRICT_OFFICIAL, territory=tree.district)
    return tree, official


def test_results_are_recorded_once(setup):
    tree, official = setup
    election = services.schedule_election(official, community=tree.home, day=date.today() - timedelta(days=1))
    a = services.nominate(official, election, full_name="А", birth_date=date(1980, 1, 1), education="higher",
                          experience_years=5, nomination="self")
    b = services.nominate(official, election, full_name="Б", birth_date=date(1981, 1, 1), education="higher",
                          experience_years=5, nomination="self")
    results, errors = in_parallel(lambda i: services.record_results(
        official, election, electorate=1000, ballots_cast=800, votes={a.pk: 400 + i, b.pk: 300}))
    assert len(results) == 1 and len(errors) == 3
    assert all("already recorded" in str(e) for e in errors)
    assert AkimTerm.objects.count() == 1 and Candidate.objects.filter(is_elected=True).count() == 1


def test_one_review_per_reviewer_and_power(setup):
    tree, _ = setup
    services.seed_powers()
    akim = make_user("akim", role=Role.AKIM, territory=tree.home.territory)
    power = Power.objects.get(code="okrug-roads")
    choices = [Classification.CORE, Classification.NON_CORE, Classification.DUPLICATED, Classification.MISSING]
    _, errors = in_parallel(lambda i: services.review_power(akim, power, classification=choices[i], comment="x"))
    assert not errors
    assert PowerReview.objects.filter(power=power, reviewer=akim).count() == 1


def test_a_module_is_passed_once(setup):
    tree, official = setup
    admin = make_user("admin", is_superuser=True)
    course = services.create_course(admin, year=2025, titles=("a", "b", "c"),
                                    modules=[("budget", ("a", "b", "c"), 8), ("taxes", ("a", "b", "c"), 8)])
    election = services.schedule_election(official, community=tree.home, day=date.today() - timedelta(days=20))
    winner = services.nominate(official, election, full_name="А", birth_date=date(1980, 1, 1), education="higher",
                               experience_years=5, nomination="self")
    term = services.record_results(official, election, electorate=10, ballots_cast=8, votes={winner.pk: 8})
    enrolment = services.enrol(official, course, term, on=date.today() - timedelta(days=10))
    module = course.modules.first()
    results, errors = in_parallel(lambda i: services.complete_module(official, enrolment, module))
    assert len(results) == 1 and len(errors) == 3
    assert ModuleCompletion.objects.filter(enrolment=enrolment).count() == 1


def test_parallel_refreshes_leave_one_consistent_set(setup):
    tree, official = setup
    election = services.schedule_election(official, community=tree.home, day=date(2025, 7, 25))
    winner = services.nominate(official, election, full_name="А", birth_date=date(1980, 1, 1), education="higher",
                               experience_years=5, nomination="self")
    services.record_results(official, election, electorate=10, ballots_cast=8, votes={winner.pk: 8})
    _, errors = in_parallel(lambda i: services.refresh_figures(2025, tree.home.code if i % 2 else ""))
    assert not errors
    once = {(f.scope, f.metric): f.value for f in Figure.objects.filter(period=2025)}
    services.refresh_figures(2025)
    assert once == {(f.scope, f.metric): f.value for f in Figure.objects.filter(period=2025)}
    assert once[("", "elections_held")] == 1
