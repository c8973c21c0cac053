"""Pages of the AI helper: the office's section (routing, duplicates, themes), theme pages, similar-text hints
while typing, discussions with their opinion maps. Views parse input, ask ``can()``, call services, render."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from auyl.core.permissions import can
from auyl.insight import selectors, services, sources
from auyl.insight.forms import DecisionForm, DiscussionForm, MergeForm, MonthForm, RenameForm, SplitForm, StatementForm
from auyl.insight.models import (
    AppealSuggestion,
    Discussion,
    DiscussionStatus,
    DuplicateGroup,
    Source,
    Statement,
    Theme,
    ThemeSet,
)
from auyl.insight.tasks import duplicate_groups_task, opinion_map_task
from auyl.territory.models import Community


def _community(code: str) -> Community:
    try:
        return Community.objects.select_related("territory").get(territory__code=code)
    except Community.DoesNotExist:
        raise Http404 from None


def _flash(request, call: Callable[[], object], success: str) -> bool:
    try:
        call()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def _visible(request, obj, action: str = "view"):
    if not can(request.user, action, obj):
        raise Http404
    return obj


# --- the office's section -------------------------------------------------------------------------------------


@require_GET
def community(request, code: str):
    place = _community(code)
    if not can(request.user, "view", place.territory.code, subject="insight.workplace"):
        raise Http404
    pending = Paginator(selectors.pending_suggestions(place), 10).get_page(request.GET.get("page"))
    return render(request, "insight/community.html", {
        "community": place, "pending": pending, "stats": selectors.routing_stats(place),
        "groups": selectors.duplicate_groups(place), "theme_sets": selectors.theme_sets(place, request.user),
        "month_form": MonthForm(), "discussions": selectors.discussions(place, request.user)[:10],
    })


@require_POST
def refresh_duplicates(request, code: str):
    place = _community(code)
    if not can(request.user, "view", place.territory.code, subject="insight.workplace"):
        raise Http404
    services.enqueue(duplicate_groups_task, place.pk)
    messages.success(request, _("The helper is looking for duplicates again."))
    return redirect("insight:community", code=code)


@require_POST
def dismiss_group(request, pk: int):
    group = _visible(request, get_object_or_404(DuplicateGroup.objects.select_related("community__territory"), pk=pk))
    _flash(request, lambda: services.dismiss_duplicate_group(actor=request.user, group=group),
           _("The group is no longer suggested."))
    return redirect("insight:community", code=group.community.territory.code)


@require_POST
def decide(request, pk: int):
    suggestion = _visible(request, get_object_or_404(
        AppealSuggestion.objects.select_related("appeal__community__territory"), pk=pk))
    form = DecisionForm(request.POST)
    if form.is_valid():
        _flash(request, lambda: services.decide_routing(actor=request.user, suggestion=suggestion,
                                                        category_code=form.cleaned_data["category"],
                                                        unit=form.cleaned_data["unit"]),
               _("Thank you: the decision is saved and the helper will learn from it."))
    else:
        messages.error(request, _("Choose a category and a responsible unit from the lists."))
    return redirect("appeals:detail", suggestion.appeal_id)


# --- themes ------------------------------------------------------------------------------------------------------


@require_POST
def request_themes(request, source: str, source_id: int):
    """Ask for (or refresh) themes; ``source_id`` is a contest or poll id, or for appeals 0 with a month field."""
    community = None
    if source == Source.APPEALS:
        community = _community(request.POST.get("community", ""))
        form = MonthForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a month."))
            return redirect("insight:community", code=community.territory.code)
        source_id = sources.month_key(form.cleaned_data["month"])
    elif source not in Source.values:
        raise Http404
    try:
        theme_set = services.request_themes(actor=request.user, source=source, source_id=source_id,
                                            community=community)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("web:home")
    return redirect("insight:theme_set", pk=theme_set.pk)


def _theme_page(request, theme_set, **extra):
    may_edit = can(request.user, "change", theme_set)
    themes = list(theme_set.themes.all())
    return render(request, "insight/theme_set.html", {
        "theme_set": theme_set, "themes": themes, "may_edit": may_edit,
        "merge_form": MergeForm(themes=themes) if may_edit and len(themes) > 1 else None, **extra})


def _theme_set(request, pk: int, action: str = "view") -> ThemeSet:
    try:
        return _visible(request, selectors.theme_set_detail(pk), action)
    except ThemeSet.DoesNotExist:
        raise Http404 from None


@require_GET
def theme_set(request, pk: int):
    return _theme_page(request, _theme_set(request, pk))


@require_GET
def source_themes(request, source: str, source_id: int):
    """Themes of a contest's proposals or a poll's answers, reached from the contest or poll page."""
    if source not in (Source.CONTEST, Source.POLL):
        raise Http404
    found = selectors.theme_set_for(source, source_id)
    if found is None:
        try:
            text_source = sources.load(source, source_id, with_items=False)
        except LookupError:
            raise Http404 from None
        if not can(request.user, "create", text_source.community.territory.code, subject="insight.themeset"):
            raise Http404
        return render(request, "insight/no_themes.html", {"source": source, "source_id": source_id,
                                                          "title": text_source.title})
    return redirect("insight:theme_set", pk=found.pk)


@require_POST
def rename(request, pk: int):
    theme = _visible(request, get_object_or_404(Theme.objects.select_related("theme_set__community__territory"),
                                                pk=pk))
    form = RenameForm(request.POST)
    label = form.data.get("label", "")
    _flash(request, lambda: services.rename_theme(actor=request.user, theme=theme, label=label),
           _("The theme is renamed; the name stays when the themes are recomputed."))
    return redirect("insight:theme_set", pk=theme.theme_set_id)


@require_POST
def split(request, pk: int):
    theme = _visible(request, get_object_or_404(Theme.objects.select_related("theme_set__community__territory"),
                                                pk=pk))
    form = SplitForm(request.POST)
    parts = form.cleaned_data["parts"] if form.is_valid() else 0
    _flash(request, lambda: services.split_theme(actor=request.user, theme=theme, parts=parts),
           _("The theme is split."))
    return redirect("insight:theme_set", pk=theme.theme_set_id)


@require_POST
def merge(request, pk: int):
    theme_set = _theme_set(request, pk)
    form = MergeForm(request.POST, themes=list(theme_set.themes.all()))
    if not form.is_valid():
        messages.error(request, _("Choose at least two themes to merge."))
        return redirect("insight:theme_set", pk=pk)
    chosen = list(theme_set.themes.filter(pk__in=form.cleaned_data["themes"]))
    _flash(request, lambda: services.merge_themes(actor=request.user, themes=chosen,
                                                  label=form.cleaned_data["label"]),
           _("The themes are merged."))
    return redirect("insight:theme_set", pk=pk)


@require_POST
def rerun(request, pk: int):
    theme_set = _theme_set(request, pk, "change")
    services.request_themes(actor=request.user, source=theme_set.source, source_id=theme_set.source_id,
                            community=theme_set.community)
    messages.success(request, _("The themes are being recomputed; your edits are kept."))
    return redirect("insight:theme_set", pk=pk)


# --- similar texts while typing (htmx) ------------------------------------------------------------------------------


def _settlement_code(place: Community, value: str) -> str:
    """The settlement as a KATO code, or as the appeals form sends it (a territory id) - else none."""
    from auyl.territory.models import Territory

    if not value.isdigit():
        return ""
    if len(value) == 9:
        return value
    return (Territory.objects.filter(pk=int(value), code__startswith=place.territory.prefix)
            .values_list("code", flat=True).first()) or ""


@require_GET
def similar_appeals(request, code: str):
    """htmx: appeals like the text being typed (``text``; ``settlement`` as a KATO code or territory id)."""
    place = _community(code)
    found = selectors.similar_appeals(request.user, place, request.GET.get("text", "")[:2000],
                                      _settlement_code(place, request.GET.get("settlement", "")[:12]))
    office = can(request.user, "change", place.territory.code, subject="appeals.appeal")
    return render(request, "insight/_similar.html", {"similar": found, "kind": "appeal", "office": office})


@require_GET
def similar_proposals(request, contest_id: int):
    from auyl.contests.models import Contest

    contest = _visible(request, get_object_or_404(Contest.objects.select_related("community__territory"),
                                                  pk=contest_id))
    found = selectors.similar_proposals(contest, request.GET.get("text", "")[:2000])
    return render(request, "insight/_similar.html", {"similar": found, "kind": "proposal"})


# --- discussions ---------------------------------------------------------------------------------------------------


@require_GET
def discussions(request, code: str):
    place = _community(code)
    page = Paginator(selectors.discussions(place, request.user), 20).get_page(request.GET.get("page"))
    may_create = can(request.user, "create", place.territory.code, subject="insight.discussion")
    return render(request, "insight/discussions.html", {"community": place, "page": page,
                                                        "may_create": may_create})


@login_required
@require_http_methods(["GET", "POST"])
def discussion_new(request, code: str):
    place = _community(code)
    if not can(request.user, "create", place.territory.code, subject="insight.discussion"):
        raise Http404
    form = DiscussionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            discussion = services.create_discussion(
                actor=request.user, community=place, title=data["title"], description=data["description"],
                statements=data["statements"].splitlines())
        except ValidationError as error:
            for field, errors in error.message_dict.items() if hasattr(error, "error_dict") else [
                    (None, error.messages)]:
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect("insight:discussion", pk=discussion.pk)
    return render(request, "insight/discussion_form.html", {"community": place, "form": form})


def _discussion(request, pk: int) -> Discussion:
    try:
        return _visible(request, selectors.discussion_detail(pk))
    except Discussion.DoesNotExist:
        raise Http404 from None


@require_GET
def discussion(request, pk: int):
    found = _discussion(request, pk)
    is_office = can(request.user, "change", found)
    may_vote = (found.status == DiscussionStatus.OPEN and can(
        request.user, "create", found.permission_scope, subject="insight.statementvote")
        and getattr(request.user, "resident", None) is not None
        and request.user.resident.community_id == found.community_id)
    may_propose = found.status == DiscussionStatus.OPEN and can(
        request.user, "create", found.permission_scope, subject="insight.statement")
    votes = selectors.my_votes(found, request.user)
    rows = [(s, votes.get(s.pk)) for s in selectors.statements(found)]
    return render(request, "insight/discussion.html", {
        "discussion": found, "rows": rows, "may_vote": may_vote, "may_propose": may_propose,
        "is_office": is_office, "statement_form": StatementForm(), "opinion": selectors.opinion_view(found),
        "pending": selectors.statements(found, status="pending") if is_office else [],
        "voted": len(votes),
    })


@require_POST
def vote(request, pk: int):
    statement = get_object_or_404(Statement.objects.select_related("discussion__community__territory"), pk=pk)
    _visible(request, statement.discussion)
    try:
        value = int(request.POST.get("vote", ""))
    except ValueError:
        value = 99
    ok = _flash(request, lambda: services.cast_vote(actor=request.user, statement=statement, vote=value),
                _("Your vote is counted."))
    if request.headers.get("HX-Request") and ok:
        return HttpResponse(status=204)
    return redirect(f"{statement.discussion.get_absolute_url()}#s{statement.pk}")


@require_POST
def propose(request, pk: int):
    found = _discussion(request, pk)
    form = StatementForm(request.POST)
    text = form.data.get("text", "")
    _flash(request, lambda: services.add_statement(actor=request.user, discussion=found, text=text),
           _("Thank you: your statement will appear after moderation.") if not can(request.user, "change", found)
           else _("The statement is published."))
    return redirect(found.get_absolute_url())


@require_POST
def moderate(request, pk: int):
    statement = get_object_or_404(Statement.objects.select_related("discussion__community__territory"), pk=pk)
    _visible(request, statement, "approve")
    approve = request.POST.get("decision") == "approve"
    _flash(request, lambda: services.moderate_statement(actor=request.user, statement=statement, approve=approve),
           _("The statement is published.") if approve else _("The statement is rejected."))
    return redirect(statement.discussion.get_absolute_url())


@require_POST
def discussion_status(request, pk: int):
    found = _discussion(request, pk)
    status = request.POST.get("status", "")
    _flash(request, lambda: services.set_discussion_status(actor=request.user, discussion=found, status=status),
           _("The discussion is updated."))
    return redirect(found.get_absolute_url())


@require_POST
def recompute_map(request, pk: int):
    found = _visible(request, _discussion(request, pk), "change")
    services.enqueue(opinion_map_task, found.pk)
    messages.success(request, _("The opinion map is being recomputed."))
    return redirect(found.get_absolute_url())
