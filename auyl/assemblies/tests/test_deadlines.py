"""The no-confidence chain's deadlines across Kazakhstan's holidays, with dates checked by hand."""

from datetime import date

import pytest

from auyl.assemblies import deadlines as d


def test_ten_working_days_across_nauryz():
    # Vote on Wed 18.03.2026. Off: Sat 21 (Nauryz), Sun 22 (Nauryz), Mon 23 (Nauryz), Tue 24 (21st moved from the
    # weekend), Wed 25 (22nd moved). Working: 19, 20, 26, 27, 30, 31 Mar, 1, 2, 3, 6 Apr → the 10th is 6 April.
    assert d.district_decision_due(date(2026, 3, 18)) == date(2026, 4, 6)


def test_ten_working_days_across_new_year_and_christmas():
    # Vote on Fri 26.12.2025. Off: 1–2 Jan (New Year), 7 Jan (Orthodox Christmas), weekends.
    # Working: 29, 30, 31 Dec, 5, 6, 8, 9, 12, 13, 14 Jan → 14 January 2026.
    assert d.district_decision_due(date(2025, 12, 26)) == date(2026, 1, 14)


def test_signatures_and_verification_across_may_holidays():
    # Started Thu 30.04.2026. Off: 1 May (Fri), 7 May (Thu), 9 May (Sat → Mon 11 May), 27 May (Kurban ait).
    # Working: 4, 5, 6, 8, 12, 13, 14, 15, 18, 19 May → 19 May.
    assert d.signatures_due(date(2026, 4, 30)) == date(2026, 5, 19)
    # Verification: 5 working days after Tue 26.05.2026, skipping Kurban ait on Wed 27 → 28, 29 May, 1, 2, 3 Jun.
    assert d.verification_due(date(2026, 5, 26)) == date(2026, 6, 3)


def test_month_and_six_months():
    assert d.session_due(date(2026, 1, 31)) == date(2026, 2, 28)
    assert d.repeat_vote_from(date(2026, 8, 31)) == date(2027, 2, 28)
    assert d.repeat_vote_from(date(2026, 3, 10)) == date(2026, 9, 10)


@pytest.mark.parametrize(("count", "total", "enough"), [(4, 20, True), (3, 20, False), (5, 21, True),
                                                        (4, 21, False), (0, 0, False)])
def test_one_fifth_of_deputies(count, total, enough):
    assert d.enough_signatures(count, total) is enough


@pytest.mark.parametrize(("count", "total", "lost"), [(11, 20, True), (10, 20, False), (11, 21, True),
                                                      (10, 21, False)])
def test_majority_of_all_deputies(count, total, lost):
    assert d.no_confidence(count, total) is lost


def test_next_step_walks_the_chain_and_the_repeat():
    s = d.Step
    chain = [s("assembly", 1, date(2026, 3, 18))]
    assert d.next_step(chain) == d.NextStep("signatures", 1, date(2026, 4, 6))
    chain.append(s("signatures", 1, date(2026, 3, 30)))
    assert d.next_step(chain).kind == "verified"
    chain.append(s("verified", 1, date(2026, 4, 2)))
    assert d.next_step(chain) == d.NextStep("vote", 1, date(2026, 5, 2))
    chain.append(s("vote", 1, date(2026, 4, 20)))
    nxt = d.next_step(chain)
    assert (nxt.kind, nxt.due_on, nxt.must_terminate) == ("district", date(2026, 5, 5), False)
    chain.append(s("district", 1, date(2026, 4, 30), positive=False))  # kept
    nxt = d.next_step(chain)
    assert (nxt.kind, nxt.round, nxt.not_before) == ("vote", 2, date(2026, 10, 30))
    chain.append(s("vote", 2, date(2026, 11, 2)))
    assert d.next_step(chain).must_terminate
    chain.append(s("district", 2, date(2026, 11, 5)))
    assert d.next_step(chain).kind is None


def test_a_failed_vote_ends_the_procedure():
    chain = [d.Step("assembly", 1, date(2026, 3, 18)), d.Step("signatures", 1, date(2026, 3, 20)),
             d.Step("verified", 1, date(2026, 3, 23)), d.Step("vote", 1, date(2026, 4, 1), positive=False)]
    assert d.next_step(chain).kind is None
