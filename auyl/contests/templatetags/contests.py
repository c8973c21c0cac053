"""Template helpers of contest pages: the engine's reasons in the reader's language, shares for bars."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from auyl.web.templatetags.auyl import tenge

register = template.Library()


@register.filter
def explain(row) -> str:
    """Why a project was (not) funded, from the reason kind the engine gave (see counting.explain)."""
    data = row.reason_data or {}
    texts = {
        "greedy_funded": lambda: _("Funded as number %(rank)s in order of votes: it fit the money left.")
        % {"rank": data.get("rank")},
        "mes_funded": lambda: _("Funded in round %(round)s of the Method of Equal Shares: each supporter paid "
                                "at most %(price)s from their equal share.")
        % {"round": data.get("round"), "price": tenge(data.get("price"))},
        "topped_up": lambda: _("Funded after the Method of Equal Shares: it fit the money left."),
        "below_threshold": lambda: _("Not funded: fewer than %(n)s votes, the minimum to be funded.")
        % {"n": data.get("min_votes")},
        "did_not_fit": lambda: _("Not funded: when its turn came only %(left)s were left, less than its cost.")
        % {"left": tenge(data.get("left"))},
        "unaffordable": lambda: _("Not funded: its supporters had only %(had)s left of their equal shares; it "
                                  "needed %(price)s from each of them.")
        % {"had": tenge(data.get("had")), "price": tenge(data.get("price"))},
        "no_supporters": lambda: _("Not funded: nobody voted for it."),
        "not_reached": lambda: _("Not funded: counting stopped before it."),
    }
    return texts[row.reason_kind]() if row.reason_kind in texts else row.engine_reason


@register.filter
def place(item: dict) -> str:
    """A settlement's name from a turnout item, in Kazakh for kk readers and Russian otherwise."""
    return item["name_kk"] if (get_language() or "kk").startswith("kk") else item["name_ru"]


@register.filter
def share(part, whole) -> int:
    """Whole per cent of ``part`` in ``whole`` for bar widths (0 when there is no whole)."""
    try:
        return round(100 * float(part) / float(whole)) if whole else 0
    except (TypeError, ValueError):
        return 0


@register.simple_tag
def choice_of(chosen: dict, pk: int) -> int:
    return chosen.get(pk, 0)
