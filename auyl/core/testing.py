"""Test factories shared by every app's tests: a small KATO tree, users with roles, residents with valid IINs.

The tree mirrors the real classifier's shape without importing all 15,594 rows:
oblast 59 → district 5966 → communities 596644000 (home) and 596645000 (neighbour), plus a second oblast 11
→ district 1136 → community 113641000 (far away), each with settlements.

The second half is the toolkit of the role × territory permission-matrix tests (``*/tests/test_permission_matrix.py``):
each app keeps its own POLICY table — the specification — and shares the users, the policy semantics and the loop.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser

from auyl.core.permissions import can
from auyl.core.roles import Role
from auyl.people import crypto
from auyl.people.iin import make_iin
from auyl.people.models import Resident, RoleAssignment, User
from auyl.territory.models import Community, Kind, Level, Territory

PASSWORD = "correct-horse-battery"
_serials = itertools.count(1)


@dataclass
class Tree:
    oblast: Territory
    district: Territory
    home: Community
    neighbour: Community
    far: Community

    def settlement(self, community: Community | None = None) -> Territory:
        return (community or self.home).settlements().order_by("code").first()


def _unit(code: str, level: str, kind: str, name: str, parent: Territory | None, type_code: int = 2) -> Territory:
    prefix = {Level.OBLAST: code[:2], Level.DISTRICT: code[:4], Level.SUB_DISTRICT: code[:6]}.get(level, code)
    territory, _ = Territory.objects.get_or_create(code=code, defaults=dict(
        level=level, kind=kind, type_code=type_code, name_kk=name, name_ru=name, parent=parent, prefix=prefix,
        kato_version="test"))
    return territory


def _community(code: str, name: str, district: Territory, oblast: Territory, settlements: list[str]) -> Community:
    unit = _unit(code, Level.SUB_DISTRICT, Kind.RURAL_OKRUG, name, district)
    for index, settlement_name in enumerate(settlements):
        _unit(code[:6] + f"{index + 1}00", Level.SETTLEMENT, Kind.POPULATED_PLACE, settlement_name, unit)
    community, _ = Community.objects.get_or_create(
        territory=unit, defaults=dict(district=district, oblast=oblast, kind=Kind.RURAL_OKRUG, is_active=True))
    return community


def make_tree() -> Tree:
    oblast = _unit("590000000", Level.OBLAST, Kind.OBLAST, "Солтүстік Қазақстан облысы", None, 0)
    district = _unit("596600000", Level.DISTRICT, Kind.DISTRICT, "Ғабит Мүсірепов ауданы", oblast)
    far_oblast = _unit("110000000", Level.OBLAST, Kind.OBLAST, "Ақмола облысы", None, 0)
    far_district = _unit("113600000", Level.DISTRICT, Kind.DISTRICT, "Астрахан ауданы", far_oblast)
    return Tree(
        oblast=oblast,
        district=district,
        home=_community("596644000", "Көкалажар а.о.", district, oblast, ["Көкалажар", "Қаратал"]),
        neighbour=_community("596645000", "Қырымбет а.о.", district, oblast, ["Қырымбет"]),
        far=_community("113641000", "Каменка а.ә.", far_district, far_oblast, ["Каменка"]),
    )


def make_resident(community: Community, *, born: date = date(1985, 4, 12), sex: str = "M",
                  last_name: str = "Ахметов", first_name: str = "Айдар", **extra) -> tuple[Resident, str]:
    """A registry entry with a valid, unique IIN; returns the resident and the IIN in clear."""
    while True:
        iin = make_iin(born, sex, next(_serials))
        if iin and not Resident.objects.filter(iin_hash=crypto.lookup_hash(iin)).exists():
            break
    settlement = extra.pop("settlement", None) or community.settlements().order_by("code").first()
    resident = Resident.objects.create(
        community=community, settlement=settlement, iin_hash=crypto.lookup_hash(iin),
        iin_encrypted=crypto.encrypt(iin), iin_last4=iin[-4:], last_name=last_name, first_name=first_name,
        birth_date=born, sex=sex, **extra)
    return resident, iin


def make_user(username: str, *, role: str | None = None, territory: Territory | None = None,
              resident: Resident | None = None, **extra) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, contact_confirmed=True,
                                    resident=resident, **extra)
    if role:
        RoleAssignment.objects.create(user=user, role=role, territory=territory)
    return user


def make_verified_resident(community: Community, username: str, **resident_fields) -> User:
    resident, _ = make_resident(community, **resident_fields)
    return make_user(username, role=Role.RESIDENT, territory=community.territory, resident=resident)


# --- the permission matrix ------------------------------------------------------------------------------------

COMMUNITY_ROLES = (Role.RESIDENT, Role.AKIM, Role.STAFF, Role.ASSEMBLY_MEMBER)
DISTRICT_ROLES = (Role.DEPUTY, Role.AUDITOR, Role.DISTRICT_OFFICIAL)
NATIONWIDE_ROLES = (Role.NATIONAL_OBSERVER, Role.ADMIN)
ALL_ROLES = (*COMMUNITY_ROLES, *DISTRICT_ROLES, *NATIONWIDE_ROLES)
SCOPES = ("own", "other")  # the role is held in the object's own territory, or in a far one

# A POLICY cell is a set of roles allowed in the object's own territory, or one of these:
ANYONE = "*"  # anyone, even anonymous
LOGGED_IN = "authenticated"  # any logged-in user, wherever (and whether) they hold a role

Cell = tuple[str, str, str, str]  # (role, scope, key of the POLICY table, action)


def policy_allows(allowed: Iterable[str] | str, role: str | None, where: str) -> bool:
    """What a POLICY cell promises to ``role`` held ``where`` (None: anonymous). Administrators may do everything;
    a nationwide role counts as held in every territory."""
    if allowed == ANYONE or role == Role.ADMIN:
        return True
    if role is None:
        return False
    if allowed == LOGGED_IN:
        return True
    return (where == "own" or role in NATIONWIDE_ROLES) and role in allowed


def matrix_users(tree: Tree, prefix: str = "",
                 resident: Callable[[Community], Resident] | None = None) -> dict[tuple[str, str], User]:
    """One user per (role, scope): nationwide roles without a territory, district roles in ``tree.district`` or
    ``tree.far.district``, community roles in ``tree.home`` or ``tree.far``. ``resident(community)``, if given,
    makes the resident-role users verified residents of the community where they hold the role."""
    users = {}
    for role, where in itertools.product(ALL_ROLES, SCOPES):
        community = tree.home if where == "own" else tree.far
        if role in NATIONWIDE_ROLES:
            territory = None
        elif role in DISTRICT_ROLES:
            territory = community.district
        else:
            territory = community.territory
        person = resident(community) if resident and role == Role.RESIDENT else None
        users[(role, where)] = make_user(f"{prefix}{role}-{where}", role=role, territory=territory, resident=person)
    return users


def matrix_cells(policy: Mapping[str, Iterable[str]]) -> list[Cell]:
    """Every role × scope × key × action the policy lists: the cells a matrix test checks."""
    return [(role, where, key, action)
            for role, where, key in itertools.product(ALL_ROLES, SCOPES, policy) for action in policy[key]]


def matrix_mismatches(users: Mapping[tuple[str, str], Any], cells: Iterable[Cell],
                      expected: Callable[[str | None, str, str, str], bool],
                      target: Callable[[str, str], tuple[Any, str | None]]) -> list[str]:
    """The cells where ``can()`` disagrees with ``expected(role, where, key, action)``, the anonymous user's
    included (as role None, "other"). ``target(key, action)`` says what ``can()`` is asked about: the object and
    the explicit subject (None lets ``can()`` derive it from the object)."""
    cells = list(cells)
    anonymous = [(None, "other", key, action) for key, action in dict.fromkeys((c[2], c[3]) for c in cells)]
    wrong = []
    for role, where, key, action in cells + anonymous:
        obj, subject = target(key, action)
        user = AnonymousUser() if role is None else users[(role, where)]
        got = can(user, action, obj, subject=subject)
        if got != expected(role, where, key, action):
            wrong.append(f"{role or 'anonymous'}@{where} {action} {key}: got {got}")
    return wrong
