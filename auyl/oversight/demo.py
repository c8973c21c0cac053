"""Demo data of oversight: elections of akims (the demo ``akim`` elected in 2025, a first-time akim), an audit of
the home community's budget with findings and the akim's response, the School of akims, the powers register,
and the precomputed figures. Fictional people only."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from auyl.demo import names
from auyl.oversight import services
from auyl.oversight.models import Classification, Power, Topic

FIRST_ELECTIONS = date(2021, 7, 25)  # the first direct elections of rural akims
HOME_ELECTION = date(2025, 9, 14)
AKIM_NAME = "Әлиев Нұрлан Серікұлы"

MODULES = [
    (Topic.BUDGET, ("Жергілікті бюджет", "Местный бюджет", "Local budget"), 12),
    (Topic.PROCUREMENT, ("Мемлекеттік сатып алу", "Государственные закупки", "Public procurement"), 8),
    (Topic.TAXES, ("Салықтар", "Налоги", "Taxes"), 8),
    (Topic.COMMUNAL_PROPERTY, ("Коммуналдық меншік", "Коммунальная собственность", "Communal property"), 6),
    (Topic.ENTREPRENEURSHIP, ("Кәсіпкерлікті дамыту", "Развитие предпринимательства", "Entrepreneurship"), 6),
    (Topic.STATE_SUPPORT, ("Мемлекеттік қолдау шаралары", "Меры господдержки", "State support measures"), 6),
]


def _name(rng) -> str:
    return f"{rng.choice(names.SURNAMES_KK)} {rng.choice(names.MALE_KK)}"


def _birth(rng, young: bool = False) -> date:
    return date(2001, 3, 3) if young else date(rng.randint(1965, 1992), rng.randint(1, 12), rng.randint(1, 28))


def _elect(admin, community, day, candidates, rng, *, winner_user=None) -> None:
    """Hold one election: ``candidates`` are (name, birth date, nomination, party); the first one wins."""
    election = services.schedule_election(admin, community=community, day=day)
    made = [services.nominate(admin, election, full_name=name, birth_date=born, education="higher",
                              experience_years=rng.randint(3, 25), nomination=nomination, party=party,
                              user=winner_user if index == 0 else None)
            for index, (name, born, nomination, party) in enumerate(candidates)]
    electorate = int(community.population * 0.72) or 1000
    ballots = int(electorate * rng.uniform(0.62, 0.86))
    eligible = [c for c in made if c.is_eligible]
    shares = [0.55] + [0.4 / max(1, len(eligible) - 1)] * (len(eligible) - 1)
    services.record_results(admin, election, electorate=electorate, ballots_cast=ballots,
                            votes={c.pk: int(ballots * 0.97 * s) for c, s in zip(eligible, shares, strict=True)},
                            refresh=False)


def _elections(ctx, admin) -> None:
    rng = ctx.rng
    for community in ctx.communities:
        incumbent = (_name(rng), _birth(rng), "self", "")
        _elect(admin, community, FIRST_ELECTIONS, [incumbent, (_name(rng), _birth(rng), "party", "Amanat")], rng)
        if community == ctx.home:
            _elect(admin, community, HOME_ELECTION, [
                (AKIM_NAME, date(1986, 4, 12), "self", ""), incumbent,
                (_name(rng), _birth(rng), "party", "Amanat"), (_name(rng), _birth(rng, young=True), "self", ""),
            ], rng, winner_user=ctx.users["akim"])
        else:  # the incumbent stands again and wins a second term (not a first-time akim)
            _elect(admin, community, date(2025, 7, 27), [incumbent, (_name(rng), _birth(rng), "self", "")], rng)


def _audit(ctx) -> None:
    auditor, akim = ctx.users["auditor"], ctx.users["akim"]
    today = date.today()
    item = services.create_audit(auditor, community=ctx.home, year=today.year - 1,
                                 title=f"Көкалажар а.о. бюджетінің {today.year - 1} жылғы аудиті")
    findings = [
        services.add_finding(auditor, item, description="Street lighting maintenance was paid twice for March.",
                             amount=Decimal("1250000"), recommendation="Recover the overpayment from the contractor.",
                             deadline=today + timedelta(days=30)),
        services.add_finding(auditor, item, description="No inventory of communal property since 2022.",
                             amount=Decimal("0"), recommendation="Take the inventory and register the property.",
                             deadline=today + timedelta(days=90)),
        services.add_finding(auditor, item, description="Snow clearing contract signed without a tender.",
                             amount=Decimal("3400000"), recommendation="Run the procurement through the portal.",
                             deadline=today + timedelta(days=60)),
    ]
    services.record_presentation(auditor, item, session_at=timezone.make_aware(datetime.combine(today, time(15))),
                                 session_url="https://meet.auyl.kz/kokalazhar-audit", chair=ctx.users["assembly"])
    services.respond(akim, findings[0], response="The contractor returned 1,250,000 ₸ (payment order No. 15).")
    services.add_follow_up(auditor, findings[0], note="The bank statement confirms the refund.", resolves=True)
    services.respond(akim, findings[1], response="An inventory commission was appointed; the act is due next month.")
    services.publish_audit(auditor, item, summary=(
        "The audit commission found three irregularities worth 4.65 mln ₸ in total. One is resolved; the akim "
        "has answered another; the third awaits a response."))


def _school(ctx, admin) -> None:
    from auyl.oversight.models import AkimTerm

    course = services.create_course(admin, year=2025, titles=("Әкімдер мектебі — 2025", "Школа акимов — 2025",
                                                              "School of akims — 2025"), modules=MODULES)
    official = ctx.users["district"]
    terms = AkimTerm.objects.filter(community__in=ctx.communities, starts_on__year=2025,
                                    community__district__code="596600000").select_related("community__territory")
    for term in terms:
        enrolment = services.enrol(official, course, term, on=term.starts_on + timedelta(days=20))
        passed = course.modules.all() if term.is_first_time else course.modules.all()[:3]
        for offset, module in enumerate(passed, start=1):
            services.complete_module(official, enrolment, module, on=term.starts_on + timedelta(days=20 + 7 * offset))


def _powers(ctx) -> None:
    services.seed_powers()
    akim, official = ctx.users["akim"], ctx.users["district"]
    reviews = [
        (akim, "okrug-water-supply", Classification.CORE, ""),
        (akim, "okrug-household-records", Classification.DUPLICATED, "The same data is in the state registries."),
        (akim, "okrug-state-databases", Classification.MISSING, "We cannot answer residents without access."),
        (official, "okrug-household-records", Classification.DUPLICATED, "Statistics office collects it too."),
        (official, "district-assign-extra-functions", Classification.NON_CORE, "Police tasks are put on akims."),
        (official, "okrug-street-lighting", Classification.CORE, ""),
    ]
    for user, code, classification, comment in reviews:
        services.review_power(user, Power.objects.get(code=code), classification=classification, comment=comment)


def build(ctx) -> None:
    admin = ctx.users["admin"]
    _elections(ctx, admin)
    _audit(ctx)
    _school(ctx, admin)
    _powers(ctx)
    for year in range(FIRST_ELECTIONS.year, date.today().year + 1):
        services.refresh_figures(year)
