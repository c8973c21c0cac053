"""Budget arithmetic with no Django: headline indicators of a budget decision and the Concept's indicators.

Everything is exact ``Decimal``; ratios are rounded half-even to four places (0.01 %), money to the tiyn.
Used by the services (validation), the selectors (pages) and the roll-up task, so a figure is computed once
and the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

ZERO = Decimal("0")
MONEY = Decimal("0.01")
RATIO = Decimal("0.0001")

# Revenue kinds follow the first digit of the budget-classification code (category).
TAX, NON_TAX, CAPITAL, TRANSFER = "tax", "non_tax", "capital", "transfer"
KIND_BY_CATEGORY = {"1": TAX, "2": NON_TAX, "3": CAPITAL, "4": TRANSFER}

# Concept of local self-government development to 2025 (Decree No. 639): target self-sufficiency of
# 4th-level budgets, own revenues / total expenditures. The 2025 target stands for later years.
SELF_SUFFICIENCY_TARGETS = {2024: Decimal("0.25"), 2025: Decimal("0.30")}


def money(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(MONEY, rounding=ROUND_HALF_EVEN)


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator to 0.01 %, or None when the denominator is zero (nothing to compare)."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATIO, rounding=ROUND_HALF_EVEN)


def target_for(year: int) -> Decimal | None:
    """The Concept's self-sufficiency target for ``year`` (None before 2024, the 2025 target after it)."""
    if year < min(SELF_SUFFICIENCY_TARGETS):
        return None
    return SELF_SUFFICIENCY_TARGETS.get(year, SELF_SUFFICIENCY_TARGETS[max(SELF_SUFFICIENCY_TARGETS)])


@dataclass(frozen=True)
class Headline:
    """The mandatory headline indicators of a 4th-level budget decision (доходы, затраты, чистое бюджетное
    кредитование, сальдо по операциям с финансовыми активами, дефицит (профицит), финансирование дефицита)."""

    tax: Decimal
    non_tax: Decimal
    capital: Decimal
    transfers: Decimal
    expenditures: Decimal
    net_lending: Decimal = ZERO
    financial_assets: Decimal = ZERO

    @property
    def revenues(self) -> Decimal:
        return self.tax + self.non_tax + self.capital + self.transfers

    @property
    def own_revenues(self) -> Decimal:
        """Everything but transfers from the district: the Concept's "own revenues"."""
        return self.tax + self.non_tax + self.capital

    @property
    def balance(self) -> Decimal:
        """Surplus (+) or deficit (−): revenues − expenditures − net lending − financial assets balance."""
        return self.revenues - self.expenditures - self.net_lending - self.financial_assets

    @property
    def financing(self) -> Decimal:
        """Financing of the deficit (use of the surplus): the balance with the opposite sign."""
        return -self.balance


def headline(revenue_by_code: Mapping[str, Decimal], expenditures: Iterable[Decimal], *,
             net_lending: Decimal = ZERO, financial_assets: Decimal = ZERO) -> Headline:
    """Headline indicators from revenue amounts keyed by 6-digit code and the expenditure amounts."""
    by_kind = {TAX: ZERO, NON_TAX: ZERO, CAPITAL: ZERO, TRANSFER: ZERO}
    for code, amount in revenue_by_code.items():
        by_kind[KIND_BY_CATEGORY[code[0]]] += Decimal(amount)
    return Headline(tax=by_kind[TAX], non_tax=by_kind[NON_TAX], capital=by_kind[CAPITAL],
                    transfers=by_kind[TRANSFER], expenditures=sum((Decimal(e) for e in expenditures), ZERO),
                    net_lending=Decimal(net_lending), financial_assets=Decimal(financial_assets))


def shares(amounts: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Each key's share of the total (to 0.01 %); empty when the total is zero."""
    total = sum(amounts.values(), ZERO)
    if not total:
        return {}
    return {key: ratio(value, total) for key, value in amounts.items()}


def growth(current: Decimal, previous: Decimal | None) -> Decimal | None:
    """Year-on-year growth (0.12 = +12 %); None when there is no previous year to compare with."""
    if previous is None or not previous:
        return None
    return ratio(Decimal(current) - Decimal(previous), Decimal(previous))


def per_resident(amount: Decimal, population: int) -> Decimal | None:
    if not population:
        return None
    return money(Decimal(amount) / population)


@dataclass
class Totals:
    """Sums over one or many communities for one year, from which every roll-up indicator follows."""

    communities: int = 0
    population: int = 0
    tax: Decimal = ZERO
    non_tax: Decimal = ZERO
    capital: Decimal = ZERO
    transfers: Decimal = ZERO
    expenditures: Decimal = ZERO
    tax_by_code: dict[str, Decimal] = field(default_factory=dict)

    def add_revenue(self, code: str, amount: Decimal) -> None:
        kind = KIND_BY_CATEGORY[code[0]]
        if kind == TAX:
            self.tax += amount
            self.tax_by_code[code] = self.tax_by_code.get(code, ZERO) + amount
        elif kind == NON_TAX:
            self.non_tax += amount
        elif kind == CAPITAL:
            self.capital += amount
        else:
            self.transfers += amount

    def merge(self, other: Totals) -> None:
        self.communities += other.communities
        self.population += other.population
        self.tax += other.tax
        self.non_tax += other.non_tax
        self.capital += other.capital
        self.transfers += other.transfers
        self.expenditures += other.expenditures
        for code, amount in other.tax_by_code.items():
            self.tax_by_code[code] = self.tax_by_code.get(code, ZERO) + amount

    @property
    def revenues(self) -> Decimal:
        return self.tax + self.non_tax + self.capital + self.transfers

    @property
    def own_revenues(self) -> Decimal:
        return self.tax + self.non_tax + self.capital


@dataclass(frozen=True)
class Indicators:
    self_sufficiency: Decimal | None
    target: Decimal | None
    own_per_resident: Decimal | None
    own_growth: Decimal | None
    tax_shares: dict[str, Decimal]

    @property
    def meets_target(self) -> bool | None:
        if self.self_sufficiency is None or self.target is None:
            return None
        return self.self_sufficiency >= self.target


def indicators(totals: Totals, year: int, previous_own: Decimal | None) -> Indicators:
    """Self-sufficiency against the Concept's target, own revenue per resident, growth, share of each tax."""
    return Indicators(
        self_sufficiency=ratio(totals.own_revenues, totals.expenditures),
        target=target_for(year),
        own_per_resident=per_resident(totals.own_revenues, totals.population),
        own_growth=growth(totals.own_revenues, previous_own),
        tax_shares=shares(totals.tax_by_code),
    )


def prefixes_of(code: str) -> list[str]:
    """The roll-up prefixes a community belongs to: the whole country (''), its oblast, district and itself."""
    return ["", code[:2], code[:4], code[:6]]
