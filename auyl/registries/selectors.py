"""Read queries on registry copies: per-community summaries for the workplace and one person's holdings."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from auyl.registries.models import LandPlot, LegalEntity, RealEstate, Source, SourceStatus, TaxAccount, Vehicle
from auyl.territory.models import Community


def statuses(community: Community) -> dict[str, SourceStatus | None]:
    """Every registry with its status for the community (None: never refreshed)."""
    found = {s.source: s for s in SourceStatus.objects.filter(community=community)}
    return {source: found.get(source) for source in Source.values}


def tax_summary(community: Community) -> list[dict]:
    """Per kind of tax: taxpayers, assessed, paid, arrears and how many owe — the base the akim can widen."""
    return list(TaxAccount.objects.filter(community=community).values("tax_kind").annotate(
        payers=Count("id"), total_assessed=Sum("assessed"), total_paid=Sum("paid"),
        total_arrears=Sum("arrears"), debtors=Count("id", filter=Q(arrears__gt=0))).order_by("tax_kind"))


def legal_entity_summary(community: Community) -> list[dict]:
    return list(LegalEntity.objects.filter(community=community).values("form").annotate(
        total=Count("id"), active=Count("id", filter=Q(is_active=True))).order_by("-total"))


def land_summary(community: Community) -> list[dict]:
    return list(LandPlot.objects.filter(community=community).values("purpose").annotate(
        plots=Count("id"), area=Sum("area_ha"), unregistered=Count("id", filter=Q(registered=False)))
        .order_by("-area"))


def real_estate_summary(community: Community) -> list[dict]:
    return list(RealEstate.objects.filter(community=community).values("kind").annotate(
        objects=Count("id"), unregistered=Count("id", filter=Q(registered=False))).order_by("-objects"))


def vehicle_summary(community: Community) -> list[dict]:
    return list(Vehicle.objects.filter(community=community).values("kind").annotate(n=Count("id")).order_by("-n"))


def holdings_of(resident) -> dict[str, list]:
    """What the registries hold about one resident (for the office's card of that person)."""
    return {
        "taxes": list(TaxAccount.objects.filter(resident=resident).order_by("-year", "tax_kind")),
        "land": list(LandPlot.objects.filter(resident=resident)),
        "real_estate": list(RealEstate.objects.filter(resident=resident)),
        "vehicles": list(Vehicle.objects.filter(resident=resident)),
    }
