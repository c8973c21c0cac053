"""Template helpers shared by every app's pages."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from auyl.core.permissions import can as can_do

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, obj, subject=None):
    """``{% can "change" budget as may_change %}``: the same permission layer as views and API."""
    return can_do(context["request"].user, action, obj, subject=subject)


@register.filter
def tenge(value):
    """Money in whole tenge, rounded half up, grouped by thousands with a narrow no-break space in every
    language (the Kazakh and Russian convention), e.g. 184 163 400 ₸."""
    if value in (None, ""):
        return "—"
    whole = Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return f"{whole:,}".replace(",", "\u202f") + " ₸"


@register.filter
def percent(value, digits=1):
    if value in (None, ""):
        return "—"
    return f"{float(value) * 100:.{int(digits)}f} %"
