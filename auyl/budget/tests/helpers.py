"""Test helpers: a decision object standing for the assemblies app's, and budgets in each state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from auyl.budget import services
from auyl.budget.models import Budget, BudgetVersion

# A small but realistic budget (tenge): 3 taxes, one non-tax, a subvention; five programmes.
REVENUES = {"104302": "2500000.00", "104402": "1800000.00", "101202": "700000.00", "201504": "300000.00",
            "402303": "94700000.00"}
SPENDING = {"01.124.001.015": "52000000.00", "07.124.008.015": "9000000.00", "07.124.011.015": "14000000.00",
            "08.124.006.015": "11000000.00", "12.124.013.015": "14000000.00"}
REVENUE_TOTAL = sum(Decimal(v) for v in REVENUES.values())  # 100 000 000
SPENDING_TOTAL = sum(Decimal(v) for v in SPENDING.values())  # 100 000 000


@dataclass
class Decision:
    """Stands for auyl.assemblies' decision on an agenda item (the contract of record_assembly_agreement)."""

    adopted: bool
    decided_on: date
    reference: str
    community_id: int
    subject_key: str


def decision_for(version: BudgetVersion, *, adopted: bool = True, **changes) -> Decision:
    values = dict(adopted=adopted, decided_on=timezone.localdate(), reference="№ 7",
                  community_id=version.budget.community_id, subject_key=version.agenda_subject_key)
    values.update(changes)
    return Decision(**values)


def fill(version: BudgetVersion, actor, *, scale: Decimal = Decimal(1), years=None) -> None:
    rows = []
    for year in years or version.budget.years:
        rows += [("revenue", code, year, Decimal(amount) * scale) for code, amount in REVENUES.items()]
        rows += [("expenditure", code, year, Decimal(amount) * scale) for code, amount in SPENDING.items()]
    services.set_plan_rows(version, actor=actor, rows=rows)


def drafted(community, year, staff) -> BudgetVersion:
    version = services.create_budget(community, year, actor=staff)
    fill(version, staff)
    return version


def agreed(community, year, staff, recorder=None) -> BudgetVersion:
    version = drafted(community, year, staff)
    services.submit(version, actor=staff)
    return services.record_assembly_agreement(version, decision=decision_for(version), actor=recorder or staff)


def approved(community, year, staff, district, *, execute: bool = True) -> BudgetVersion:
    version = agreed(community, year, staff)
    version = services.approve(version, actor=district, reference="№ 42-3")
    if execute:
        version = services.start_execution(version, actor=staff)
    return version


def budget_of(version: BudgetVersion) -> Budget:
    return Budget.objects.get(pk=version.budget_id)
