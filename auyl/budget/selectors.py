"""Read queries of the budget, for pages, PDF, open data, the API and other apps (assemblies agenda, contests,
workplace, oversight). Every function issues a fixed number of queries, whatever the number of lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch, Q, QuerySet, Sum
from django.utils.translation import get_language

from auyl.budget import maths
from auyl.budget.models import (
    Budget,
    BudgetVersion,
    ExecutionEntry,
    ExpenditurePlan,
    RevenueCode,
    RevenueKind,
    RevenuePlan,
    Rollup,
    SpendingDirection,
    SpendingLine,
    State,
)
from auyl.budget.rules import READER_ROLES
from auyl.budget.treasury import Row
from auyl.core.permissions import is_platform_admin, role_scopes
from auyl.territory.models import Community, Territory

ZERO = maths.ZERO


# --- for other apps ----------------------------------------------------------------------------------


def versions_awaiting_assembly(community: Community) -> QuerySet[BudgetVersion]:
    """Versions submitted to this community's assembly and not yet decided: the assemblies agenda offers
    them; an adopted item calls ``services.record_assembly_agreement(version, decision=..., actor=...)``."""
    return (BudgetVersion.objects.filter(budget__community=community, state=State.SUBMITTED)
            .select_related("budget__community__territory").order_by("budget__first_year", "number"))


def programme_lines(community: Community) -> QuerySet[SpendingLine]:
    """The community's current spending lines: those with money in its latest budget in force (contests
    link a contest's money to one of them)."""
    budget = (Budget.objects.filter(community=community, in_force__isnull=False)
              .order_by("-first_year").first())
    if budget is None:
        return SpendingLine.objects.none()
    return (SpendingLine.objects.filter(plans__version_id=budget.in_force_id, plans__year=budget.first_year)
            .select_related("programme__direction").distinct().order_by("programme__code"))


def budget_rollup(prefix: str, year: int) -> Rollup | None:
    """Precomputed indicators under a KATO prefix ('' country, 2 oblast, 4 district, 6 community digits)."""
    return Rollup.objects.filter(prefix=prefix, year=year).first()


def rollup_children(prefix: str, year: int) -> list[tuple[Rollup, str]]:
    """The roll-ups one level below ``prefix`` with the names of their territories, in code order."""
    depth = {0: 2, 2: 4, 4: 6}.get(len(prefix))
    if depth is None:
        return []
    rows = list(Rollup.objects.filter(year=year, depth=depth, prefix__startswith=prefix).order_by("prefix"))
    names = dict(Territory.objects.filter(code__in=[r.territory_code for r in rows])
                 .values_list("code", "name_kk" if _kazakh() else "name_ru"))
    return [(row, names.get(row.territory_code, row.prefix)) for row in rows]


def rollup_years() -> list[int]:
    return list(Rollup.objects.filter(depth=0).order_by("-year").values_list("year", flat=True))


def _kazakh() -> bool:
    return (get_language() or "kk").startswith("kk")


# --- execution ---------------------------------------------------------------------------------------


@dataclass
class LineExecution:
    label: str
    code: str
    plan: Decimal
    fact: Decimal
    line: SpendingLine | None = None

    @property
    def share_done(self) -> Decimal | None:
        return maths.ratio(self.fact, self.plan)


@dataclass
class ExecutionSummary:
    """Plan vs fact of the planned year of a budget in force: totals, per line and per month."""

    year: int
    revenue_plan: Decimal = ZERO
    revenue_fact: Decimal = ZERO
    spending_plan: Decimal = ZERO
    spending_fact: Decimal = ZERO
    revenues: list[LineExecution] = field(default_factory=list)
    lines: list[LineExecution] = field(default_factory=list)
    months: list[tuple[int, Decimal, Decimal]] = field(default_factory=list)  # (month, received, paid)

    @property
    def revenue_done(self) -> Decimal | None:
        return maths.ratio(self.revenue_fact, self.revenue_plan)

    @property
    def spending_done(self) -> Decimal | None:
        return maths.ratio(self.spending_fact, self.spending_plan)


def budget_in_force(community: Community, year: int) -> Budget | None:
    return (Budget.objects.filter(community=community, first_year=year, in_force__isnull=False)
            .select_related("in_force", "community__territory").first())


def execution_summary(community: Community, year: int) -> ExecutionSummary | None:
    """Plan vs fact for the workplace and the citizen page; None when no budget for ``year`` is in force."""
    budget = budget_in_force(community, year)
    if budget is None:
        return None
    summary = ExecutionSummary(year=year)
    version = budget.in_force
    facts = ExecutionEntry.objects.filter(budget=budget)
    revenue_fact = dict(facts.filter(revenue_code__isnull=False).values("revenue_code_id")
                        .annotate(s=Sum("amount")).values_list("revenue_code_id", "s"))
    line_fact = dict(facts.filter(line__isnull=False).values("line_id").annotate(s=Sum("amount"))
                     .values_list("line_id", "s"))
    for row in version.revenues.filter(year=year).select_related("code").order_by("code__code"):
        summary.revenues.append(LineExecution(row.code.name, row.code.code, row.amount,
                                              revenue_fact.get(row.code_id, ZERO)))
    for row in version.expenditures.filter(year=year).select_related("line__programme").order_by(
            "line__programme__code"):
        summary.lines.append(LineExecution(row.line.programme.name, row.line.programme.code, row.amount,
                                           line_fact.get(row.line_id, ZERO), row.line))
    summary.revenue_plan = sum((r.plan for r in summary.revenues), ZERO)
    summary.spending_plan = sum((r.plan for r in summary.lines), ZERO)
    summary.revenue_fact = sum(revenue_fact.values(), ZERO)
    summary.spending_fact = sum(line_fact.values(), ZERO)
    received = dict(facts.filter(revenue_code__isnull=False).values_list("month").annotate(s=Sum("amount"))
                    .order_by())
    paid = dict(facts.filter(line__isnull=False).values_list("month").annotate(s=Sum("amount")).order_by())
    summary.months = [(m, received.get(m, ZERO), paid.get(m, ZERO)) for m in sorted(set(received) | set(paid))]
    return summary


def execution_rows(budget: Budget) -> list:
    """Every execution entry of a budget as treasury rows (the export that imports back unchanged)."""
    rows = []
    entries = (ExecutionEntry.objects.filter(budget=budget).select_related("revenue_code", "line__programme")
               .order_by("month", "revenue_code__code", "line__programme__code"))
    for entry in entries:
        side, code = (("revenue", entry.revenue_code.code) if entry.revenue_code_id
                      else ("expenditure", entry.line.programme.code))
        rows.append(Row(0, budget.first_year, entry.month, side, code, entry.amount))
    rows.sort(key=lambda r: (r.month, r.side == "expenditure", r.code))
    return rows


# --- the citizen budget ------------------------------------------------------------------------------


@dataclass
class Slice:
    key: str
    label: str
    amount: Decimal
    share: Decimal | None = None
    previous: Decimal | None = None

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.amount - self.previous


@dataclass
class CitizenBudget:
    community: Community
    year: int
    budget: Budget
    version: BudgetVersion
    headline: maths.Headline
    indicators: maths.Indicators
    sources: list[Slice]  # revenue by kind
    taxes: list[Slice]
    spending: list[Slice]  # by direction, with last year's figure
    previous_headline: maths.Headline | None
    adjustments: list[BudgetVersion]
    execution: ExecutionSummary | None


def _plan_totals(version: BudgetVersion, year: int) -> tuple[dict[str, Decimal], dict[int, Decimal]]:
    revenue = dict(RevenuePlan.objects.filter(version=version, year=year).values("code__code")
                   .annotate(s=Sum("amount")).values_list("code__code", "s"))
    spending = dict(ExpenditurePlan.objects.filter(version=version, year=year)
                    .values("line__programme__direction__number").annotate(s=Sum("amount"))
                    .values_list("line__programme__direction__number", "s"))
    return revenue, spending


def citizen_budget(community: Community, year: int) -> CitizenBudget | None:
    """Everything the public page and the PDF show for the budget in force of ``year``."""
    budget = budget_in_force(community, year)
    if budget is None:
        return None
    version = budget.in_force
    revenue, spending = _plan_totals(version, year)
    figures = maths.headline(revenue, spending.values(), net_lending=version.net_lending,
                             financial_assets=version.financial_assets)
    previous_budget = budget_in_force(community, year - 1)
    previous_revenue, previous_spending, previous_headline = {}, {}, None
    if previous_budget:
        previous_revenue, previous_spending = _plan_totals(previous_budget.in_force, year - 1)
        previous_headline = maths.headline(previous_revenue, previous_spending.values())
    totals = maths.Totals(communities=1, population=community.population)
    for code, amount in revenue.items():
        totals.add_revenue(code, amount)
    totals.expenditures = figures.expenditures
    indicators = maths.indicators(totals, year, previous_headline.own_revenues if previous_headline else None)
    names = {c.code: c for c in RevenueCode.objects.filter(code__in=revenue)}
    directions = {d.number: d for d in SpendingDirection.objects.filter(number__in=[*spending, *previous_spending])}
    kinds = {maths.TAX: figures.tax, maths.NON_TAX: figures.non_tax, maths.CAPITAL: figures.capital,
             maths.TRANSFER: figures.transfers}
    kind_shares = maths.shares(kinds)
    sources = [Slice(kind, str(RevenueKind(kind).label), amount, kind_shares.get(kind))
               for kind, amount in kinds.items() if amount]
    taxes = [Slice(code, names[code].name, amount, indicators.tax_shares.get(code))
             for code, amount in sorted(revenue.items()) if code[0] == "1"]
    spending_shares = maths.shares({str(k): v for k, v in spending.items()})
    spending_slices = [
        Slice(str(number), directions[number].name, spending.get(number, ZERO), spending_shares.get(str(number)),
              previous_spending.get(number, ZERO) if previous_budget else None)
        for number in sorted(set(spending) | set(previous_spending))]
    spending_slices.sort(key=lambda s: -s.amount)
    adjustments = list(budget.versions.filter(number__gt=1).exclude(state=State.DRAFT).order_by("number"))
    return CitizenBudget(
        community=community, year=year, budget=budget, version=version, headline=figures, indicators=indicators,
        sources=sources, taxes=taxes, spending=spending_slices, previous_headline=previous_headline,
        adjustments=adjustments, execution=execution_summary(community, year))


def published_years(community: Community) -> list[int]:
    return list(Budget.objects.filter(community=community, in_force__isnull=False).order_by("-first_year")
                .values_list("first_year", flat=True))


# --- the akim's office and the district ------------------------------------------------------------


def budgets_of(community: Community) -> QuerySet[Budget]:
    return (Budget.objects.filter(community=community).select_related("in_force")
            .prefetch_related(Prefetch("versions", queryset=BudgetVersion.objects.order_by("number"))))


def version_with_rows(pk: int) -> BudgetVersion:
    return (BudgetVersion.objects.select_related("budget__community__territory", "parent")
            .prefetch_related(
                Prefetch("revenues", queryset=RevenuePlan.objects.select_related("code").order_by("code__code",
                                                                                                  "year")),
                Prefetch("expenditures", queryset=ExpenditurePlan.objects.select_related("line__programme")
                         .order_by("line__programme__code", "year")))
            .get(pk=pk))


def plan_table(version: BudgetVersion) -> tuple[list[tuple], list[tuple]]:
    """(code, name, [amount per year]) rows of a version prefetched by :func:`version_with_rows`."""
    years = version.budget.years

    def table(rows, key, label):
        grid: dict[str, dict[int, Decimal]] = {}
        labels: dict[str, str] = {}
        for row in rows:
            grid.setdefault(key(row), {})[row.year] = row.amount
            labels[key(row)] = label(row)
        return [(code, labels[code], [grid[code].get(y) for y in years]) for code in sorted(grid)]

    return (table(version.revenues.all(), lambda r: r.code.code, lambda r: r.code.name),
            table(version.expenditures.all(), lambda r: r.line.programme.code, lambda r: r.line.programme.name))


def versions_visible_to(user) -> QuerySet[BudgetVersion]:
    """Versions the user may read: public ones everywhere, drafts only where the user holds a budget role."""
    qs = BudgetVersion.objects.select_related("budget__community__territory")
    if is_platform_admin(user, None):
        return qs
    readers = {str(r) for r in READER_ROLES}
    prefixes = [prefix for role, prefix in role_scopes(user) if role in readers]
    condition = ~Q(state=State.DRAFT)
    for prefix in prefixes:
        condition |= Q(budget__community__territory__code__startswith=prefix)
    return qs.filter(condition)


# --- open data ---------------------------------------------------------------------------------------


OPEN_DATA_FIELDS = [
    "kato", "community_kk", "community_ru", "budget_year", "version", "approved_on", "fiscal_year", "direction",
    "code", "name_kk", "name_ru", "name_en", "revenue_kind", "own_revenue", "spending_direction",
    "functional_group", "administrator", "programme", "subprogramme", "planned", "executed",
]


def open_data_rows(*, territory: str = "", year: int | None = None, code: str = "") -> list[dict]:
    """Plan rows (all three years) of every budget in force, with the amount executed in its planned year.
    Only classification, amounts and official references: never personal data."""
    in_force = {"version": F("version__budget__in_force")}
    revenue = RevenuePlan.objects.filter(**in_force).select_related("code", "version__budget__community__territory")
    spending = ExpenditurePlan.objects.filter(**in_force).select_related(
        "line__programme__direction", "version__budget__community__territory")
    if territory:
        revenue = revenue.filter(version__budget__community__territory__code__startswith=territory)
        spending = spending.filter(version__budget__community__territory__code__startswith=territory)
    if year:
        revenue = revenue.filter(version__budget__first_year=year)
        spending = spending.filter(version__budget__first_year=year)
    if code:
        revenue = revenue.filter(code__code__startswith=code)
        spending = spending.filter(line__programme__code__startswith=code)
    executed_revenue, executed_lines = _executed(territory, year)
    rows = []
    for r in revenue.order_by("version__budget__community__territory__code", "version__budget__first_year",
                              "year", "code__code"):
        budget = r.version.budget
        executed = executed_revenue.get((budget.pk, r.code_id)) if r.year == budget.first_year else None
        rows.append(_row(r.version, r.year, "revenue", r.code, r.amount, executed, revenue_kind=r.code.kind,
                         own_revenue=r.code.is_own))
    for e in spending.order_by("version__budget__community__territory__code", "version__budget__first_year",
                               "year", "line__programme__code"):
        budget = e.version.budget
        programme = e.line.programme
        executed = executed_lines.get((budget.pk, e.line_id)) if e.year == budget.first_year else None
        rows.append(_row(e.version, e.year, "expenditure", programme, e.amount, executed,
                         spending_direction=programme.direction.number, functional_group=programme.functional_group,
                         administrator=programme.administrator, programme=programme.programme,
                         subprogramme=programme.subprogramme))
    rows.sort(key=lambda r: (r["kato"], r["budget_year"], r["fiscal_year"], r["direction"] != "revenue", r["code"]))
    return rows


def _executed(territory: str, year: int | None) -> tuple[dict, dict]:
    facts = ExecutionEntry.objects.filter(budget__in_force__isnull=False)
    if territory:
        facts = facts.filter(budget__community__territory__code__startswith=territory)
    if year:
        facts = facts.filter(budget__first_year=year)
    revenue = {(b, c): s for b, c, s in facts.filter(revenue_code__isnull=False)
               .values_list("budget_id", "revenue_code_id").annotate(s=Sum("amount")).order_by()}
    lines = {(b, c): s for b, c, s in facts.filter(line__isnull=False)
             .values_list("budget_id", "line_id").annotate(s=Sum("amount")).order_by()}
    return revenue, lines


def _row(version: BudgetVersion, year: int, direction: str, entry, amount: Decimal, executed: Decimal | None,
         **extra) -> dict:
    territory = version.budget.community.territory
    row = dict.fromkeys(OPEN_DATA_FIELDS, None)
    row.update(kato=territory.code, community_kk=territory.name_kk, community_ru=territory.name_ru,
               budget_year=version.budget.first_year, version=version.number,
               approved_on=version.approved_on.isoformat() if version.approved_on else None, fiscal_year=year,
               direction=direction, code=entry.code, name_kk=entry.name_kk, name_ru=entry.name_ru,
               name_en=entry.name_en, planned=f"{amount:.2f}",
               executed=f"{executed or ZERO:.2f}" if year == version.budget.first_year else None, **extra)
    return row
