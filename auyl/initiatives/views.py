"""Pages of initiatives, petitions and polls. Views parse input, ask ``can()``, call services and render."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from auyl.core.permissions import can, require
from auyl.core.roles import Action
from auyl.initiatives import selectors, services, thresholds
from auyl.initiatives.forms import (
    AnswerForm,
    BallotForm,
    CheckForm,
    ConfirmSheetForm,
    InitiativeForm,
    PaperSheetForm,
    PollForm,
    QuestionForm,
    ReasonForm,
)
from auyl.initiatives.models import Initiative, PaperSheet, Poll, Status
from auyl.territory.models import Community


def _community(code: str) -> Community:
    try:
        return Community.objects.select_related("territory").get(territory__code=code)
    except Community.DoesNotExist:
        raise Http404 from None


def _attempt(form, call: Callable[[], object]) -> bool:
    """Run a service call; put its ValidationError on the form (by field where possible). True on success."""
    try:
        call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return False
    return True


def _flash_errors(request, call: Callable[[], object], success: str) -> None:
    """For one-button actions (sign, withdraw, submit): the outcome is a message on the next page."""
    try:
        call()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)


def _initiative(request, pk: int) -> Initiative:
    try:
        initiative = selectors.initiative_detail(pk)
    except Initiative.DoesNotExist:
        raise Http404 from None
    if not can(request.user, Action.VIEW, initiative):
        raise Http404
    return initiative


@require_GET
def index(request):
    page = Paginator(selectors.initiatives_visible_to(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "initiatives/index.html", {"page": page})


@require_GET
def community(request, code: str):
    item = _community(code)
    initiatives = Paginator(selectors.initiatives_visible_to(request.user, community_code=code), 20).get_page(
        request.GET.get("page"))
    return render(request, "initiatives/community.html", {
        "community": item, "page": initiatives,
        "polls": selectors.polls_visible_to(request.user, community_code=code)[:20],
        "may_draft": can(request.user, Action.CREATE, code, subject="initiatives.initiative"),
        "may_poll": can(request.user, Action.CREATE, code, subject="initiatives.poll"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def new(request, code: str):
    item = _community(code)
    require(request.user, Action.CREATE, code, subject="initiatives.initiative")
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = {}
        if _attempt(form, lambda: result.setdefault("item", services.draft(request.user, item, **form.cleaned_data))):
            messages.success(request, _("Your draft is saved. Check it and submit it for the form check."))
            return redirect("initiatives:detail", pk=result["item"].pk)
    return render(request, "initiatives/form.html", {"form": form, "community": item,
                                                     "rules": thresholds.RULES})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    initiative = _initiative(request, pk)
    if initiative.author_id != request.user.pk or initiative.status not in (Status.DRAFT, Status.REFUSED):
        raise PermissionDenied
    initial = {"kind": initiative.kind, "title": initiative.title, "text": initiative.text,
               "request": initiative.request, "collection_days": initiative.collection_days,
               "coauthors": ", ".join(u.username for u in initiative.coauthors.all())}
    form = InitiativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.update_draft(request.user, initiative, **form.cleaned_data)):
            messages.success(request, _("Draft saved."))
            return redirect("initiatives:detail", pk=pk)
    return render(request, "initiatives/form.html", {"form": form, "community": initiative.community,
                                                     "initiative": initiative, "rules": thresholds.RULES})


def _render_detail(request, initiative: Initiative, status: int = 200, **forms):
    count = selectors.signature_count(initiative)
    officials = can(request.user, Action.APPROVE, initiative)
    context = {
        "initiative": initiative,
        "count": count,
        "progress": thresholds.progress(count, initiative.threshold or 0),
        "settlements": selectors.per_settlement_counts(initiative),
        "collecting": initiative.is_collecting() and not initiative.is_hidden,
        "signed": selectors.has_signed(request.user, initiative),
        "may_sign": can(request.user, Action.CREATE, initiative, subject="initiatives.signature"),
        "is_author": request.user.is_authenticated and initiative.author_id == request.user.pk,
        "officials": officials,
        "may_answer": can(request.user, Action.PUBLISH, initiative),
        "overdue": initiative.is_overdue(),
        "show_text": not initiative.is_hidden or officials,
        "check_form": CheckForm(), "answer_form": AnswerForm(), "hide_form": ReasonForm(),
        "report_form": ReasonForm(),
        "sheets": initiative.paper_sheets.all() if officials else [],
        "open_reports": initiative.reports.filter(handled_at__isnull=True) if officials else [],
    }
    context.update(forms)
    return render(request, "initiatives/detail.html", context, status=status)


@require_GET
def detail(request, pk: int):
    return _render_detail(request, _initiative(request, pk))


def _action(request, pk: int, call: Callable[[Initiative], object], success: str):
    initiative = _initiative(request, pk)
    _flash_errors(request, lambda: call(initiative), success)
    return redirect("initiatives:detail", pk=pk)


@login_required
@require_POST
def submit(request, pk: int):
    return _action(request, pk, lambda i: services.submit(request.user, i),
                   _("Submitted. The akim's office checks the form and opens the collection of signatures."))


@login_required
@require_POST
def sign(request, pk: int):
    return _action(request, pk, lambda i: services.sign(request.user, i), _("Thank you: your signature counts."))


@login_required
@require_POST
def withdraw(request, pk: int):
    return _action(request, pk, lambda i: services.withdraw(request.user, i), _("Your signature is withdrawn."))


@login_required
@require_POST
def unhide(request, pk: int):
    return _action(request, pk, lambda i: services.unhide(request.user, i), _("The initiative is shown again."))


@login_required
@require_POST
def dismiss_reports(request, pk: int):
    return _action(request, pk, lambda i: services.dismiss_reports(request.user, i),
                   _("The reports are closed without hiding the initiative."))


def _form_action(request, pk: int, form_class, call, success: str, form_name: str):
    """A POST with a small form on the detail page; on errors the page is shown again with them (400)."""
    initiative = _initiative(request, pk)
    form = form_class(request.POST)
    if form.is_valid() and _attempt(form, lambda: call(initiative, form.cleaned_data)):
        messages.success(request, success)
        return redirect("initiatives:detail", pk=pk)
    return _render_detail(request, initiative, status=400, **{form_name: form})


@login_required
@require_POST
def check(request, pk: int):
    return _form_action(
        request, pk, CheckForm,
        lambda i, data: services.check_form(request.user, i, accept=data["decision"] == "accept",
                                            reason=data["reason"]),
        _("Decision recorded and published."), "check_form")


@login_required
@require_POST
def answer(request, pk: int):
    return _form_action(request, pk, AnswerForm, lambda i, data: services.answer(request.user, i, data["answer"]),
                        _("The answer is published."), "answer_form")


@login_required
@require_POST
def hide(request, pk: int):
    return _form_action(request, pk, ReasonForm, lambda i, data: services.hide(request.user, i, data["reason"]),
                        _("The initiative is hidden; the reason is shown publicly."), "hide_form")


@login_required
@require_POST
def report(request, pk: int):
    return _form_action(request, pk, ReasonForm, lambda i, data: services.report(request.user, i, data["reason"]),
                        _("Thank you. The moderators will look at it."), "report_form")


@require_GET
def log(request, pk: int):
    initiative = _initiative(request, pk)
    page = Paginator(selectors.signature_log(initiative), 100).get_page(request.GET.get("page"))
    return render(request, "initiatives/log.html", {"initiative": initiative, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def paper(request, pk: int):
    initiative = _initiative(request, pk)
    require(request.user, Action.CREATE, initiative, subject="initiatives.papersheet")
    form = PaperSheetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.enter_paper_sheet(request.user, initiative, **form.cleaned_data)):
            messages.success(request, _("Sheet entered. Another staff member must now enter it again to confirm."))
            return redirect("initiatives:detail", pk=pk)
    return render(request, "initiatives/paper.html", {"initiative": initiative, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def confirm_sheet(request, pk: int, sheet: int):
    initiative = _initiative(request, pk)
    item = get_object_or_404(PaperSheet, pk=sheet, initiative=initiative)
    require(request.user, Action.APPROVE, item, subject="initiatives.papersheet")
    form = ConfirmSheetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = {}
        if _attempt(form, lambda: outcome.update(services.confirm_paper_sheet(request.user, item,
                                                                              iins=form.cleaned_data["iins"]))):
            messages.success(request, _("Sheet confirmed: %(counted)d counted, %(already)d already signed, "
                                        "%(missing)d not in the registry, %(other)d not members.") % {
                "counted": outcome["counted"], "already": outcome["already_signed"],
                "missing": outcome["not_found"], "other": outcome["not_member"]})
            return redirect("initiatives:detail", pk=pk)
    return render(request, "initiatives/paper.html", {"initiative": initiative, "form": form, "sheet": item})


@login_required
@require_GET
def inbox(request):
    user = request.user
    return render(request, "initiatives/inbox.html", {
        "notices": selectors.notices_for(user),
        "mine": selectors.initiatives_visible_to(user).filter(author=user)[:50],
        "to_check": selectors.awaiting_check(user)[:50],
        "to_answer": selectors.awaiting_answer(user)[:50],
        "reported": selectors.reported(user)[:50],
        "today": timezone.localdate(),
    })


# --- polls ---------------------------------------------------------------------------------------------


def _poll(request, pk: int) -> Poll:
    try:
        poll = selectors.poll_detail(pk)
    except Poll.DoesNotExist:
        raise Http404 from None
    if not can(request.user, Action.VIEW, poll):
        raise Http404
    return poll


@login_required
@require_http_methods(["GET", "POST"])
def poll_new(request, code: str):
    item = _community(code)
    require(request.user, Action.CREATE, code, subject="initiatives.poll")
    form = PollForm(request.POST or None, community=item)
    if request.method == "POST" and form.is_valid():
        result = {}
        if _attempt(form, lambda: result.setdefault("poll", services.create_poll(request.user, item,
                                                                                 **form.cleaned_data))):
            return redirect("initiatives:poll_manage", pk=result["poll"].pk)
    return render(request, "initiatives/poll_form.html", {"form": form, "community": item})


@login_required
@require_http_methods(["GET", "POST"])
def poll_manage(request, pk: int):
    poll = _poll(request, pk)
    require(request.user, Action.CHANGE, poll)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and "publish" in request.POST:
        _flash_errors(request, lambda: services.publish_poll(request.user, poll), _("The poll is published."))
        return redirect("initiatives:poll", pk=pk)
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.add_question(request.user, poll, **form.cleaned_data)):
            messages.success(request, _("Question added."))
            return redirect("initiatives:poll_manage", pk=pk)
    return render(request, "initiatives/poll_manage.html", {"poll": poll, "form": form})


@require_http_methods(["GET", "POST"])
def poll(request, pk: int):
    item = _poll(request, pk)
    if item.is_ready and item.is_closed() and not item.published_at:
        from auyl.initiatives.tasks import publish_poll_results

        transaction.on_commit(lambda: publish_poll_results.enqueue(item.pk))
    form = BallotForm(item, request.POST or None)
    answered = selectors.has_answered(request.user, item)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/account/login/?next=/initiatives/polls/{pk}/")
        if form.is_valid() and _attempt(form, lambda: services.answer_poll(request.user, item, form.answers())):
            messages.success(request, _("Thank you: your answers are recorded."))
            return redirect("initiatives:poll", pk=pk)
    return render(request, "initiatives/poll.html", {
        "poll": item, "form": form, "answered": answered, "open": item.is_open(),
        "may_answer": can(request.user, Action.CREATE, item, subject="initiatives.ballot"),
        "may_manage": can(request.user, Action.CHANGE, item),
        "results": _results_view(item) if item.published_at else None,
    })


def _results_view(poll: Poll) -> dict:
    """The published JSON joined to question and option texts for display (and bar widths 0–100)."""
    questions = []
    for question in poll.questions.all():
        stored = poll.result["questions"].get(str(question.pk), {})
        rows = []
        values = stored.get("options", {})
        top = max([(v["points"] if isinstance(v, dict) else v) for v in values.values()] or [0]) or 1
        for option in question.options.all():
            value = values.get(str(option.pk), 0)
            score = value["points"] if isinstance(value, dict) else value
            rows.append({"text": option.text, "value": score, "width": score * 100 // top,
                         "first": value.get("first") if isinstance(value, dict) else None})
        questions.append({"question": question, "respondents": stored.get("respondents", 0), "rows": rows})
    names = {t.code: t.name for t in poll.community.settlements()}
    turnout = [{**row, "name": names.get(row["settlement"], row["settlement"]),
                "width": int(row["share"] * 100)} for row in poll.result["turnout"]]
    return {"questions": questions, "turnout": turnout, "ballots": poll.result["ballots"],
            "eligible": poll.result["eligible"]}
