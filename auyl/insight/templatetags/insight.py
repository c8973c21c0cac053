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
