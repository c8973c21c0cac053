"""Precomputed figures equal a direct recount from the source rows, at every level, and a one-community refresh
gives the same figures as a full one."""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

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
    participation_and_appeals(communities, YEARS, random.Random(11))
    return communities


def participation_and_appeals(communities, years, rng):
    """Contests, initiatives, polls, meetings, akims' reports and appeals, straight into the source apps' models
    (bulk, to stay fast), with moments near midnight on 1 January so that the local year is what counts."""
    from auyl.appeals.models import Appeal, Category
    from auyl.appeals.models import Status as AppealStatus
    from auyl.assemblies.models import AkimReport, Attendance, Body, BodyKind, Meeting, MeetingStatus, ReportStatus
    from auyl.contests.models import Ballot as ContestBallot
    from auyl.contests.models import Contest
    from auyl.initiatives.models import Ballot as PollBallot
    from auyl.initiatives.models import Initiative, Kind, Poll, Status
    from auyl.people.models import Resident

    actor = make_user("gen-participation")
    category = Category.objects.first() or Category.objects.create(code="roads", name_kk="Жолдар", name_ru="Дороги",
                                                                   name_en="Roads")

    def moment(year):
        if rng.random() < 0.15:  # 1 January, 02:00 in Almaty is still the year before in UTC
            return timezone.make_aware(datetime(year, 1, 1, 2, 0))
        return timezone.make_aware(datetime(year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), 30))

    residents = {}
    for community in communities:
        residents[community.pk] = Resident.objects.bulk_create([Resident(
            community=community, settlement=community.territory, iin_hash=f"rollup-{community.code}-{i}",
            iin_encrypted="-", iin_last4="0000", last_name="Тест", first_name=f"№{i}", birth_date=date(1980, 1, 1),
            sex="M") for i in range(8)])
    contest_ballots, poll_ballots, attendances, meetings, appeals = [], [], [], [], []
    for community in communities:
        people = residents[community.pk]
        gathering = Body.objects.create(community=community, kind=BodyKind.GATHERING)
        assembly = Body.objects.create(community=community, kind=BodyKind.ASSEMBLY)
        commission = Body.objects.create(community=community, kind=BodyKind.COMMISSION)
        for year in years:
            for _ in range(rng.randint(0, 2)):
                end = moment(year)
                contest = Contest.objects.create(
                    community=community, title="Конкурс", budget_amount=1_000_000,
                    proposals_from=end - timedelta(days=30), review_from=end - timedelta(days=20),
                    voting_from=end - timedelta(days=10), voting_until=end,
                    implementation_from=end + timedelta(days=10), created_by=actor)
                contest_ballots += [ContestBallot(contest=contest, resident=r)
                                    for r in rng.sample(people, rng.randint(0, len(people)))]
            for _ in range(rng.randint(0, 3)):
                opened = moment(year) if rng.random() < 0.8 else None
                Initiative.objects.create(
                    community=community, kind=Kind.CONVENE_GATHERING, author=actor, title="Бастама", text="-",
                    request="-", status=Status.COLLECTING if opened else Status.DRAFT, opens_at=opened,
                    threshold_reached_at=opened + timedelta(days=5) if opened and rng.random() < 0.5 else None)
            for _ in range(rng.randint(0, 2)):
                end = moment(year)
                poll = Poll.objects.create(community=community, title="Сауалнама", opens_at=end - timedelta(days=7),
                                           closes_at=end, created_by=actor, is_ready=rng.random() < 0.85)
                poll_ballots += [PollBallot(poll=poll, resident=r, settlement=r.settlement)
                                 for r in rng.sample(people, rng.randint(0, len(people)))]
            for body in (gathering, assembly, commission):
                for _ in range(rng.randint(0, 2)):
                    status = rng.choice([*MeetingStatus.values, MeetingStatus.CLOSED, MeetingStatus.PUBLISHED])
                    entitled = None if rng.random() < 0.1 else rng.randint(0, 40)
                    meeting = Meeting.objects.create(
                        body=body, number=Meeting.objects.filter(body=body).count() + 1, starts_at=moment(year),
                        place="Клуб", status=status, entitled_count=entitled, created_by=actor)
                    meetings.append(meeting)
                    attendances += [Attendance(meeting=meeting, resident=r, registered_by=actor)
                                    for r in rng.sample(people, rng.randint(0, len(people)))]
            if rng.random() < 0.8:
                status = rng.choice(ReportStatus.values)
                AkimReport.objects.create(community=community, year=year, title="Есеп", text="-", status=status,
                                          created_by=actor, held_at=timezone.now() if status == "held" else None)
            for index in range(rng.randint(0, 4)):
                received = moment(year)
                registered = timezone.localtime(received).date()
                deadline = registered + timedelta(days=15)
                status = rng.choice(AppealStatus.values)
                answered = None
                if status == AppealStatus.ANSWERED:  # around the deadline, near local midnight
                    answered = timezone.make_aware(datetime.combine(
                        deadline + timedelta(days=rng.choice([-3, 0, 0, 1])), datetime.min.time())) + timedelta(
                        hours=rng.choice([1, 23]), minutes=30)
                appeals.append(Appeal(
                    community=community, number=f"{community.code}-{year}-{index}", status=status, category=category,
                    subject="Жол", text="-", applicant_name="Тест", received_at=received, registered_on=registered,
                    due_on=deadline, forward_by=registered + timedelta(days=3), deadline=deadline,
                    answered_at=answered, rating=rng.choice([None, 1, 3, 4, 5]) if answered else None))
    ContestBallot.objects.bulk_create(contest_ballots)
    PollBallot.objects.bulk_create(poll_ballots)
    Attendance.objects.bulk_create(attendances)
    Appeal.objects.bulk_create(appeals)


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
    result.update(recount_participation(prefix, year, communities))
    result.update(recount_appeals(prefix, year))
    return result


def local_year(moment):
    return timezone.localtime(moment).year if moment else None


def recount_participation(prefix, year, communities):
    from auyl.assemblies import selectors as assemblies
    from auyl.assemblies.models import AkimReport, Meeting
    from auyl.contests.models import Ballot as ContestBallot
    from auyl.contests.models import Contest
    from auyl.initiatives.models import Ballot as PollBallot
    from auyl.initiatives.models import Initiative, Poll

    result, now = {}, timezone.now()
    contests = [c for c in Contest.objects.select_related("community__territory")
                if c.community.code.startswith(prefix) and local_year(c.voting_until) == year and c.voting_until <= now]
    if contests:
        result["contests_held"] = Decimal(len(contests))
    if communities:
        with_population = {c.pk for c in communities}
        voters = sum(1 for b in ContestBallot.objects.all()
                     if b.contest_id in {c.pk for c in contests if c.community_id in with_population})
        result["contest_voters_per_1000"] = ratio(voters, sum(c.population for c in communities), rollup.PER_1000)
    opened = [i for i in Initiative.objects.select_related("community__territory")
              if i.community.code.startswith(prefix) and local_year(i.opens_at) == year]
    if opened:
        result["initiatives_opened"] = Decimal(len(opened))
        result["initiatives_threshold_reached"] = ratio(sum(i.threshold_reached_at is not None for i in opened),
                                                        len(opened), "share")
    polls = [p for p in Poll.objects.select_related("community__territory")
             if p.community.code.startswith(prefix) and p.is_ready and local_year(p.closes_at) == year
             and p.closes_at <= now]
    if polls:
        result["polls_held"] = Decimal(len(polls))
        result["poll_answers"] = Decimal(sum(1 for b in PollBallot.objects.all() if b.poll_id in {p.pk for p in polls}))
    held = [m for m in Meeting.objects.select_related("body__community__territory")
            if m.body.community.code.startswith(prefix) and local_year(m.starts_at) == year
            and m.status in ("closed", "signed", "published") and m.body.kind != "commission"]
    if held:
        result["meetings_held"] = Decimal(len(held))
        result["meetings_quorate"] = ratio(sum(assemblies.quorum(m).met for m in held), len(held), "share")
    reports = [r for r in AkimReport.objects.select_related("community__territory")
               if r.community.code.startswith(prefix) and r.year == year and r.status == "held"]
    if reports:
        result["akim_reports_held"] = Decimal(len(reports))
    return result


def recount_appeals(prefix, year):
    from auyl.appeals.models import Appeal

    today = timezone.localdate()
    appeals = [a for a in Appeal.objects.select_related("community__territory")
               if a.community.code.startswith(prefix) and a.registered_on.year == year]
    result = {}
    if appeals:
        result["appeals_registered"] = Decimal(len(appeals))
        answered = [a for a in appeals if a.status == "answered" and a.answered_at]
        on_time = sum(timezone.localtime(a.answered_at).date() <= a.deadline for a in answered)
        decided = len(answered) + sum(a.is_overdue(today) for a in appeals)
        if decided:
            result["appeals_on_time"] = ratio(on_time, decided, "share")
        rated = [a.rating for a in appeals if a.rating is not None]
        if rated:
            result["appeal_rating"] = ratio(sum(rated), len(rated), "average")
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
    participation = {"contests_held", "contest_voters_per_1000", "initiatives_opened", "initiatives_threshold_reached",
                     "polls_held", "poll_answers", "meetings_held", "meetings_quorate", "akim_reports_held",
                     "appeals_registered", "appeals_on_time", "appeal_rating"}
    for level in (rollup.COMMUNITY, rollup.DISTRICT, rollup.COUNTRY):
        assert {f.metric for f in Figure.objects.filter(level=level)} >= participation, level
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(make_user("rollup-observer", role=Role.NATIONAL_OBSERVER, territory=None))
    for group, key, label in (("participation", "contest_voters_per_1000",
                               "Voters in project contests per 1,000 residents"),
                              ("appeals", "appeals_on_time", "Share of appeals answered on time")):
        year = Figure.objects.filter(scope="", metric=key).values_list("period", flat=True).first()
        html = client.get(f"/oversight/t/kz/?year={year}&group={group}").content.decode()
        assert label in html and f"/oversight/t/kz/rank/{key}/" in html, group


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
