"""Pages of oversight. Views parse input, ask ``can()``, call services or selectors and render; no rules here."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from auyl.core.permissions import can, require
from auyl.oversight import forms, metrics, selectors, services
from auyl.oversight.models import AkimTerm, Audit, Course, Election, Enrolment, Finding, Module, Power
from auyl.people.models import User
from auyl.territory.models import Community


def _year(request) -> int:
    years = selectors.years_computed()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = years[0] if years else date.today().year
    return year


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _community(code: str) -> Community:
    try:
        return Community.objects.select_related("territory").get(territory__code=code)
    except Community.DoesNotExist:
        raise Http404 from None


# --- roll-ups ----------------------------------------------------------------------------------------


@login_required
@require_GET
def home(request):
    prefix = selectors.default_scope_for(request.user)
    if prefix is None:
        raise PermissionDenied
    return redirect("oversight:scope", key=prefix or "kz")


@login_required
@require_GET
def scope(request, key: str):
    item = selectors.scope(key)
    if item is None:
        raise Http404
    require(request.user, "view", item)
    year = _year(request)
    groups = metrics.groups()
    group = request.GET.get("group") or groups[0][0]
    shown = dict(groups).get(group) or groups[0][1]
    keys = [m.key for m in shown]
    return render(request, "oversight/scope.html", {
        "item": item, "year": year, "years": selectors.years_computed(), "groups": groups, "group": group,
        "metrics": shown, "figures": selectors.figures_of(item.prefix, year),
        "children": selectors.children_of(item, year, keys), "ancestors": selectors.ancestors(item),
        "refresh": selectors.last_refresh(year),
    })


@login_required
@require_GET
def ranking(request, key: str, metric: str):
    item = selectors.scope(key)
    if item is None:
        raise Http404
    require(request.user, "view", item)
    try:
        shown = metrics.metric(metric)
    except KeyError:
        raise Http404 from None
    year = _year(request)
    ascending = request.GET.get("order") == "asc"
    page = Paginator(selectors.ranking(item.prefix, year, metric, ascending=ascending), 50).get_page(
        request.GET.get("page"))
    rows = list(page.object_list)
    top = max((abs(r.value) for r in rows), default=0)
    return render(request, "oversight/ranking.html", {
        "item": item, "metric": shown, "year": year, "page": page, "rows": rows, "top": top,
        "names": selectors.community_names([r.scope for r in rows]), "ascending": ascending,
        "total": selectors.figures_of(item.prefix, year).get(metric), "offset": page.start_index() - 1,
    })


# --- elections ---------------------------------------------------------------------------------------


@require_GET
def elections(request):
    within = request.GET.get("in", "").strip()[:9]
    within = within if within.isdigit() else ""
    page = Paginator(selectors.elections(within=within), 50).get_page(request.GET.get("page"))
    may_record = bool(selectors.prefixes_for(request.user, ["district_official"]) != [])
    return render(request, "oversight/elections.html", {"page": page, "within": within,
                                                        "may_record": may_record})


@login_required
@require_http_methods(["GET", "POST"])
def election_new(request):
    form = forms.ElectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            election = services.schedule_election(
                request.user, community=_community(form.cleaned_data["community"]), day=form.cleaned_data["day"],
                kind=form.cleaned_data["kind"])
        except ValidationError as error:
            _form_errors(form, error)
        except Http404:
            form.add_error("community", _("No local community has this KATO code."))
        else:
            return redirect("oversight:election", pk=election.pk)
    return render(request, "oversight/election_new.html", {"form": form})


@require_http_methods(["GET", "POST"])
def election(request, pk: int):
    try:
        item = selectors.election_detail(pk)
    except Election.DoesNotExist:
        raise Http404 from None
    candidates = list(item.candidates.all())
    may_change = can(request.user, "change", item) and item.status == Election.Status.SCHEDULED
    nominate = forms.CandidateForm(prefix="c")
    results = forms.ResultsForm(prefix="r", candidates=[c for c in candidates if c.is_eligible])
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if "nominate" in request.POST:
            nominate = forms.CandidateForm(request.POST, prefix="c")
            if nominate.is_valid():
                data = nominate.cleaned_data
                try:
                    candidate = services.nominate(
                        request.user, item, full_name=data["full_name"], birth_date=data["birth_date"],
                        education=data["education"], experience_years=data["experience_years"],
                        nomination=data["nomination"], party=data["party"], iin=data["iin"])
                except ValidationError as error:
                    _form_errors(nominate, error)
                else:
                    if candidate.is_eligible:
                        messages.success(request, _("The candidate is registered."))
                    else:
                        messages.error(request, _("Registration refused: %(reasons)s") % {
                            "reasons": " ".join(services.problem_messages(candidate.problems))})
                    return redirect("oversight:election", pk=pk)
        else:
            results = forms.ResultsForm(request.POST, prefix="r", candidates=[c for c in candidates if c.is_eligible])
            if results.is_valid():
                try:
                    services.record_results(request.user, item, electorate=results.cleaned_data["electorate"],
                                            ballots_cast=results.cleaned_data["ballots_cast"],
                                            votes=results.votes(),
                                            registered_on=results.cleaned_data["registered_on"])
                except ValidationError as error:
                    _form_errors(results, error)
                else:
                    messages.success(request, _("The results are recorded and the akim's term has begun."))
                    return redirect("oversight:election", pk=pk)
    top = max((c.votes or 0 for c in candidates), default=0)
    return render(request, "oversight/election.html", {
        "item": item, "candidates": [(c, services.problem_messages(c.problems)) for c in candidates],
        "top": top, "may_change": may_change, "nominate": nominate, "results": results,
    })


@require_GET
def community_akim(request, code: str):
    community = _community(code)
    return render(request, "oversight/community_akim.html", {
        "community": community, "current": selectors.current_term(community.pk),
        "terms": selectors.terms(within=code), "elections": selectors.elections(within=code),
        "may_end": can(request.user, "change", community.territory.code, subject="oversight.akimterm"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def term_end(request, pk: int):
    term = get_object_or_404(AkimTerm.objects.select_related("community__territory"), pk=pk)
    require(request.user, "change", term)
    form = forms.EndTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_term(request.user, term, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The term is ended."))
            return redirect("oversight:community_akim", code=term.community.code)
    return render(request, "oversight/term_end.html", {"term": term, "form": form})


# --- audits ------------------------------------------------------------------------------------------


@require_GET
def audits(request):
    page = Paginator(selectors.audits_visible_to(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "oversight/audits.html", {"page": page})


@require_GET
def community_audits(request, code: str):
    community = _community(code)
    items = selectors.audits_visible_to(request.user).filter(community=community)
    return render(request, "oversight/community_audits.html", {"community": community, "items": items})


@login_required
@require_http_methods(["GET", "POST"])
def audit_new(request):
    form = forms.AuditForm(request.POST or None, initial={"year": date.today().year - 1})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_audit(request.user, community=_community(form.cleaned_data["community"]),
                                         year=form.cleaned_data["year"], title=form.cleaned_data["title"])
        except ValidationError as error:
            _form_errors(form, error)
        except Http404:
            form.add_error("community", _("No local community has this KATO code."))
        else:
            return redirect("oversight:audit", pk=item.pk)
    return render(request, "oversight/audit_new.html", {"form": form})


def _audit_or_404(request, pk: int) -> Audit:
    try:
        item = selectors.audit_detail(pk)
    except Audit.DoesNotExist:
        raise Http404 from None
    if not can(request.user, "view", item):
        raise Http404
    return item


@require_GET
def audit(request, pk: int):
    item = _audit_or_404(request, pk)
    return render(request, "oversight/audit.html", {
        "item": item, "summary": selectors.audit_summary(item), "today": date.today(),
        "finding_form": forms.FindingForm(), "presentation_form": forms.PresentationForm(),
        "publish_form": forms.PublishForm(initial={"summary": item.public_summary}),
        "response_form": forms.ResponseForm(), "follow_up_form": forms.FollowUpForm(),
    })


@login_required
@require_POST
def audit_action(request, pk: int, action: str):
    """One endpoint per step of the audit: add a finding, record the presentation, publish."""
    item = _audit_or_404(request, pk)
    form_class = {"finding": forms.FindingForm, "present": forms.PresentationForm, "publish": forms.PublishForm}
    if action not in form_class:
        raise Http404
    form = form_class[action](request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "finding":
                services.add_finding(request.user, item, **data)
            elif action == "present":
                chair = User.objects.filter(username=data["chair"]).first()
                services.record_presentation(request.user, item, session_at=data["session_at"],
                                             session_url=data["session_url"], chair=chair)
            else:
                services.publish_audit(request.user, item, summary=data["summary"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("oversight:audit", pk=pk)
    forms_in_page = {"finding_form": forms.FindingForm(), "presentation_form": forms.PresentationForm(),
                     "publish_form": forms.PublishForm(), "response_form": forms.ResponseForm(),
                     "follow_up_form": forms.FollowUpForm()}
    forms_in_page[{"finding": "finding_form", "present": "presentation_form", "publish": "publish_form"}[action]] = form
    return render(request, "oversight/audit.html", {"item": item, "summary": selectors.audit_summary(item),
                                                    "today": date.today(), **forms_in_page}, status=400)


@login_required
@require_POST
def finding_action(request, pk: int, action: str):
    """The akim's response, or a follow-up step, on one finding."""
    finding = get_object_or_404(Finding.objects.select_related("audit__community__territory"), pk=pk)
    if not can(request.user, "view", finding):
        raise Http404
    if action not in ("respond", "follow-up"):
        raise Http404
    form = (forms.ResponseForm if action == "respond" else forms.FollowUpForm)(request.POST)
    if form.is_valid():
        try:
            if action == "respond":
                services.respond(request.user, finding, response=form.cleaned_data["response"])
            else:
                services.add_follow_up(request.user, finding, note=form.cleaned_data["note"],
                                       resolves=form.cleaned_data["resolves"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Fill in the text."))
    return redirect(reverse("oversight:audit", kwargs={"pk": finding.audit_id}) + f"#finding-{finding.number}")


@require_GET
def audit_summary(request, pk: int):
    item = _audit_or_404(request, pk)
    if not item.is_public:
        raise Http404
    return render(request, "oversight/audit_summary.html", {"item": item, "summary": selectors.audit_summary(item)})


# --- School of akims ---------------------------------------------------------------------------------


@require_GET
def school(request):
    courses = Course.objects.prefetch_related("modules").order_by("-year")
    context = {"courses": courses}
    if request.user.is_authenticated:
        context["enrolments"] = selectors.enrolments_visible_to(request.user)[:200]
        prefix = selectors.default_scope_for(request.user)
        if prefix is not None:
            year = _year(request)
            context.update(year=year, figures=selectors.figures_of(prefix, year), scope_key=prefix or "kz")
    return render(request, "oversight/school.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    prefixes = selectors.prefixes_for(request.user, ["district_official"])
    terms = selectors.terms(on=date.today()).filter(selectors.within_any(prefixes, selectors.CODE))
    if prefixes == []:
        raise PermissionDenied
    form = forms.EnrolForm(request.POST or None, courses=Course.objects.all(), terms=terms)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrol(request.user, Course.objects.get(pk=form.cleaned_data["course"]),
                           terms.get(pk=form.cleaned_data["term"]))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The akim is enrolled."))
            return redirect("oversight:school")
    return render(request, "oversight/enrol.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def enrolment(request, pk: int):
    item = get_object_or_404(Enrolment.objects.select_related("course", "term__community__territory"), pk=pk)
    require(request.user, "view", item)
    done = {c.module_id: c.completed_on for c in item.completions.all()}
    if request.method == "POST":
        module = get_object_or_404(Module, pk=request.POST.get("module"), course=item.course)
        try:
            services.complete_module(request.user, item, module)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The module is marked passed."))
        return redirect("oversight:enrolment", pk=pk)
    return render(request, "oversight/enrolment.html", {
        "item": item, "modules": [(m, done.get(m.pk)) for m in item.course.modules.all()],
        "may_change": can(request.user, "change", item)})


# --- powers register ---------------------------------------------------------------------------------


@require_GET
def powers(request):
    report = selectors.classification_report()
    rows = [(p, selectors.consensus(list(p.reviews.all())), len(p.reviews.all())) for p in report["powers"]]
    return render(request, "oversight/powers.html", {"rows": rows, "report": report,
                                                     "may_review": can(request.user, "create", "",
                                                                       subject="oversight.powerreview")})


@require_http_methods(["GET", "POST"])
def power(request, code: str):
    item = get_object_or_404(Power, code=code)
    may_review = can(request.user, "create", "", subject="oversight.powerreview")
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.review_power(request.user, item, **form.cleaned_data)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Your review is saved."))
                return redirect("oversight:power", code=code)
    reviews = list(item.reviews.all())
    return render(request, "oversight/power.html", {"item": item, "reviews": reviews, "form": form,
                                                    "consensus": selectors.consensus(reviews),
                                                    "may_review": may_review})


@login_required
@require_http_methods(["GET", "POST"])
def power_new(request):
    form = forms.MissingPowerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.propose_missing_power(request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            return redirect("oversight:power", code=item.code)
    return render(request, "oversight/power_new.html", {"form": form})
