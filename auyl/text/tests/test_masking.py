import re

import pytest

from auyl.text.cleaning import clean_text
from auyl.text.masking import find_personal_data, iin_is_valid, is_masked, mask

PD_ROWS = """ap0014 ap0034 ap0041 ap0070 ap0072 ap0157 ap0168 ap0191 ap0219 ap0281 ap0323 ap0345 ap0364 ap0394
ap0428 ap0430 ap0498 ap0509 ap0550 ap0575 ap0615 ap0621 ap0651 ap0674 ap0678 ap0682 ap0714 ap0718 ap0721
ap0733 ap0745 ap0747 ap0773 ap0782 ap0798 ap0804 ap0857 ap0889 ap0892 ap0895""".split()


def make_iin(prefix11: str) -> str:
    d = [int(c) for c in prefix11]
    s = sum(a * b for a, b in zip(d, range(1, 12), strict=True)) % 11
    if s == 10:
        s = sum(a * b for a, b in zip(d, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], strict=True)) % 11
    assert s != 10
    return prefix11 + str(s)


def test_iin_checksum_and_date():
    iin = make_iin("89021444146")
    assert iin_is_valid(iin)
    wrong = iin[:-1] + str((int(iin[-1]) + 1) % 10)
    assert not iin_is_valid(wrong)
    assert not iin_is_valid(make_iin("89023144146"))  # 31 February
    assert not iin_is_valid(make_iin("89021494146"))  # century digit 9


@pytest.mark.parametrize("text", [
    "Менің ЖСН {iin}. Анықтама керек",
    "Мой ИИН {iin}, помогите",
    "номер {iin} проверьте",
])
def test_iin_masked_in_kazakh_and_russian(text):
    iin = make_iin("07011553991")
    out = mask(text.format(iin=iin))
    assert iin not in out and "[IIN]" in out


def test_invalid_twelve_digits_without_label_kept():
    number = make_iin("07011553991")
    bad = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert mask(f"договор {bad}") == f"договор {bad}"


@pytest.mark.parametrize("phone", [
    "+7 701 487 35 26", "8 747 210 33 58", "87054412983", "+77014873526", "+7 (771) 402-16-93",
    "8-776-331-09-27", "8(708)213-57-64", "+7-705-318-44-92", "7 701 487 35 26", "701 487 35 26",
])
def test_phone_spellings(phone):
    for template in ("Мой номер {p}, перезвоните", "Телефоным {p} хабарласыңыз"):
        out = mask(template.format(p=phone))
        assert "[PHONE]" in out and not re.search(r"\d{3}", out), out


def test_emails_masked():
    out = mask("пишите на zhanar.87@example.com или roditeli.eginsai@example.org!")
    assert out == "пишите на [EMAIL] или [EMAIL]!"


@pytest.mark.parametrize("text,name_parts", [
    ("Меня зовут Иванова Мария Петровна, живу на ул. Абая 5", ["Иванова", "Мария", "Петровна"]),
    ("Я звонила электрику Марату, он не пришёл", ["Марату"]),
    ("Ахметов Ержан Болатович просит помочь", ["Ахметов", "Ержан", "Болатович"]),
    ("Менің атым Нұрлан Серікұлы, көмектесіңіз", ["Нұрлан", "Серікұлы"]),
    ("Айгерім дүкенінің жанындағы колонка қатып қалды", ["Айгерім"]),
    ("Жанар Қасымқызы екі рет келді", ["Жанар", "Қасымқызы"]),
])
def test_names_masked(text, name_parts):
    out = mask(text)
    for part in name_parts:
        assert part not in out
    assert "[NAME]" in out


def test_non_personal_numbers_and_words_survive():
    text = ("Дом 25 по ул. Жастар, 30 тысяч тенге, 12.05.2024, 1988–1995 годы, 40 голов КРС, 2G/4G, "
            "0,5 мбит, 0,08 га. Магазин закрыт, бензин дорогой. Абылай хан көшесі 17. На Сейфуллина темно")
    assert mask(text) == text


def test_forty_pd_rows_fully_masked_and_other_numbers_survive(appeals):
    by_id = {r["id"]: r for r in appeals}
    for row_id in PD_ROWS:
        masked = mask(by_id[row_id]["text"])
        assert is_masked(masked)
        assert not re.search(r"@|\d{7,}|\d{3}[\s-]\d{2}[\s-]\d{2}", masked), (row_id, masked)
        assert re.search(r"\[(IIN|PHONE|EMAIL)\]", masked), row_id
    # Rows without personal data keep all their digits (house numbers, sums, dates, 2G/4G ...).
    for row in appeals:
        if row["id"] not in PD_ROWS:
            assert re.findall(r"\d+", mask(row["text"])) == re.findall(r"\d+", row["text"]), row["id"]


def test_find_personal_data_kinds():
    iin = make_iin("93041740159")
    spans = find_personal_data(f"ИИН {iin}, тел +7 701 487 35 26, a@example.net")
    assert [s.kind for s in spans] == ["iin", "phone", "email"]


def test_clean_text_html_and_emoji():
    raw = "<p>Вода&nbsp;нет 😡😡</p><br>Су жоқ 👍🏽<script>alert(1)</script>"
    assert clean_text(raw) == "Вода нет\nСу жоқ"
