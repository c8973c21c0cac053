"""Showing a figure by its metric's kind: shares as percent, money in tenge, counts with grouping."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import number_format

from auyl.oversight import metrics, rollup
from auyl.web.templatetags.auyl import percent, tenge

register = template.Library()


@register.filter
def figure(value, key):
    """``{{ figure.value|figure:figure.metric }}``"""
    if value in (None, ""):
        return "—"
    try:
        kind = metrics.metric(key).kind
    except KeyError:
        kind = rollup.COUNT
    if kind in (rollup.SHARE, rollup.GROWTH):
        return percent(value)
    if kind == rollup.AMOUNT:
        return tenge(value)
    if kind == rollup.COUNT:
        return intcomma(int(value))
    return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)


@register.filter
def bar_width(value, top):
    """Width of a CSS bar (0–100) for a value against the largest one shown."""
    try:
        return max(0, min(100, round(float(value) / float(top) * 100))) if top else 0
    except (TypeError, ValueError):
        return 0


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
