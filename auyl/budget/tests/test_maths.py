"""The pure budget arithmetic: exact, and the same figures the law and the Concept define."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from auyl.budget import maths

D = Decimal


def test_headline_of_the_kokalazhar_2025_decision_shape():
    figures = maths.headline({"104302": D("3000000"), "104402": D("2376000"), "301104": D("4665000"),
                              "402303": D("174122400")}, [D("184163400"), D("1000000")])
    assert figures.tax == D("5376000") and figures.capital == D("4665000")
    assert figures.revenues == D("184163400")
    assert figures.balance == D("-1000000") and figures.financing == D("1000000")
    assert figures.own_revenues == D("10041000")


def test_self_sufficiency_and_targets():
    assert maths.ratio(D("25"), D("100")) == D("0.2500")
    assert maths.ratio(D("1"), D("3")) == D("0.3333")
    assert maths.ratio(D("1"), D("0")) is None
    assert maths.target_for(2023) is None
    assert maths.target_for(2024) == D("0.25") and maths.target_for(2025) == D("0.30")
    assert maths.target_for(2027) == D("0.30")


def test_indicators_of_totals():
    totals = maths.Totals(communities=2, population=4000)
    for code, amount in [("104302", D("6000000")), ("104402", D("2000000")), ("201504", D("1000000")),
                         ("402303", D("91000000"))]:
        totals.add_revenue(code, amount)
    totals.expenditures = D("100000000")
    result = maths.indicators(totals, 2025, previous_own=D("7500000"))
    assert result.self_sufficiency == D("0.0900") and result.meets_target is False
    assert result.own_per_resident == D("2250.00")
    assert result.own_growth == D("0.2000")
    assert result.tax_shares == {"104302": D("0.7500"), "104402": D("0.2500")}


def test_growth_without_a_previous_year():
    assert maths.growth(D("10"), None) is None and maths.growth(D("10"), D("0")) is None


amounts = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(st.sampled_from(["104302", "104402", "201504", "301104", "402303"]), amounts),
                max_size=30))
def test_merging_totals_equals_adding_everything_at_once(rows):
    whole, parts = maths.Totals(), [maths.Totals(), maths.Totals()]
    for index, (code, amount) in enumerate(rows):
        whole.add_revenue(code, amount)
        parts[index % 2].add_revenue(code, amount)
    merged = maths.Totals()
    for part in parts:
        merged.merge(part)
    assert (merged.revenues, merged.own_revenues, merged.tax_by_code) == (
        whole.revenues, whole.own_revenues, whole.tax_by_code)
    assert merged.revenues == sum((a for _, a in rows), D(0))


def test_prefixes():
    assert maths.prefixes_of("596644000") == ["", "59", "5966", "596644"]
