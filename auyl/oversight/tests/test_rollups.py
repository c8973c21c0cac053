"""Precomputed figures equal a direct recount from the source rows, at every level, and a one-community refresh
gives the same figures as a full one."""

import random
from datetime import date
from decimal import Decimal

import pytest

from auyl.core.roles import Role
from auyl.core.testing import make_user
from auyl.oversight import rollup, services, synthetic
from auyl.oversight.models import AkimTerm, Candidate, Election, Enrolment, Figure, Finding
from auyl.territory.models import Community, Kind, Level, Territory

pytestmark = pytest.mark.django_db
YEARS = [2021, 2022, 2023, 2024, 2025]


def more_communities(tree, count=9):
    """A few more districts and communities so that each level adds up several units."""
    made = [tree.home, tree.neighbour, tree.far]
    for index in range(count):
        oblast = tree.oblast if index % 2 else tree.far.oblast
        district_code = f"{oblast.code[:2]}{70 + index % 3:02d}00000"
        district, _ = Territory.objects.get_or_create(code=district_code, defaults=dict(
            level=Level.DISTRICT, kind=Kind.DISTRICT, type_code=2, name_kk=f"Аудан {index}", name_ru=f"Район {index}",
            parent=oblast, prefix=district_code[:4], kato_version="test"))
        code = f"{district_code[:4]}{41 + index:02d}000"
        unit = Territory.objects.create(code=code, level=Level.SUB_DISTRICT, kind=Kind.RURAL_OKRUG, type_code=2,
                                        name_kk=f"Округ {index}", name_ru=f"Округ {index}", parent=district,
                                        prefix=code[:6], kato_version="test")
        made.append(Community.objects.create(territory=unit, district=district, oblast=oblast,
                                             kind=Kind.RURAL_OKRUG, is_active=True))
    return made


@pytest.fixture
def world(tree):
    communities = more_communities(tree)
    auditor = make_user("gen-auditor", role=Role.AUDITOR, territory=None)
    synthetic.generate(communities, YEARS, rng=random.Random(7), auditor=auditor)
    return communities


def ratio(num, den, kind):
    if kind in (rollup.COUNT, rollup.AMOUNT):
        return Decimal(num)
    if not den:
        return None
    value = Decimal(num) / Decimal(den)
    return value * 1000 if kind == rollup.PER_1000 else value


def recount(prefix: str, year: int, today: date) -> dict[str, Decimal | None]:
    """Straight from the rows, in Python, without the selectors the providers use."""
    def under(code):
        return code.startswith(prefix)

    result = {}
    communities = [c for c in Community.objects.select_related("territory") if under(c.code) and c.population]
    if communities:
        result["residents"] = Decimal(sum(c.population for c in communities))
    elections = [e for e in Election.objects.select_related("community__territory")
                 if under(e.community.code) and e.date.year == year and e.status == Election.Status.COUNTED]
    if elections:
        result["elections_held"] = Decimal(len(elections))
        candidates = [c for c in Candidate.objects.all() if c.election_id in {e.pk for e in elections}]
        result["candidates_per_election"] = ratio(len(candidates), len(elections), "average")
        result["turnout"] = ratio(sum(e.ballots_cast for e in elections), sum(e.electorate for e in elections),
                                  "share")
        ineligible = sum(not c.is_eligible for c in candidates)
        if ineligible:
            result["ineligible_candidates"] = Decimal(ineligible)
    elected = [t for t in AkimTerm.objects.select_related("candidate__election", "community__territory")
               if under(t.community.code) and t.candidate.election.date.year == year]
    if elected:
        result["first_time_akims"] = ratio(sum(t.is_first_time for t in elected), len(elected), "share")
        result["self_nominated_akims"] = ratio(sum(t.nomination == "self" for t in elected), len(elected), "share")
        result["akim_average_age"] = ratio(sum(t.age_at_election for t in elected), len(elected), "average")
    start, end = date(year, 1, 1), date(year, 12, 31)
    first = [t for t in AkimTerm.objects.select_related("community__territory").prefetch_related("enrolments")
             if under(t.community.code) and t.is_first_time and t.starts_on <= end and t.last_day >= start]
    if first:
        trained = sum(any(e.completed_on and e.completed_on <= end for e in t.enrolments.all()) for t in first)
        result["first_time_akims_trained"] = ratio(trained, len(first), "share")
    completed = [e for e in Enrolment.objects.select_related("term__community__territory")
                 if under(e.term.community.code) and e.completed_on and e.completed_on.year == year]
    if completed:
        result["akims_trained"] = Decimal(len(completed))
    findings = [f for f in Finding.objects.select_related("audit__community__territory")
                if under(f.audit.community.code) and f.audit.year == year]
    if findings:
        result["audit_findings"] = Decimal(len(findings))
        result["audit_amount"] = sum((f.amount for f in findings), Decimal(0))
        result["findings_resolved"] = ratio(sum(f.status == "resolved" for f in findings), len(findings), "share")
        result["findings_overdue"] = Decimal(sum(f.is_overdue(today) for f in findings))
    return result


def stored(prefix: str, year: int) -> dict[str, Decimal | None]:
    return {f.metric: f.value for f in Figure.objects.filter(scope=prefix, period=year)}


def assert_same(expected, got):
    assert set(expected) == set(got), set(expected) ^ set(got)
    for key, value in expected.items():
        if value is None:
            assert got[key] is None, key
        else:
            assert got[key] == pytest.approx(value, abs=Decimal("0.000001")), key


def test_figures_equal_a_direct_recount_at_every_level(world):
    for year in YEARS:
        services.refresh_figures(year)
    today = date.today()
    prefixes = ["", "59", "11", "5966", *{c.code[:4] for c in world}, *[c.code for c in world]]
    checked = 0
    for year in YEARS:
        for prefix in prefixes:
            expected = recount(prefix, year, today)
            assert_same(expected, stored(prefix, year))
            checked += len(expected)
    assert checked > 500


def test_a_one_community_refresh_matches_a_full_refresh(world, tree):
    services.refresh_figures(2025)
    Finding.objects.filter(audit__community=tree.home, audit__year=2025).update(status="resolved")
    AkimTerm.objects.filter(community=tree.home).update(is_first_time=False)
    services.refresh_figures(2025, tree.home.code)
    partial = {(f.scope, f.metric): (f.value, f.communities) for f in Figure.objects.filter(period=2025)}
    services.refresh_figures(2025)
    full = {(f.scope, f.metric): (f.value, f.communities) for f in Figure.objects.filter(period=2025)}
    assert partial == full
    assert_same(recount("", 2025, date.today()), stored("", 2025))


def test_a_change_through_a_service_refreshes_the_figures(tree, official, django_capture_on_commit_callbacks):
    from auyl.oversight.tests.conftest import person, run_election

    with django_capture_on_commit_callbacks(execute=True):
        run_election(official, tree.home, date(2025, 7, 25), [person(), person("Бекова Ая", votes=100)],
                     electorate=1000, ballots=700)
    assert stored("5966", 2025)["turnout"] == Decimal("0.7")
    assert stored("", 2025)["elections_held"] == 1
    assert stored(tree.home.code, 2025)["candidates_per_election"] == 2


def test_refresh_rollups_command(world):
    from django.core.management import call_command

    call_command("refresh_rollups", "--year", "2024", "--year", "2025")
    assert Figure.objects.filter(period=2024, scope="").exists()
    assert Figure.objects.filter(period=2025, scope="").exists()
    assert not Figure.objects.filter(period=2023).exists()


def test_budget_figures_come_from_the_budget_apps_rollups(tree):
    from auyl.budget.models import Rollup

    def budget_row(community, year, own, expenditures, population):
        Rollup.objects.create(prefix=community.code[:6], depth=6, year=year, communities=1, population=population,
                              tax=own, own_revenues=own, transfers=expenditures - own, expenditures=expenditures)

    budget_row(tree.home, 2024, Decimal(4_000_000), Decimal(100_000_000), 2000)
    budget_row(tree.home, 2025, Decimal(6_000_000), Decimal(120_000_000), 2000)
    budget_row(tree.neighbour, 2025, Decimal(14_000_000), Decimal(80_000_000), 1000)
    services.refresh_figures(2025)
    district = stored("5966", 2025)
    assert district["self_sufficiency"] == Decimal("0.1")  # (6 + 14) / (120 + 80)
    assert district["own_revenue_per_resident"] == pytest.approx(Decimal(20_000_000) / 3000, abs=Decimal("0.000001"))
    home = stored(tree.home.code, 2025)
    assert home["own_revenue_growth"] == Decimal("0.5") and "own_revenue_growth" not in stored(tree.neighbour.code,
                                                                                                2025)
    services.refresh_figures(2025, tree.home.code)
    assert stored("5966", 2025)["self_sufficiency"] == Decimal("0.1")
