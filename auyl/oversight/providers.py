"""Metric providers: one per source app, each reading that app's models through its selectors.

Built here: residents (territory), budgets (``budget.selectors.rollup_children`` / ``budget_rollup``), elections
of akims, the School of akims and audit findings (this app); participation (contests, initiatives, polls,
gatherings and assembly meetings, akims' reports) and appeals. Those apps' selectors serve one community at a
time, so their per-community counts for the whole country are grouped queries in ``selectors.py`` of this app,
one query per figure family, read-only on their models.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from auyl.oversight import rollup, selectors
from auyl.oversight.metrics import Metric, register
from auyl.oversight.rollup import Row
from auyl.territory.selectors import communities

RESIDENTS = [Metric("residents", _("Registered residents"), rollup.COUNT, "community")]

BUDGET = [
    Metric("self_sufficiency", _("Self-sufficiency: own revenues to expenditures"), rollup.SHARE, "budget"),
    Metric("own_revenue_per_resident", _("Own revenue per resident, ₸"), rollup.AVERAGE, "budget"),
    Metric("own_revenue_growth", _("Growth of own revenues on the year before"), rollup.GROWTH, "budget"),
]

ELECTIONS = [
    Metric("elections_held", _("Elections of akims held"), rollup.COUNT, "akims"),
    Metric("turnout", _("Turnout at elections of akims"), rollup.SHARE, "akims"),
    Metric("candidates_per_election", _("Candidates per election"), rollup.AVERAGE, "akims"),
    Metric("ineligible_candidates", _("Candidates found ineligible"), rollup.COUNT, "akims", False),
    Metric("first_time_akims", _("Share of first-time akims among those elected"), rollup.SHARE, "akims"),
    Metric("self_nominated_akims", _("Share of self-nominated akims among those elected"), rollup.SHARE, "akims"),
    Metric("akim_average_age", _("Average age of elected akims"), rollup.AVERAGE, "akims"),
]

SCHOOL = [
    Metric("first_time_akims_trained", _("Share of first-time akims trained at the School of akims"),
           rollup.SHARE, "akims"),
    Metric("akims_trained", _("Akims who completed a course"), rollup.COUNT, "akims"),
]

AUDITS = [
    Metric("audit_findings", _("Audit findings"), rollup.COUNT, "audits", False),
    Metric("audit_amount", _("Amount of audit findings, ₸"), rollup.AMOUNT, "audits", False),
    Metric("findings_resolved", _("Share of audit findings resolved"), rollup.SHARE, "audits"),
    Metric("findings_overdue", _("Audit findings past their deadline"), rollup.COUNT, "audits", False),
]

PARTICIPATION = [
    Metric("contests_held", _("Project contests held"), rollup.COUNT, "participation"),
    Metric("contest_voters_per_1000", _("Voters in project contests per 1,000 residents"), rollup.PER_1000,
           "participation"),
    Metric("initiatives_opened", _("Initiatives opened for signatures"), rollup.COUNT, "participation"),
    Metric("initiatives_threshold_reached", _("Share of initiatives that reached their threshold"), rollup.SHARE,
           "participation"),
    Metric("polls_held", _("Polls of residents held"), rollup.COUNT, "participation"),
    Metric("poll_answers", _("Answers to polls"), rollup.COUNT, "participation"),
    Metric("meetings_held", _("Gatherings and assembly meetings held"), rollup.COUNT, "participation"),
    Metric("meetings_quorate", _("Share of gatherings and assembly meetings held with quorum"), rollup.SHARE,
           "participation"),
    Metric("akim_reports_held", _("Akims' yearly reports held"), rollup.COUNT, "participation"),
]

APPEALS = [
    Metric("appeals_registered", _("Appeals registered"), rollup.COUNT, "appeals", False),
    Metric("appeals_on_time", _("Share of appeals answered on time"), rollup.SHARE, "appeals"),
    Metric("appeal_rating", _("Average rating of answers to appeals (1–5)"), rollup.AVERAGE, "appeals"),
]


def residents(year: int, within: str) -> Iterable[Row]:
    """Population as registered today (the registry keeps no history), the base of 'per 1,000 residents'."""
    for code, population in communities(within=within).values_list("territory__code", "population"):
        if population:
            yield Row(code, "residents", Decimal(population))


def _budget_rollups(year: int, within: str) -> dict[str, object]:
    """The budget app's precomputed per-community roll-ups, by 6-digit prefix, one district at a time."""
    from auyl.budget.selectors import budget_rollup, rollup_children

    if len(within) == 9:
        found = budget_rollup(within[:6], year)
        return {found.prefix: found} if found else {}
    districts = sorted({code[:4] for code in communities(within=within).values_list("territory__code", flat=True)})
    return {row.prefix: row for district in districts for row, _name in rollup_children(district, year)}


def budget(year: int, within: str) -> Iterable[Row]:
    previous = _budget_rollups(year - 1, within)
    for prefix, row in _budget_rollups(year, within).items():
        code = prefix.ljust(9, "0")
        if row.expenditures:
            yield Row(code, "self_sufficiency", row.own_revenues, row.expenditures)
        if row.population:
            yield Row(code, "own_revenue_per_resident", row.own_revenues, Decimal(row.population))
        if (before := previous.get(prefix)) is not None and before.own_revenues:
            yield Row(code, "own_revenue_growth", row.own_revenues, before.own_revenues)


def elections(year: int, within: str) -> Iterable[Row]:
    for code, item in selectors.election_counts(year, within).items():
        yield Row(code, "elections_held", item["elections"])
        yield Row(code, "candidates_per_election", item["candidates"], item["elections"])
        if item["ineligible"]:
            yield Row(code, "ineligible_candidates", item["ineligible"])
        if item["voters"]:
            yield Row(code, "turnout", item["voted"], item["voters"])
    for code, item in selectors.elected_counts(year, within).items():
        yield Row(code, "first_time_akims", item["first_time"], item["elected"])
        yield Row(code, "self_nominated_akims", item["self_nominated"], item["elected"])
        yield Row(code, "akim_average_age", item["age_sum"], item["elected"])


def school(year: int, within: str) -> Iterable[Row]:
    for code, item in selectors.training_counts(year, within).items():
        if item["first_time"]:
            yield Row(code, "first_time_akims_trained", item["first_time_trained"], item["first_time"])
        if item["completed_in_year"]:
            yield Row(code, "akims_trained", item["completed_in_year"])


def audits(year: int, within: str) -> Iterable[Row]:
    for code, item in selectors.finding_counts(year, within).items():
        yield Row(code, "audit_findings", item["findings"])
        yield Row(code, "audit_amount", item["amount"])
        yield Row(code, "findings_resolved", item["resolved"], item["findings"])
        yield Row(code, "findings_overdue", item["overdue"])


def participation(year: int, within: str) -> Iterable[Row]:
    population = dict(communities(within=within).values_list("territory__code", "population"))
    contests = selectors.contest_counts(year, within)
    for code, people in population.items():
        if people:  # every community counts in "per 1,000 residents", those without a contest as 0 voters
            yield Row(code, "contest_voters_per_1000", Decimal(contests.get(code, {}).get("voters", 0)),
                      Decimal(people))
    for code, item in contests.items():
        yield Row(code, "contests_held", item["contests"])
    for code, item in selectors.initiative_counts(year, within).items():
        yield Row(code, "initiatives_opened", item["opened"])
        yield Row(code, "initiatives_threshold_reached", item["reached"], item["opened"])
    for code, item in selectors.poll_counts(year, within).items():
        yield Row(code, "polls_held", item["polls"])
        yield Row(code, "poll_answers", item["answers"])
    for code, item in selectors.meeting_counts(year, within).items():
        yield Row(code, "meetings_held", item["held"])
        yield Row(code, "meetings_quorate", item["quorate"], item["held"])
    for code, held in selectors.akim_report_counts(year, within).items():
        yield Row(code, "akim_reports_held", held)


def appeals(year: int, within: str) -> Iterable[Row]:
    for code, item in selectors.appeal_counts(year, within).items():
        yield Row(code, "appeals_registered", item["registered"])
        if item["decided"]:
            yield Row(code, "appeals_on_time", item["on_time"], item["decided"])
        if item["rated"]:
            yield Row(code, "appeal_rating", item["rating_sum"], item["rated"])


def register_all() -> None:
    register("territory", RESIDENTS, residents)
    register("budget", BUDGET, budget)
    register("oversight.elections", ELECTIONS, elections)
    register("oversight.school", SCHOOL, school)
    register("oversight.audits", AUDITS, audits)
    register("participation", PARTICIPATION, participation)
    register("appeals", APPEALS, appeals)
