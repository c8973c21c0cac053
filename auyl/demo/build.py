"""Builds the demo on the real KATO classifier.

Core part here (territories, residents, accounts per role); each domain app may add its own demo data in
``auyl/<app>/demo.py`` with ``build(ctx: DemoContext)``, run in the order of ``DEMO_APPS``.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TextIO

from django.db import transaction

from auyl.core.roles import Role
from auyl.demo import names
from auyl.people import crypto
from auyl.people.iin import make_iin
from auyl.people.models import Resident, RoleAssignment, User
from auyl.people.services import refresh_population
from auyl.territory.models import Community, Level, Territory
from auyl.territory.services import import_kato

DEMO_PASSWORD = "auyl-demo-2026"
# Three rural okrugs of the district named after Gabit Musrepov (North Kazakhstan) and one village (Akmola).
DEMO_COMMUNITIES = ["596644000", "596645000", "596649000", "113641000"]
HOME_COMMUNITY = "596644000"  # Кокалажар а.о.
DISTRICT = "596600000"
DEMO_APPS = ["budget", "contests", "assemblies", "initiatives", "appeals", "registries", "workplace", "insight",
             "oversight"]

# (username, role, territory code or None for nationwide) — documented in README.md.
OFFICIAL_ACCOUNTS = [
    ("akim", Role.AKIM, HOME_COMMUNITY),
    ("staff", Role.STAFF, HOME_COMMUNITY),
    ("staff2", Role.STAFF, HOME_COMMUNITY),
    ("assembly", Role.ASSEMBLY_MEMBER, HOME_COMMUNITY),
    ("deputy", Role.DEPUTY, DISTRICT),
    ("auditor", Role.AUDITOR, DISTRICT),
    ("district", Role.DISTRICT_OFFICIAL, DISTRICT),
    ("observer", Role.NATIONAL_OBSERVER, None),
]
RESIDENT_ACCOUNTS = 5  # +77010000001 … +77010000005, verified residents of the home community


@dataclass
class DemoContext:
    communities: list[Community]
    home: Community
    users: dict[str, User]
    rng: random.Random
    stdout: TextIO | None = None
    extra: dict = field(default_factory=dict)

    def say(self, message: str) -> None:
        if self.stdout:
            print(message, file=self.stdout, flush=True)


def demo_exists() -> bool:
    return User.objects.filter(username="akim").exists()


def _residents_for(community: Community, count: int, rng: random.Random, serials: set[str]) -> list[Resident]:
    settlements = list(community.settlements().filter(code__endswith="00")) or list(community.settlements())
    if not settlements:
        settlements = [community.territory]
    weights = [max(1, 10 - i * 3) for i in range(len(settlements))]
    residents = []
    while len(residents) < count:
        sex = rng.choice("MF")
        russian = rng.random() < 0.3
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 85))
        iin = make_iin(born, sex, rng.randrange(10000))
        if iin is None or iin in serials:
            continue
        serials.add(iin)
        given = rng.choice((names.MALE_RU if sex == "M" else names.FEMALE_RU) if russian
                           else (names.MALE_KK if sex == "M" else names.FEMALE_KK))
        surname = rng.choice(names.SURNAMES_RU if russian else names.SURNAMES_KK)
        settlement = rng.choices(settlements, weights=weights)[0]
        residents.append(Resident(
            community=community, settlement=settlement, iin_hash=crypto.lookup_hash(iin),
            iin_encrypted=crypto.encrypt(iin), iin_last4=iin[-4:], last_name=surname if sex == "M"
            else names.feminine(surname), first_name=given, birth_date=born, sex=sex,
            address=f"{settlement.name_ru}, {rng.choice(names.STREETS)} {rng.randint(1, 80)}",
            is_excluded=rng.random() < 0.003,
        ))
    return residents


def _account(username: str, **extra) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"contact_confirmed": True, **extra})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


@transaction.atomic
def build_core(rng: random.Random, residents_per_community: int | None, stdout: TextIO | None) -> DemoContext:
    if not Territory.objects.filter(level=Level.OBLAST).exists():
        result = import_kato()
        if stdout:
            print(f"KATO imported: {result.counts}", file=stdout, flush=True)
    communities = list(Community.objects.filter(territory__code__in=DEMO_COMMUNITIES).select_related("territory"))
    serials: set[str] = set()
    for community in communities:
        if community.residents.exists():
            continue
        count = residents_per_community or rng.randint(1800, 3200)
        Resident.objects.bulk_create(_residents_for(community, count, rng, serials), batch_size=1000)
    Community.objects.filter(pk__in=[c.pk for c in communities]).update(is_active=True)
    refresh_population()
    for c in communities:
        c.refresh_from_db()
    users: dict[str, User] = {}
    admin = _account("admin", is_staff=True, is_superuser=True)
    users["admin"] = admin
    territories = {t.code: t for t in Territory.objects.filter(code__in=[*DEMO_COMMUNITIES, DISTRICT])}
    for username, role, code in OFFICIAL_ACCOUNTS:
        user = _account(username)
        RoleAssignment.objects.get_or_create(user=user, role=role, territory=territories.get(code) if code else None)
        users[username] = user
    home = next(c for c in communities if c.territory.code == HOME_COMMUNITY)
    adults = list(home.residents.filter(birth_date__lte=date(2000, 1, 1)).order_by("id")[:RESIDENT_ACCOUNTS])
    for index, resident in enumerate(adults, start=1):
        user = _account(f"+7701000000{index}", phone=f"+7701000000{index}", resident=resident)
        RoleAssignment.objects.get_or_create(user=user, role=Role.RESIDENT, territory=home.territory)
        users[f"resident{index}"] = user
    return DemoContext(communities=communities, home=home, users=users, rng=rng, stdout=stdout)


def build_demo(
    *, stdout: TextIO | None = None, residents_per_community: int | None = None, seed: int = 2026
) -> DemoContext:
    rng = random.Random(seed)
    ctx = build_core(rng, residents_per_community, stdout)
    ctx.say(f"Residents: {sum(c.population for c in ctx.communities)} in {len(ctx.communities)} communities")
    for app in DEMO_APPS:
        try:
            module = importlib.import_module(f"auyl.{app}.demo")
        except ModuleNotFoundError as error:
            if error.name == f"auyl.{app}.demo":
                continue
            raise
        with transaction.atomic():
            module.build(ctx)
        ctx.say(f"Demo data added: {app}")
    ctx.say(f"Demo ready. Accounts: see README.md (password: {DEMO_PASSWORD})")
    return ctx
