"""Template helpers shared by every app's pages."""

from django import template
from django.utils.formats import number_format

from auyl.core.permissions import can as can_do

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, obj, subject=None):
    """``{% can "change" budget as may_change %}``: the same permission layer as views and API."""
    return can_do(context["request"].user, action, obj, subject=subject)


@register.filter
def tenge(value):
    """Money in tenge with thin grouping, e.g. 184 163 400 ₸."""
    if value in (None, ""):
        return "—"
    return f"{number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)} ₸"


@register.filter
def percent(value, digits=1):
    if value in (None, ""):
        return "—"
    return f"{float(value) * 100:.{int(digits)}f} %"
