"""Labels of stored choice codes in aggregate rows (which carry the code, not the model's display method)."""

from django import template

from auyl.registries.models import LandPurpose, TaxKind
from auyl.workplace.models import FineArticle

register = template.Library()
LABELS = {"tax": dict(TaxKind.choices), "purpose": dict(LandPurpose.choices), "article": dict(FineArticle.choices)}


@register.filter
def label(code, kind: str):
    return LABELS.get(kind, {}).get(code, code)

