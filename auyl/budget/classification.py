"""The shipped budget classification (``data/classification.json``): revenue codes, the spending directions
of art. 56-1 and programmes of administrator 124, with Kazakh, Russian and English names.

``sync`` takes the model classes as arguments so the data migration can pass its historical models.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def data() -> dict:
    return json.loads(resources.files("auyl.budget").joinpath("data/classification.json").read_text("utf-8"))


def _names(item: dict) -> dict:
    return {"name_kk": item["kk"], "name_ru": item["ru"], "name_en": item["en"]}


def sync(revenue_model, direction_model, programme_model) -> None:
    """Create or update every entry (idempotent); entries no longer shipped are kept for old budgets."""
    content = data()
    for item in content["revenue_codes"]:
        revenue_model.objects.update_or_create(code=item["code"], defaults=dict(
            kind=item["kind"], is_own=item["own"], verified=item["verified"], **_names(item)))
    directions = {}
    for item in content["directions"]:
        directions[item["number"]], _ = direction_model.objects.update_or_create(
            number=item["number"], defaults=_names(item))
    for item in content["programmes"]:
        programme_model.objects.update_or_create(code=item["code"], defaults=dict(
            direction=directions[item["direction"]], **_names(item)))
