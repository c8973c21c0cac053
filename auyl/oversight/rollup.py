"""Adding up community figures into district, oblast and country figures (pure, no Django).

Every figure is kept as a numerator and a denominator so that a district's share is the sum of its communities'
numerators over the sum of their denominators — never an average of averages — and a recount from the source
rows gives exactly the stored value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

COUNT, AMOUNT, SHARE, PER_1000, AVERAGE, GROWTH = "count", "amount", "share", "per_1000", "average", "growth"
KINDS = (COUNT, AMOUNT, SHARE, PER_1000, AVERAGE, GROWTH)

COMMUNITY, DISTRICT, OBLAST, COUNTRY = "community", "district", "oblast", "country"
# KATO prefix length of each level above the community (oblast AB, district ABCD, country: empty).
PREFIX_LENGTHS = {DISTRICT: 4, OBLAST: 2, COUNTRY: 0}


@dataclass(frozen=True)
class Row:
    """One community's contribution to one metric in one period."""

    community: str  # 9-digit KATO code
    metric: str
    numerator: Decimal
    denominator: Decimal | None = None


@dataclass
class Total:
    scope: str
    level: str
    metric: str
    numerator: Decimal
    denominator: Decimal | None
    communities: int


def value_of(kind: str, numerator: Decimal, denominator: Decimal | None) -> Decimal | None:
    """The figure shown: None when a ratio has nothing to divide by (no elections, no budget last year…)."""
    if kind in (COUNT, AMOUNT):
        return numerator
    if not denominator:
        return None
    ratio = Decimal(numerator) / Decimal(denominator)
    if kind == PER_1000:
        return ratio * 1000
    if kind == GROWTH:
        return ratio - 1
    return ratio


def parents(code: str) -> list[tuple[str, str]]:
    """(level, scope prefix) of every unit above a community: its district, oblast and the country."""
    return [(level, code[:length]) for level, length in PREFIX_LENGTHS.items()]


def aggregate(rows: Iterable[Row], *, levels: Iterable[str] = (DISTRICT, OBLAST, COUNTRY),
              kinds: dict[str, str]) -> list[Total]:
    """Community rows as they are plus their sums at each requested level above."""
    wanted = set(levels)
    sums: dict[tuple[str, str, str], list] = defaultdict(lambda: [Decimal(0), None, 0])
    totals = []
    for row in rows:
        if row.metric not in kinds:
            raise KeyError(f"unknown metric {row.metric!r}")
        totals.append(Total(row.community, COMMUNITY, row.metric, Decimal(row.numerator),
                            None if row.denominator is None else Decimal(row.denominator), 1))
        for level, scope in parents(row.community):
            if level not in wanted:
                continue
            acc = sums[(level, scope, row.metric)]
            acc[0] += Decimal(row.numerator)
            if row.denominator is not None:
                acc[1] = (acc[1] or Decimal(0)) + Decimal(row.denominator)
            acc[2] += 1
    totals += [Total(scope, level, metric, num, den, n) for (level, scope, metric), (num, den, n) in sums.items()]
    return totals
