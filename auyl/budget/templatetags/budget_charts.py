"""Charts without JavaScript: SVG bars whose widths come from exact shares (no inline styles, so the
Content-Security-Policy holds)."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def bar_width(share) -> str:
    """A share (0.375) as the width of a bar in a 0–100 SVG viewBox ("37.50"), clamped to the box."""
    if share in (None, ""):
        return "0"
    value = min(max(Decimal(share) * 100, Decimal(0)), Decimal(100))
    return f"{value:.2f}"


@register.inclusion_tag("budget/_bar.html")
def bar(share, kind: str = ""):
    return {"width": bar_width(share), "kind": kind}
