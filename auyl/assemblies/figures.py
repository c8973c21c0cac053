"""Figures for the akim's yearly report, pulled from the apps that own them (budget, projects, appeals).

An app contributes a provider with :func:`register_provider`: a function ``(community, year) -> list of
(label, value)`` pairs, already localised strings. The report stores what the providers returned when drafted,
so a published report does not change when the sources do.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, Q
from django.utils.translation import gettext as _

Provider = Callable[[object, int], list[tuple[str, str]]]
_PROVIDERS: list[Provider] = []


def register_provider(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def collect(community, year: int) -> list[list[str]]:
    rows: list[list[str]] = []
    for provider in _PROVIDERS:
        rows.extend([str(label), str(value)] for label, value in provider(community, year))
    return rows


def assembly_figures(community, year: int) -> list[tuple[str, str]]:
    """This app's own figures: meetings held and decisions adopted during the year."""
    from auyl.assemblies.models import Decision, Meeting, MeetingStatus

    held = Meeting.objects.filter(body__community=community, starts_at__year=year, status__in=[
        MeetingStatus.CLOSED, MeetingStatus.SIGNED, MeetingStatus.PUBLISHED]).count()
    decisions = Decision.objects.filter(community=community, decided_on__year=year).aggregate(
        total=Count("id"), adopted=Count("id", filter=Q(adopted=True)))
    return [(_("Gatherings and assembly meetings held"), str(held)),
            (_("Decisions adopted"), f"{decisions['adopted']} / {decisions['total']}")]


def budget_figures(community, year: int) -> list[tuple[str, str]]:
    """From the budget app's precomputed roll-up of the community's budget in force for the year."""
    from auyl.budget.selectors import budget_rollup
    from auyl.web.templatetags.auyl import tenge

    rollup = budget_rollup(community.territory.prefix, year)
    if rollup is None:
        return []
    revenues = rollup.tax + rollup.non_tax + rollup.capital + rollup.transfers
    return [(_("Budget revenues"), tenge(revenues)), (_("of which own revenues"), tenge(rollup.own_revenues)),
            (_("Budget expenditures"), tenge(rollup.expenditures))]


def project_figures(community, year: int) -> list[tuple[str, str]]:
    """From the project contests: projects funded and money spent on them so far."""
    from auyl.contests.selectors import contests, projects
    from auyl.web.templatetags.auyl import tenge

    funded = [p for contest in contests(community) for p in projects(contest)]
    if not funded:
        return []
    return [(_("Residents' projects funded"), str(len(funded))),
            (_("Spent on residents' projects"), tenge(sum(p.spent for p in funded)))]


def appeal_figures(community, year: int) -> list[tuple[str, str]]:
    """From the appeals app: appeals received and answered, and those past their legal deadline (as of today)."""
    from django.utils import timezone

    from auyl.appeals.selectors import counts

    row = counts(community, today=timezone.localdate())
    if not row["total"]:
        return []
    return [(_("Appeals received"), str(row["total"])), (_("Appeals answered"), str(row["answered"])),
            (_("Appeals past their deadline"), str(row["overdue"]))]
