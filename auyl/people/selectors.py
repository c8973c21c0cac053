"""Read queries about people and roles."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from auyl.people.models import Resident, RoleAssignment, User


def active_role_scopes(user: User, *, today: date | None = None) -> list[tuple[str, str]]:
    """(role, KATO prefix) for every role the user holds today; '' as prefix means nationwide."""
    today = today or date.today()
    rows = (
        RoleAssignment.objects.filter(user=user)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("role", "territory__prefix")
    )
    return [(role, prefix or "") for role, prefix in rows]


def residents_of(community_id: int) -> QuerySet[Resident]:
    return Resident.objects.filter(community_id=community_id).select_related("settlement")


def adult_members(community_id: int, *, on: date | None = None) -> QuerySet[Resident]:
    """Members of the local community entitled to take part in a gathering: adult, registered, not excluded."""
    on = on or date.today()
    try:
        cutoff = on.replace(year=on.year - 18)
    except ValueError:  # 29 February
        cutoff = on.replace(year=on.year - 18, day=28)
    return Resident.objects.filter(
        community_id=community_id, is_registered=True, is_excluded=False, birth_date__lte=cutoff
    )


def residents_visible_to(user: User) -> QuerySet[Resident]:
    """Registry entries of the communities where the user is akim or staff (admins: all)."""
    from auyl.core.permissions import is_platform_admin, role_scopes
    from auyl.core.roles import Role

    qs = Resident.objects.select_related("settlement", "community__territory")
    if is_platform_admin(user, None):
        return qs
    prefixes = [prefix for role, prefix in role_scopes(user) if role in (Role.AKIM, Role.STAFF)]
    if not prefixes:
        return qs.none()
    condition = Q()
    for prefix in prefixes:
        condition |= Q(community__territory__code__startswith=prefix)
    return qs.filter(condition)
