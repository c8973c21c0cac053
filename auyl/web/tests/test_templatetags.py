from decimal import Decimal

from auyl.web.templatetags.auyl import percent, tenge


def test_tenge_rounds_half_up_and_groups_thousands():
    assert tenge(Decimal("184163400.50")) == "184\u202f163\u202f401 ₸"
    assert tenge(999.49) == "999 ₸"
    assert tenge(-1500) == "-1\u202f500 ₸"
    assert tenge(None) == "—"


def test_percent():
    assert percent(Decimal("0.2534")) == "25.3 %"
    assert percent("") == "—"
