"""Read queries about territories and communities."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from auyl.territory.models import Community, Level, Territory


def communities(*, search: str = "", within: str = "", active_only: bool = False) -> QuerySet[Community]:
    """Communities, optionally under a KATO prefix and matching a name in Kazakh or Russian."""
    qs = Community.objects.select_related("territory", "district", "oblast")
    if within:
        qs = qs.filter(territory__code__startswith=within)
    if search:
        qs = qs.filter(Q(territory__name_kk__icontains=search) | Q(territory__name_ru__icontains=search)
                       | Q(territory__code__startswith=search))
    if active_only:
        qs = qs.filter(is_active=True)
    return qs


def community_by_code(code: str) -> Community:
    return Community.objects.select_related("territory", "district", "oblast").get(territory__code=code)


def settlements_of(community: Community) -> QuerySet[Territory]:
    return community.settlements().order_by("code")


def oblasts() -> QuerySet[Territory]:
    return Territory.objects.filter(level=Level.OBLAST)
