"""The national catalogue of appeal categories (the Open311 services), following the akim's duties.

Installed by a data migration; ``install_categories`` puts it back after a test database flush or in the demo.
"""

from __future__ import annotations

CATEGORIES = [
    ("water", "utilities", "Сумен жабдықтау", "Водоснабжение", "Water supply"),
    ("roads", "infrastructure", "Жолдар мен көпірлер", "Дороги и мосты", "Roads and bridges"),
    ("lighting", "infrastructure", "Көше жарығы", "Уличное освещение", "Street lighting"),
    ("waste", "sanitation", "Санитарлық тазалау және қоқыс", "Санитарная очистка и мусор", "Sanitation and waste"),
    ("landscaping", "sanitation", "Абаттандыру және көгалдандыру", "Благоустройство и озеленение",
     "Landscaping and greening"),
    ("land", "land", "Жер және жайылымдар", "Земля и пастбища", "Land and pastures"),
    ("housing", "utilities", "Тұрғын үй және коммуналдық қызметтер", "Жильё и коммунальные услуги",
     "Housing and utilities"),
    ("social", "social", "Әлеуметтік көмек", "Социальная помощь", "Social help"),
    ("transport", "infrastructure", "Көлік және мектеп автобусы", "Транспорт и школьный автобус",
     "Transport and school bus"),
    ("documents", "services", "Анықтамалар мен құжаттар", "Справки и документы", "Certificates and documents"),
    ("animals", "land", "Мал және қаңғыбас жануарлар", "Скот и бродячие животные", "Livestock and stray animals"),
    ("culture", "social", "Мәдениет және спорт", "Культура и спорт", "Culture and sport"),
    ("other", "other", "Басқа мәселе", "Другой вопрос", "Other question"),
]


def install_categories(model=None) -> None:
    """Create or update every category of the catalogue (idempotent)."""
    if model is None:
        from auyl.appeals.models import Category as model
    for order, (code, group, kk, ru, en) in enumerate(CATEGORIES, start=1):
        model.objects.update_or_create(code=code, defaults=dict(
            group=group, name_kk=kk, name_ru=ru, name_en=en, order=order * 10))
