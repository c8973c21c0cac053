"""Test factories shared by every app's tests: a small KATO tree, users with roles, residents with valid IINs.

The tree mirrors the real classifier's shape without importing all 15,594 rows:
oblast 59 → district 5966 → communities 596644000 (home) and 596645000 (neighbour), plus a second oblast 11
→ district 1136 → community 113641000 (far away), each with settlements.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

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
    from auyl.core.roles import Role

    resident, _ = make_resident(community, **resident_fields)
    return make_user(username, role=Role.RESIDENT, territory=community.territory, resident=resident)
