"""Demo budgets: 2023–2026 for every demo community (60–200 mln ₸, own revenue 3–15 %, reference §6), past
years agreed, approved, executed and closed; 2026 in execution with an approved adjustment and, in the home
community, a second adjustment submitted to the assembly; a 2027 draft in the home community."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from auyl.budget import services, treasury
from auyl.budget.models import Budget, BudgetVersion
from auyl.territory.models import Community

YEARS = [2023, 2024, 2025, 2026]
# Shares of own revenue by code and of spending by programme, shaped on real okrug budgets (§6).
OWN_SHARES = {"104302": 35, "104402": 28, "104102": 12, "101202": 10, "104401": 5, "105430": 1, "201504": 5,
              "204108": 1, "206106": 2, "301104": 1}
TRANSFER_SHARES = {"402303": 85, "402301": 15}
SPENDING_SHARES = {"01.124.001.015": 38, "07.124.008.015": 7, "07.124.009.015": 4, "07.124.011.015": 9,
                   "07.124.014.015": 5, "08.124.006.015": 10, "12.124.013.015": 8, "12.124.045.015": 8,
                   "04.124.005.015": 3, "06.124.003.015": 2, "08.124.028.015": 1, "07.124.010.015": 1,
                   "13.124.040.015": 4}
THOUSAND = Decimal(1000)


@dataclass
class DemoDecision:
    """Stands for the assemblies app's decision on the agenda item (the contract of the services)."""

    adopted: bool
    decided_on: date
    reference: str
    community_id: int
    subject_key: str


def _thousands(value: Decimal) -> Decimal:
    return (value / THOUSAND).quantize(Decimal(1)) * THOUSAND


def _split(total: Decimal, shares: dict[str, int]) -> dict[str, Decimal]:
    """Whole thousands of tenge per key; the last key takes the rounding remainder so the sum is exact."""
    keys, weight = list(shares), sum(shares.values())
    parts = {k: _thousands(total * shares[k] / weight) for k in keys[:-1]}
    parts[keys[-1]] = total - sum(parts.values())
    return parts


def _plan(total: Decimal, own_share: Decimal) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    own = _thousands(total * own_share)
    return {**_split(own, OWN_SHARES), **_split(total - own, TRANSFER_SHARES)}, _split(total, SPENDING_SHARES)


def _rows(year: int, revenues: dict, spending: dict) -> list[tuple[str, str, int, Decimal]]:
    return ([("revenue", code, year, amount) for code, amount in revenues.items()]
            + [("expenditure", code, year, amount) for code, amount in spending.items()])


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _agree_and_approve(version: BudgetVersion, *, staff, district, submitted: date, agreed: date,
                       approved: date, minutes: str, decision: str) -> BudgetVersion:
    services.submit(version, actor=staff)
    # The demo replays past years: the submission happened on ``submitted``, not today.
    BudgetVersion.objects.filter(pk=version.pk).update(submitted_at=_moment(submitted))
    version.refresh_from_db()
    services.record_assembly_agreement(version, actor=staff, decision=DemoDecision(
        adopted=True, decided_on=agreed, reference=minutes, community_id=version.budget.community_id,
        subject_key=version.agenda_subject_key))
    return services.approve(version, actor=district, reference=decision, approved_on=approved)


def _execution_csv(year: int, revenues: dict, spending: dict, months: int, rng: random.Random) -> bytes:
    """Monthly receipts and payments: a twelfth of the plan each month, ±15 %, a year ending near 98 %."""
    rows = []
    for side, plan in (("revenue", revenues), ("expenditure", spending)):
        for code, amount in plan.items():
            for month in range(1, months + 1):
                value = (amount / 12 * Decimal(rng.uniform(0.83, 1.13))).quantize(Decimal("0.01"))
                rows.append(treasury.Row(0, year, month, side, code, value))
    return treasury.write_csv(rows).encode()


def _community_budgets(community: Community, ctx, rng: random.Random) -> None:
    users = ctx.users
    home = community.pk == ctx.home.pk
    staff = users["staff"] if home else users["admin"]
    district = users["district"] if community.district.code == "596600000" else users["admin"]
    total = Decimal(rng.randrange(60_000, 200_000)) * THOUSAND
    own_share = Decimal(rng.randrange(30, 150)) / 1000
    today = timezone.localdate()
    for year in YEARS:
        version = services.create_budget(community, year, actor=staff)
        rows = []
        for offset in range(3):
            revenues, spending = _plan(_thousands(total * (1 + Decimal("0.04") * offset)), own_share)
            rows += _rows(year + offset, revenues, spending)
        services.set_plan_rows(version, actor=staff, rows=rows)
        revenues, spending = _plan(total, own_share)
        version = _agree_and_approve(
            version, staff=staff, district=district, submitted=date(year - 1, 11, 14),
            agreed=date(year - 1, 11, 28), approved=date(year - 1, 12, 23), minutes=f"№ {rng.randint(5, 19)}",
            decision=f"№ {rng.randint(30, 60)}-{rng.randint(1, 9)}")
        version = services.start_execution(version, actor=staff)
        budget = Budget.objects.get(pk=version.budget_id)
        months = 12 if year < today.year else max(1, today.month - 1)
        services.import_execution(budget, _execution_csv(year, revenues, spending, months, rng), "demo.csv",
                                  actor=staff)
        if year < today.year:
            services.close(version, actor=staff)
        else:
            _adjust(budget, staff=staff, district=district, home=home, year=year, rng=rng)
        total = _thousands(total * Decimal(rng.randrange(104, 112)) / 100)
        own_share = min(Decimal("0.15"), own_share + Decimal(rng.randrange(0, 8)) / 1000)
    if home:
        services.create_budget(community, YEARS[-1] + 1, actor=staff)


def _adjust(budget: Budget, *, staff, district, home: bool, year: int, rng: random.Random) -> None:
    """An approved mid-year adjustment (more subvention for road repair), and in the home community a second
    one under way: land tax re-assessed, the money moved to street lighting, submitted to the assembly."""
    first = services.create_adjustment(budget, actor=staff, reason="Additional subvention for road repair")
    extra = Decimal(rng.randrange(2_000, 6_000)) * THOUSAND
    subvention = first.revenues.get(code__code="402303", year=year).amount
    roads = first.expenditures.get(line__programme__code="12.124.045.015", year=year).amount
    services.set_plan_rows(first, actor=staff, rows=[("revenue", "402303", year, subvention + extra),
                                                     ("expenditure", "12.124.045.015", year, roads + extra)])
    _agree_and_approve(first, staff=staff, district=district, submitted=date(year, 5, 12), agreed=date(year, 5, 26),
                       approved=date(year, 6, 18), minutes="№ 4", decision="№ 27-2")
    if not home:
        return
    second = services.create_adjustment(budget, actor=staff,
                                        reason="Land tax re-assessed after the inventory; more for street lighting")
    land = second.revenues.get(code__code="104302", year=year).amount
    lighting = second.expenditures.get(line__programme__code="07.124.008.015", year=year).amount
    services.set_plan_rows(second, actor=staff, rows=[("revenue", "104302", year, land + 1_500_000),
                                                      ("expenditure", "07.124.008.015", year, lighting + 1_500_000)])
    services.submit(second, actor=staff)


def build(ctx) -> None:
    if Budget.objects.filter(community__in=ctx.communities).exists():
        return
    rng = random.Random(4)
    for community in sorted(ctx.communities, key=lambda c: c.territory.code):
        _community_budgets(community, ctx, rng)
    ctx.say(f"Budgets: {Budget.objects.filter(community__in=ctx.communities).count()} for "
            f"{len(ctx.communities)} communities")
