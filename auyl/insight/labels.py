"""The labels the router speaks: responsible units (the starter data's codes, with names in three languages)
and how the starter data's categories map onto the appeals app's national catalogue (``appeals.Category``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

UNITS = {
    "akim_apparatus": _("Akim's office (apparatus)"),
    "district_housing_utilities": _("District housing and utilities department"),
    "district_roads": _("District roads department"),
    "district_land_department": _("District land department"),
    "district_agriculture_veterinary": _("District agriculture and veterinary department"),
    "district_education": _("District education department"),
    "district_health": _("District health services"),
    "district_employment_social": _("District employment and social programmes department"),
    "telecom_operator": _("Telecom operator"),
}

# Starter category (auyl/text/data/appeals_train.csv) -> appeals.Category.code.
STARTER_CATEGORIES = {
    "water_supply": "water",
    "roads": "roads",
    "street_lighting": "lighting",
    "waste": "waste",
    "landscaping": "landscaping",
    "land": "land",
    "pastures": "land",
    "social_support": "social",
    "healthcare": "social",
    "education_transport": "transport",
    "documents": "documents",
    "stray_animals": "animals",
    "veterinary": "animals",
    "connectivity": "other",
}


def unit_name(code: str) -> str:
    return str(UNITS.get(code, code))


def unit_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in UNITS.items()]
