"""Pages of project contests. Views parse input, ask ``can()``, call services or selectors; no rules here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from auyl.contests import selectors, services
from auyl.contests.forms import (
    CommentForm,
    ContestForm,
    MergeForm,
    PaperIdentityForm,
    ProgressForm,
    ProposalForm,
    ReceiptForm,
    ReviewForm,
    ballot_choices,
)
from auyl.contests.models import Contest, FundedProject, PaperBallotEntry, Phase, Proposal
from auyl.core.permissions import can, require
from auyl.territory.models import Community


def _contest(pk: int) -> Contest:
    try:
        return selectors.contest(pk)
    except Contest.DoesNotExist:
        raise Http404 from None


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _page(request, queryset, per_page: int = 20):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@require_GET
def contest_list(request):
    return render(request, "contests/contest_list.html", {
        "page": _page(request, selectors.contests()), "community": None})


@require_GET
def community_contests(request, code: str):
    community = get_object_or_404(Community.objects.select_related("territory"), territory__code=code)
    return render(request, "contests/contest_list.html", {
        "page": _page(request, selectors.contests(community)), "community": community})


@login_required
@require_http_methods(["GET", "POST"])
def contest_create(request, code: str):
    community = get_object_or_404(Community.objects.select_related("territory"), territory__code=code)
    require(request.user, "create", community.territory.code, subject="contests.contest")
    form = ContestForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("settlements", "categories")}
        try:
            contest = services.create_contest(request.user, community, settlements=list(
                form.cleaned_data["settlements"]), categories=form.category_names(), **data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The contest is announced."))
            return redirect("contests:detail", pk=contest.pk)
    return render(request, "contests/contest_form.html", {"form": form, "community": community})


@login_required
@require_http_methods(["GET", "POST"])
def contest_edit(request, pk: int):
    contest = _contest(pk)
    require(request.user, "change", contest)
    form = ContestForm(request.POST or None, instance=contest, community=contest.community)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("settlements", "categories")}
        try:
            services.update_contest(request.user, _contest(pk), settlements=list(form.cleaned_data["settlements"]),
                                    categories=form.category_names(), **data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The set-up is saved."))
            return redirect("contests:detail", pk=pk)
    return render(request, "contests/contest_form.html", {"form": form, "community": contest.community,
                                                          "contest": contest})


@require_GET
def contest_detail(request, pk: int):
    contest = _contest(pk)
    if contest.phase in (Phase.RESULTS, Phase.IMPLEMENTATION) and not hasattr(contest, "result"):
        services.close_due_contests()  # counting is queued when voting closes; this catches a missed run
    status = request.GET.get("status", "")
    return render(request, "contests/contest_detail.html", {
        "contest": contest,
        "page": _page(request, selectors.proposals(contest, request.user, status=status)),
        "status": status,
        "ballot": selectors.my_ballot(contest, request.user),
        "projects": selectors.projects(contest) if contest.phase == Phase.IMPLEMENTATION else None,
    })


@login_required
@require_POST
def advance(request, pk: int):
    try:
        services.advance_phase(request.user, _contest(pk))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The next phase has started."))
    return redirect("contests:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def propose(request, pk: int):
    contest = _contest(pk)
    require(request.user, "create", contest, subject="contests.proposal")
    form = ProposalForm(request.POST or None, request.FILES or None, contest=contest,
                        similar_url=reverse("contests:similar", kwargs={"pk": pk}))
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("title", "description", "category", "settlement", "location",
                                                  "estimated_cost", "show_author")}
        try:
            proposal = services.submit_proposal(request.user, contest, photos=form.cleaned_data["photos"], **data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Your proposal is submitted. Staff will review it after the proposals "
                                        "phase."))
            return redirect("contests:proposal", pk=proposal.pk)
    return render(request, "contests/proposal_form.html", {"form": form, "contest": contest})


@require_GET
def similar(request, pk: int):
    """htmx fragment: proposals that look like what is being typed."""
    contest = _contest(pk)
    text = f"{request.GET.get('title', '')} {request.GET.get('description', '')}"[:2000]
    return render(request, "contests/_similar.html", {"similar": selectors.similar_proposals(contest, text)})


def _proposal(request, pk: int) -> Proposal:
    try:
        proposal = selectors.proposal(pk)
    except Proposal.DoesNotExist:
        raise Http404 from None
    if not can(request.user, "view", proposal):
        raise Http404
    return proposal


@require_http_methods(["GET", "POST"])
def proposal_detail(request, pk: int):
    proposal = _proposal(request, pk)
    comment_form = CommentForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "create", proposal, subject="contests.comment")
        if comment_form.is_valid():
            try:
                services.add_comment(request.user, proposal, comment_form.cleaned_data["text"])
            except ValidationError as error:
                _form_errors(comment_form, error)
            else:
                return redirect(reverse("contests:proposal", kwargs={"pk": pk}) + "#comments")
    return render(request, "contests/proposal_detail.html", {
        "proposal": proposal, "contest": proposal.contest, "comment_form": comment_form,
        "review_form": ReviewForm(initial={"final_cost": proposal.final_cost}),
        "merge_form": MergeForm(proposal=proposal),
    })


@login_required
@require_POST
def withdraw(request, pk: int):
    try:
        services.withdraw_proposal(request.user, _proposal(request, pk))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your proposal is withdrawn."))
    return redirect("contests:proposal", pk=pk)


@login_required
@require_POST
def review(request, pk: int):
    proposal = _proposal(request, pk)
    require(request.user, "approve", proposal)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_proposal(request.user, proposal, feasible=form.cleaned_data["feasible"],
                                     reason=form.cleaned_data["reason"], final_cost=form.cleaned_data["final_cost"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The review is saved and published."))
            return redirect("contests:proposal", pk=pk)
    return render(request, "contests/proposal_detail.html", {
        "proposal": proposal, "contest": proposal.contest, "comment_form": CommentForm(), "review_form": form,
        "merge_form": MergeForm(proposal=proposal)}, status=400)


@login_required
@require_POST
def merge(request, pk: int):
    proposal = _proposal(request, pk)
    require(request.user, "approve", proposal)
    form = MergeForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            services.merge_proposals(request.user, proposal, form.cleaned_data["target"],
                                     reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The proposals are merged."))
            return redirect("contests:proposal", pk=form.cleaned_data["target"].pk)
    return render(request, "contests/proposal_detail.html", {
        "proposal": proposal, "contest": proposal.contest, "comment_form": CommentForm(),
        "review_form": ReviewForm(), "merge_form": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def ballot(request, pk: int):
    """The ballot page says plainly whether the vote is saved, and shows the receipt."""
    contest = _contest(pk)
    may_vote = can(request.user, "create", contest, subject="contests.ballot")
    errors: list[str] = []
    chosen: dict[int, int] = {}
    if request.method == "POST":
        chosen = ballot_choices(request.POST, contest)
        try:
            services.cast_ballot(request.user, contest, chosen)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Your vote is saved."))
            return redirect("contests:ballot", pk=pk)
    mine = selectors.my_ballot(contest, request.user)
    if not chosen and mine:
        chosen = {c.proposal_id: c.points for c in mine.choices.all()}
    return render(request, "contests/ballot.html", {
        "contest": contest, "ballot": mine, "may_vote": may_vote, "errors": errors, "chosen": chosen,
        "projects": selectors.on_ballot(contest)}, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def paper(request, pk: int):
    """First entry of paper ballots at the akimat, and the list waiting for the second person."""
    contest = _contest(pk)
    require(request.user, "create", contest, subject="contests.paperballotentry")
    form = PaperIdentityForm(request.POST or None)
    chosen = ballot_choices(request.POST, contest) if request.method == "POST" else {}
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_paper_ballot(request.user, contest, iin=form.cleaned_data["iin"], choices=chosen)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("First entry saved. A second staff member must now enter the same ballot; "
                                        "it is not counted yet."))
            return redirect("contests:paper", pk=pk)
    return render(request, "contests/paper.html", {
        "contest": contest, "form": form, "chosen": chosen, "projects": selectors.on_ballot(contest),
        "pending": selectors.pending_paper(contest)})


@login_required
@require_http_methods(["GET", "POST"])
def paper_confirm(request, pk: int):
    entry = get_object_or_404(PaperBallotEntry.objects.select_related("contest__community__territory"), pk=pk)
    require(request.user, "approve", entry)
    contest = entry.contest
    form = PaperIdentityForm(request.POST or None)
    chosen = ballot_choices(request.POST, contest) if request.method == "POST" else {}
    if request.method == "POST" and form.is_valid():
        try:
            counted = services.confirm_paper_ballot(request.user, entry, iin=form.cleaned_data["iin"],
                                                    choices=chosen)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Both entries match: the paper ballot is counted. Write this receipt on "
                                        "the voter's slip: %(code)s") % {"code": counted.receipt_code})
            return redirect("contests:paper", pk=contest.pk)
    return render(request, "contests/paper_confirm.html", {
        "contest": contest, "entry": entry, "form": form, "chosen": chosen,
        "projects": selectors.on_ballot(contest)})


@require_GET
def results(request, pk: int):
    contest = _contest(pk)
    result = selectors.result(contest)
    if result is None:
        if contest.phase in (Phase.RESULTS, Phase.IMPLEMENTATION):
            services.close_due_contests()
            result = selectors.result(contest)
        if result is None:
            return render(request, "contests/results.html", {"contest": contest, "result": None})
    rows = list(result.rows.all())
    top = max([r.votes for r in rows] or [1]) or 1
    return render(request, "contests/results.html", {
        "contest": contest, "result": result, "rows": rows, "top_votes": top,
        "funded": [r for r in rows if r.funded]})


@require_GET
def results_pb(request, pk: int):
    """The counted election as a Pabulib file: anonymised voters, anyone can re-count it."""
    contest = _contest(pk)
    result = selectors.result(contest)
    if result is None:
        raise Http404
    response = HttpResponse(result.pb_text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="auyl_{contest.community.territory.code}_{pk}.pb"'
    return response


@require_GET
def vote_log(request, pk: int):
    contest = _contest(pk)
    form = ReceiptForm(request.GET or None)
    check = selectors.check_receipt(contest, form.cleaned_data["code"]) if form.is_valid() else None
    return render(request, "contests/vote_log.html", {
        "contest": contest, "page": _page(request, selectors.vote_log(contest), 50), "form": form,
        "check": check, "integrity": selectors.published_log_check(contest)})


@require_http_methods(["GET", "POST"])
def project_detail(request, pk: int):
    try:
        project = selectors.project(pk)
    except FundedProject.DoesNotExist:
        raise Http404 from None
    form = ProgressForm(request.POST or None, request.FILES or None,
                        initial={"status": project.status, "spent_total": project.spent})
    if request.method == "POST":
        require(request.user, "change", project)
        if form.is_valid():
            try:
                services.record_progress(request.user, project, status=form.cleaned_data["status"],
                                         text=form.cleaned_data["text"], spent_total=form.cleaned_data["spent_total"],
                                         photo=form.cleaned_data["photo"])
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("The progress note is published."))
                return redirect("contests:project", pk=pk)
    return render(request, "contests/project_detail.html", {"project": project, "form": form,
                                                            "contest": project.proposal.contest})

