"""``{% appeal_suggestion appeal %}``: the helper's suggestion box on the appeal page, for the akim's office."""

from django import template

from auyl.core.permissions import can

register = template.Library()


@register.inclusion_tag("insight/_appeal_suggestion_box.html", takes_context=True)
def appeal_suggestion(context, appeal):
    from auyl.insight import selectors
    from auyl.insight.forms import DecisionForm

    user = context["request"].user
    suggestion = selectors.suggestion_for(appeal.pk)
    if suggestion is None or not can(user, "view", suggestion):
        return {"shown": False}
    view = selectors.suggestion_view(suggestion)
    form = DecisionForm(initial={"category": suggestion.final_category_code or suggestion.category_code,
                                 "unit": suggestion.final_unit or suggestion.unit}, auto_id="id_insight_%s")
    return {"shown": True, "view": view, "form": form, "request": context["request"],
            "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("insight/_source_themes.html", takes_context=True)
def source_themes(context, source: str, source_id: int, limit: int = 3):
    """``{% source_themes "contest" contest.pk %}``: the top themes of a contest's proposals or a poll's answers,
    each with its "why", and a link to all of them (for users who may see them)."""
    from auyl.insight import selectors

    user = context["request"].user
    theme_set = selectors.theme_set_for(source, source_id)
    may_request = False
    if theme_set is None:
        from auyl.insight import sources

        try:
            community = sources.load(source, source_id, with_items=False).community
        except (LookupError, ValueError):
            return {"shown": False}
        may_request = can(user, "create", community.territory.code, subject="insight.themeset")
    elif not can(user, "view", theme_set):
        return {"shown": False}
    return {"shown": theme_set is not None or may_request, "theme_set": theme_set, "source": source,
            "source_id": source_id, "themes": list(theme_set.themes.all()[:limit]) if theme_set else [],
            "request": context["request"], "csrf_token": context.get("csrf_token")}
