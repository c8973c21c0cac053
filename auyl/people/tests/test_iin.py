"""IIN validation: every malformed case is rejected with a localised message (property tests)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import assume, given
from hypothesis import strategies as st

from auyl.people.iin import check_digit, make_iin, parse_iin

births = st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31))
sexes = st.sampled_from("MF")
serials = st.integers(min_value=0, max_value=9999)

PUBLISHED_VALID = ["921029350851", "790327250010", "660811300838", "000117551201", "050401650966"]


@pytest.mark.parametrize("iin", PUBLISHED_VALID)
def test_published_valid_iins_are_accepted(iin):
    assert parse_iin(iin).iin == iin


def test_birth_date_and_sex_are_read_from_the_iin():
    info = parse_iin("921029350851")
    assert (info.birth_date, info.sex) == (date(1992, 10, 29), "M")
    assert parse_iin("050401650966").sex == "F"


@given(births, sexes, serials)
def test_generated_iins_round_trip(born, sex, serial):
    iin = make_iin(born, sex, serial)
    assume(iin is not None)
    info = parse_iin(iin, today=date(2026, 1, 1))
    assert (info.birth_date, info.sex) == (born, sex)


@given(births, sexes, serials, st.integers(min_value=1, max_value=9))
def test_a_wrong_check_digit_is_rejected(born, sex, serial, delta):
    iin = make_iin(born, sex, serial)
    assume(iin is not None)
    broken = iin[:11] + str((int(iin[11]) + delta) % 10)
    with pytest.raises(ValidationError) as error:
        parse_iin(broken, today=date(2026, 1, 1))
    assert error.value.code == "checksum"


@given(births, sexes, serials, st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=9))
def test_any_single_digit_typo_in_the_first_ten_is_rejected(born, sex, serial, position, delta):
    """The first-pass weights 1..10 are non-zero mod 11, so a typo in digits 1–10 changes the check digit
    whenever both numbers are checked by the first pass.

    Limits of the standard, not of this code: the 11th digit has weight 11 ≡ 0 (mod 11), and a typo that moves
    the first-pass sum to or from 10 switches to the second weighting, which can coincide.
    """
    iin = make_iin(born, sex, serial)
    assume(iin is not None)
    typo = iin[:position] + str((int(iin[position]) + delta) % 10) + iin[position + 1:]
    first_pass = [sum(int(d) * w for d, w in zip(n[:11], range(1, 12), strict=True)) % 11 for n in (iin, typo)]
    assume(10 not in first_pass)
    with pytest.raises(ValidationError):
        parse_iin(typo, today=date(2026, 1, 1))


@given(st.text(max_size=20).filter(lambda s: not (len(s.strip().replace(" ", "")) == 12
                                                  and s.strip().replace(" ", "").isdigit())))
def test_anything_but_twelve_digits_is_rejected(value):
    with pytest.raises(ValidationError) as error:
        parse_iin(value)
    assert error.value.code in {"length", "digits"}


@pytest.mark.parametrize(("iin", "code"), [
    ("921529350859", "date"),       # month 15
    ("920230350851", "date"),       # 30 February
    ("921029050851", "century"),    # century digit 0
    ("921029750851", "century"),    # century digit 7
    ("301029550851", "future"),     # born 2030
    ("921029350852", "checksum"),
])
def test_malformed_cases_have_their_own_reason(iin, code):
    with pytest.raises(ValidationError) as error:
        parse_iin(iin, today=date(2026, 1, 1))
    assert error.value.code == code


def test_numbers_whose_check_digit_cannot_exist_are_rejected():
    # A valid birth date and century digit whose serial makes both weighted passes give 10: never issued.
    candidates = (f"8504123{serial:04d}" for serial in range(10000))
    first_eleven = next(c for c in candidates if check_digit(c) is None)
    for last in "0123456789":
        with pytest.raises(ValidationError) as error:
            parse_iin(first_eleven + last, today=date(2026, 1, 1))
        assert error.value.code == "unissued"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_messages_are_in_the_users_language(language):
    with translation.override(language):
        with pytest.raises(ValidationError) as error:
            parse_iin("921029350852")
        message = error.value.messages[0]
    english = "The check digit of this IIN is wrong: please check for a typo."
    assert (message == english) == (language == "en")
