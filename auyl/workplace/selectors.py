"""The akim's morning page: every figure of one community, each from one aggregate query (the page's query
count does not grow with the community's size)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum

from auyl.appeals import selectors as appeals
from auyl.people.models import Resident
from auyl.registries import selectors as registries
from auyl.territory.models import Community
from auyl.workplace import integrations
from auyl.workplace.models import (
    AdministrativeFine,
    DocumentState,
    FineStatus,
    Household,
    LandscapingTask,
    MunicipalProperty,
    TaskStatus,
    TradePlace,
)

URGENT_ROWS = 8


@dataclass
class SettlementRow:
    code: str
    name: str
    residents: int = 0
    adults: int = 0
    households: int = 0
    members: int = 0
    cattle: int = 0
    sheep_goats: int = 0
    horses: int = 0


@dataclass
class Morning:
    community: Community
    today: date
    settlements: list[SettlementRow]
    totals: SettlementRow
    appeals: dict
    overdue: list
    near: list
    appeals_by_category: list
    agency_requests: dict
    receptions: list
    reception_this_month: bool
    sources: dict
    taxes: list
    legal_entities: list
    land: list
    real_estate: list
    vehicles: list
    property: dict
    fines: list
    fines_total: dict
    trade: dict
    landscaping: dict
    tasks_overdue: list
    budget: Any = None
    programme: Any = None
    indicators: list = field(default_factory=list)


def _adult_cutoff(today: date) -> date:
    try:
        return today.replace(year=today.year - 18)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 18, day=28)


def settlement_rows(community: Community, today: date) -> tuple[list[SettlementRow], SettlementRow]:
    """Residents (from the population registry) and households (from the household register) per settlement."""
    rows = {t.id: SettlementRow(t.code, t.name) for t in community.settlements().order_by("code")}
    people = (Resident.objects.filter(community=community, is_registered=True).values("settlement_id")
              .annotate(n=Count("id"), adults=Count("id", filter=Q(birth_date__lte=_adult_cutoff(today))))
              .order_by())
    for item in people:
        row = rows.setdefault(item["settlement_id"], SettlementRow("", "—"))
        row.residents, row.adults = item["n"], item["adults"]
    households = (Household.objects.filter(community=community).values("settlement_id")
                  .annotate(n=Count("id"), members=Sum("members"), cattle=Sum("cattle"),
                            sheep_goats=Sum("sheep_goats"), horses=Sum("horses")).order_by())
    for item in households:
        row = rows.setdefault(item["settlement_id"], SettlementRow("", "—"))
        row.households, row.members = item["n"], item["members"] or 0
        row.cattle, row.sheep_goats, row.horses = item["cattle"] or 0, item["sheep_goats"] or 0, item["horses"] or 0
    listed = [row for row in rows.values() if row.residents or row.households or row.code]
    totals = SettlementRow("", "")
    for attribute in ("residents", "adults", "households", "members", "cattle", "sheep_goats", "horses"):
        setattr(totals, attribute, sum(getattr(row, attribute) for row in listed))
    return listed, totals


def _property(community: Community) -> dict:
    return MunicipalProperty.objects.filter(community=community).aggregate(
        total=Count("id"), registered=Count("id", filter=Q(document_state=DocumentState.REGISTERED)),
        in_progress=Count("id", filter=Q(document_state=DocumentState.IN_PROGRESS)),
        without=Count("id", filter=Q(document_state=DocumentState.NONE)), value=Sum("book_value"))


def _fines(community: Community, year: int) -> tuple[list, dict]:
    qs = AdministrativeFine.objects.filter(community=community, issued_on__year=year).exclude(
        status=FineStatus.CANCELLED)
    by_article = list(qs.values("article").annotate(n=Count("id"), amount=Sum("amount"), paid_total=Sum("paid"))
                      .order_by("-n"))
    total = {"n": sum(r["n"] for r in by_article), "amount": sum(r["amount"] or 0 for r in by_article),
             "paid": sum(r["paid_total"] or 0 for r in by_article)}
    return by_article, total


def _trade(community: Community, today: date) -> dict:
    return TradePlace.objects.filter(community=community).aggregate(
        total=Count("id"), occupied=Count("id", filter=~Q(holder="")),
        expired=Count("id", filter=~Q(holder="") & Q(permit_until__lt=today)), fees=Sum("monthly_fee"))


def _landscaping(community: Community, today: date) -> tuple[dict, list]:
    qs = LandscapingTask.objects.filter(community=community)
    summary = qs.aggregate(planned=Count("id", filter=Q(status=TaskStatus.PLANNED)),
                           in_progress=Count("id", filter=Q(status=TaskStatus.IN_PROGRESS)),
                           done=Count("id", filter=Q(status=TaskStatus.DONE)),
                           overdue=Count("id", filter=~Q(status=TaskStatus.DONE) & Q(due_on__lt=today)))
    late = list(qs.filter(~Q(status=TaskStatus.DONE), due_on__lt=today).select_related("settlement")[:URGENT_ROWS])
    return summary, late


def morning(community: Community, *, today: date) -> Morning:
    """Everything the akim and staff look at every morning, for one community."""
    settlements, totals = settlement_rows(community, today)
    receptions = list(appeals.receptions(community, since=today.replace(day=1))[:4])
    fines, fines_total = _fines(community, today.year)
    landscaping, tasks_overdue = _landscaping(community, today)
    programme = integrations.development_programme(community)
    indicators = [(goal, indicator) for goal in programme.goals.all() for indicator in goal.indicators.all()] \
        if programme is not None else []
    return Morning(
        community=community, today=today, settlements=settlements, totals=totals,
        appeals=appeals.counts(community, today=today),
        overdue=list(appeals.queue(community, today=today, due="overdue")[:URGENT_ROWS]),
        near=list(appeals.queue(community, today=today, due="near")[:URGENT_ROWS]),
        appeals_by_category=appeals.by_category(community, today=today)[:URGENT_ROWS],
        agency_requests=appeals.agency_request_counts(community, today=today),
        receptions=[r for r in receptions if r.day >= today],
        reception_this_month=any(r.day.month == today.month and r.day.year == today.year for r in receptions),
        sources=registries.statuses(community), taxes=registries.tax_summary(community),
        legal_entities=registries.legal_entity_summary(community), land=registries.land_summary(community),
        real_estate=registries.real_estate_summary(community), vehicles=registries.vehicle_summary(community),
        property=_property(community), fines=fines, fines_total=fines_total, trade=_trade(community, today),
        landscaping=landscaping, tasks_overdue=tasks_overdue,
        budget=integrations.budget_execution(community, today.year), programme=programme, indicators=indicators,
    )


def person(community: Community, resident_id: int) -> tuple[Resident, dict]:
    """One resident's card for the office: registry holdings, households headed, appeals, fines."""
    resident = Resident.objects.select_related("settlement", "community__territory").get(
        pk=resident_id, community=community)
    holdings = registries.holdings_of(resident)
    holdings["households"] = list(Household.objects.filter(head=resident).select_related("settlement"))
    holdings["fines"] = list(AdministrativeFine.objects.filter(offender=resident))
    holdings["appeals"] = list(appeals.of_resident(resident))
    return resident, holdings
