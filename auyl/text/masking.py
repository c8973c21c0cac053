"""Masking of personal data before a text is stored for analysis, shown in a theme or sent anywhere.

Masked: IINs (12 digits whose date and check digit are valid, or any 12 digits right after "ИИН/ЖСН"),
Kazakhstan phone numbers in all usual spellings, e-mail addresses, personal names (a shipped list of
common first names plus surname/patronymic suffix rules). Deliberately NOT masked: house numbers, sums,
dates, livestock counts, "2G/4G", "0,5 мбит" - they carry the meaning of an appeal and are not personal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from auyl.text._resources import word_list

IIN_TOKEN = "[IIN]"
PHONE_TOKEN = "[PHONE]"
EMAIL_TOKEN = "[EMAIL]"
NAME_TOKEN = "[NAME]"
MASK_TOKENS = (IIN_TOKEN, PHONE_TOKEN, EMAIL_TOKEN, NAME_TOKEN)

_W1 = tuple(range(1, 12))
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def iin_is_valid(iin: str) -> bool:
    """True if ``iin`` is 12 digits with a real birth date, century digit 1-6 and a valid check digit."""
    if len(iin) != 12 or not iin.isdigit():
        return False
    d = [int(c) for c in iin]
    check = sum(a * b for a, b in zip(d[:11], _W1, strict=True)) % 11
    if check == 10:
        check = sum(a * b for a, b in zip(d[:11], _W2, strict=True)) % 11
        if check == 10:
            return False
    if check != d[11]:
        return False
    century = d[6]
    if century not in range(1, 7):
        return False
    year = 1800 + 100 * ((century - 1) // 2) + int(iin[:2])
    try:
        date(year, int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return False
    return True


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Zа-яА-Я]{2,}\b")
# +7 / 8 / 7 trunk, then a 3-digit code starting with 7, then 7 digits in any grouping.
_SEP = r"[\s\-\.]{0,2}"
_PHONE = re.compile(
    rf"(?<![\d+])(?:(?:\+\s?7|8|7){_SEP}\(?\s?7\d\d\s?\)?{_SEP}|\(?7\d\d\)?{_SEP})"
    rf"\d{{3}}{_SEP}\d{{2}}{_SEP}\d{{2}}(?!\d)"
)
# Landline form: +7 / 8 then a 4-5 digit area code (71xx, 72xx) and 5-6 digits.
_LANDLINE = re.compile(
    rf"(?<![\d+])(?:\+\s?7|8){_SEP}\(?\s?7[12]\d{{2,3}}\s?\)?{_SEP}\d{{1,3}}{_SEP}\d{{2}}{_SEP}\d{{2}}(?!\d)"
)
_TWELVE = re.compile(r"(?<!\d)\d{12}(?!\d)")
_IIN_LABELLED = re.compile(
    r"(?i)(?:иин|жсн|iin)\s*(?:ребёнка|ребенка|анамның|[:№#-])?\s*:?\s*(\d[\d\s]{10,16}\d)"
)

_WORD = re.compile(r"[А-ЯЁӘҒҚҢӨҰҮҺІA-Z][а-яёәғқңөұүһіa-z]+(?:-[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+)?")
# Surnames and patronymics, with Russian case endings.
_SURNAME = re.compile(
    r"(?:[а-яёәғқңөұүһі]{2,}(?:ов|ев|ёв|ин|ский|цкий)(?:а|у|ым|ом|е|ой|ы|ых|ому|ой|ую|ой|ская|ской|скую)?"
    r"|[а-яёәғқңөұүһі]{2,}(?:вич|вна|ична|ьич)(?:а|у|ем|е|ой|ы|у)?)$"
)
_KK_PATRONYMIC = {"улы", "ұлы", "уулу", "кызы", "қызы"}
_STREET_BEFORE = re.compile(
    r"(?i)(?:ул|улица|улицы|улице|пр|проспект|пер|переулок|мкр|им|имени|село|села|селе|аул)\.?\s*$"
)
_STREET_AFTER = re.compile(r"(?i)^\s*(?:көше|кошес|даңғыл|дангыл|ауыл|селос|район|мектеб|хан|би\b|батыр|street)")
# Historical persons whose names are given to streets and schools in most villages: not personal data.
_EPONYMS = frozenset({"абай", "абая", "абылай", "сейфуллина", "сейфуллин", "байтурсынова", "жамбыла", "жамбыл",
                      "гагарина", "ленина", "пушкина", "кунаева", "қонаева", "валиханова", "уалиханова",
                      "ауэзова", "әуезова", "сатпаева", "сәтбаева", "момышулы", "жансугурова", "маметовой",
                      "мамбетова", "чокина", "алтынсарина", "алтынсарин", "торайгырова", "майлина",
                      "толе", "кенесары", "курмангазы", "құрманғазы", "менделеева", "чехова", "горького"})
_AMBIGUOUS = frozenset({"вера", "роза", "слава", "любовь", "надежда", "арман", "бақыт", "бакыт", "анар",
                        "марина", "майра", "улан", "ұлан", "арай", "нина", "яна", "зере", "абай", "мирас"})
_NAME_ENDINGS = ("", "а", "у", "ом", "ем", "е", "ы", "и", "ой", "ей", "ю", "я", "ой", "ым",
                 "ға", "ге", "қа", "ке", "ка", "га", "ның", "нің", "дың", "дің", "тың", "тің", "нын", "нин",
                 "ды", "ді", "ты", "ті", "ны", "ні", "ди", "ти", "ни", "мен", "пен", "бен",
                 "да", "де", "та", "те", "дан", "ден", "тан", "тен", "нан", "нен", "ке", "на", "не")
# Words that look like surnames by suffix but are ordinary words or common place markers.
_NOT_SURNAMES = frozenset({"магазин", "бензин", "керосин", "интернет", "камин", "карантин", "маршрутка",
                           "кабинет", "один", "одина", "господин", "гражданин", "мужчин", "пекин", "витамин"})


@dataclass(frozen=True, slots=True)
class Span:
    """One piece of personal data found in a text: character offsets and its kind."""

    start: int
    end: int
    kind: str  # "iin" | "phone" | "email" | "name"


@cache
def _morph():  # pragma: no cover - trivial
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@cache
def _is_first_name(word: str) -> bool:
    names = word_list("first_names.txt")
    low = word.lower()
    for ending in _NAME_ENDINGS:
        if ending and not low.endswith(ending):
            continue
        stem = low[: len(low) - len(ending)] if ending else low
        if stem in names:
            return True
        # Russian feminine names drop their final -а/-я before a case ending (Марина -> Марине).
        if ending and (stem + "а" in names or stem + "я" in names):
            return True
    return False


@cache
def _is_surname_like(word: str) -> bool:
    low = word.lower()
    if low in _NOT_SURNAMES or len(low) < 5 or not _SURNAME.search(low):
        return False
    # A dictionary word whose main reading is not a name (e.g. "Бензин", "Магазин") is not masked.
    parses = _morph().parse(low)
    best = parses[0]
    if {"Surn", "Patr", "Name"} & set(best.tag.grammemes):
        return True
    return not _morph().word_is_known(low)


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?\n:;\"«(—-"


def find_personal_data(text: str) -> list[Span]:
    """Return non-overlapping spans of personal data in ``text``, sorted by position."""
    spans: list[Span] = []

    def add(start: int, end: int, kind: str) -> None:
        if any(s.start < end and start < s.end for s in spans):
            return
        spans.append(Span(start, end, kind))

    for m in _EMAIL.finditer(text):
        add(m.start(), m.end(), "email")
    for m in _IIN_LABELLED.finditer(text):
        digits = re.sub(r"\s", "", m.group(1))
        if len(digits) == 12:
            add(m.start(1), m.end(1), "iin")
    for m in _TWELVE.finditer(text):
        if iin_is_valid(m.group()):
            add(m.start(), m.end(), "iin")
    for pattern in (_PHONE, _LANDLINE):
        for m in pattern.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            if len(digits) in (10, 11):
                add(m.start(), m.end(), "phone")
    words = list(_WORD.finditer(text))
    for i, m in enumerate(words):
        word = m.group()
        if word.isupper() or len(word) < 3:
            continue
        base = word.split("-")[0]
        if base.lower() in _EPONYMS:
            continue
        # Both patterns are anchored next to the word and short, so a window of 64 characters is enough
        # (slicing the whole text for every word made masking quadratic in the text's length).
        if (_STREET_BEFORE.search(text[max(0, m.start() - 64) : m.start()])
                or _STREET_AFTER.match(text[m.end() : m.end() + 64])):
            continue
        is_name = _is_first_name(base)
        if is_name and base.lower() in _AMBIGUOUS and _sentence_initial(text, m.start()):
            is_name = False
        if is_name or _is_surname_like(base):
            end = m.end()
            nxt = words[i + 1] if i + 1 < len(words) else None
            # "Нұрлан Серікұлы", "Ахметова Айгерим": extend over an adjacent patronymic word.
            if nxt is not None and text[end : nxt.start()].strip() == "":
                low = nxt.group().lower()
                if low in _KK_PATRONYMIC:
                    end = nxt.end()
            add(m.start(), end, "name")
        elif base.lower().endswith(("улы", "ұлы", "кызы", "қызы")) and len(base) > 6:
            add(m.start(), m.end(), "name")
    spans.sort(key=lambda s: s.start)
    return _fill_name_gaps(text, spans, words)


_PATRONYMIC_END = ("вич", "вна", "ична", "улы", "ұлы", "кызы", "қызы")


def _fill_name_gaps(text: str, spans: list[Span], words: list[re.Match[str]]) -> list[Span]:
    """Mask a capitalised word standing inside a full name ("Ахметов Ержан Болатович").

    A word is taken when it is directly between two name spans, or directly before a patronymic.
    """
    names = [s for s in spans if s.kind == "name"]
    if not names:
        return spans
    extra: list[Span] = []
    for m in words:
        if any(s.start < m.end() and m.start() < s.end for s in spans):
            continue
        prev = next((s for s in names if s.end <= m.start() and not text[s.end : m.start()].strip()), None)
        after = next((s for s in names if s.start >= m.end() and not text[m.end() : s.start].strip()), None)
        if prev is not None and after is not None:
            extra.append(Span(m.start(), m.end(), "name"))
        elif after is not None and text[after.start : after.end].lower().endswith(_PATRONYMIC_END):
            extra.append(Span(m.start(), m.end(), "name"))
    return sorted(spans + extra, key=lambda s: s.start)


_TOKENS = {"iin": IIN_TOKEN, "phone": PHONE_TOKEN, "email": EMAIL_TOKEN, "name": NAME_TOKEN}


def mask(text: str) -> str:
    """Replace every piece of personal data in ``text`` with a placeholder such as ``[PHONE]``."""
    if not text:
        return ""
    out: list[str] = []
    pos = 0
    for span in find_personal_data(text):
        out.append(text[pos : span.start])
        out.append(_TOKENS[span.kind])
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def is_masked(text: str) -> bool:
    """True if no personal data can be found in ``text`` (placeholders are fine)."""
    return not find_personal_data(text)
