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
