"""Budget pages: the citizen budget (public), its PDF and open data, the roll-up indicators, and the pages
where the akim's office and the district work the budget. Rules live in the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from auyl.budget import opendata, pdf, selectors, services, treasury
from auyl.budget.forms import (
    AdjustmentForm,
    ApproveForm,
    CreateBudgetForm,
    ExecutionForm,
    ImportForm,
    PlanRowForm,
)
from auyl.budget.models import EDITABLE_STATES, Budget, BudgetVersion, State
from auyl.core.models import AuditEntry
from auyl.core.permissions import can
from auyl.core.roles import Action
from auyl.territory.models import Community, Territory
from auyl.territory.selectors import community_by_code


def _community(code: str) -> Community:
    try:
        return community_by_code(code)
    except Community.DoesNotExist:
        raise Http404 from None


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- public: the citizen budget, its PDF and open data ------------------------------------------------


@require_GET
def citizen(request, code: str, year: int | None = None):
    community = _community(code)
    years = selectors.published_years(community)
    year = year or (years[0] if years else None)
    data = selectors.citizen_budget(community, year) if year else None
    if year and data is None and years:
        raise Http404
    return render(request, "budget/citizen.html", {
        "community": community, "years": years, "year": year, "data": data,
        "awaiting": selectors.versions_awaiting_assembly(community),
    })


def _published(code: str, year: int):
    data = selectors.citizen_budget(_community(code), year)
    if data is None:
        raise Http404
    return data


@require_GET
def citizen_pdf(request, code: str, year: int):
    response = HttpResponse(pdf.render(_published(code, year)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="budget-{code}-{year}.pdf"'
    return response


def _rows(code: str, year: int) -> list[dict]:
    _published(code, year)
    return selectors.open_data_rows(territory=code, year=year)


@require_GET
def open_csv(request, code: str, year: int):
    response = HttpResponse(opendata.to_csv(_rows(code, year)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budget-{code}-{year}.csv"'
    return response


@require_GET
def open_json(request, code: str, year: int):
    body = opendata.to_json(_rows(code, year), meta={"kato": code, "budget_year": year})
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@require_GET
def datapackage(request, code: str, year: int):
    data = _published(code, year)
    descriptor = opendata.datapackage(
        name=f"auyl-budget-{code}-{year}", year=year, csv_path="budget.csv",
        title=f"{data.community.territory.name_ru} / {data.community.territory.name_kk}: {year}–{year + 2}")
    return JsonResponse(descriptor, json_dumps_params={"ensure_ascii": False, "indent": 1})


# --- public: indicators rolled up by district, oblast and country -------------------------------------


@require_GET
def indicators(request, prefix: str = ""):
    if prefix and (not prefix.isdigit() or len(prefix) not in (2, 4)):
        raise Http404
    years = selectors.rollup_years()
    try:
        year = int(request.GET.get("year") or (years[0] if years else 0))
    except ValueError:
        year = years[0] if years else 0
    territory = Territory.objects.filter(code=prefix.ljust(9, "0")).first() if prefix else None
    if prefix and territory is None:
        raise Http404
    return render(request, "budget/indicators.html", {
        "prefix": prefix, "territory": territory, "year": year, "years": years,
        "total": selectors.budget_rollup(prefix, year), "children": selectors.rollup_children(prefix, year),
        "child_is_community": len(prefix) == 4,
    })


# --- the akim's office, the assembly and the district ------------------------------------------------


def _reads_drafts(user, community: Community) -> bool:
    """The office pages are for the roles that read drafts of this community's budgets (see rules.py)."""
    return can(user, Action.VIEW, community.territory.code, subject="budget.budgetversion")


@login_required
@require_GET
def manage(request, code: str):
    community = _community(code)
    if not _reads_drafts(request.user, community):
        raise PermissionDenied
    return render(request, "budget/manage.html", {
        "community": community, "budgets": selectors.budgets_of(community), "form": CreateBudgetForm(),
    })


@login_required
@require_POST
def create_budget(request, code: str):
    community = _community(code)
    form = CreateBudgetForm(request.POST)
    if not form.is_valid():
        _errors(request, ValidationError(list(form.errors.get("first_year", []))))
        return redirect("budget:manage", code=code)
    try:
        version = services.create_budget(community, form.cleaned_data["first_year"], actor=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("budget:manage", code=code)
    messages.success(request, _("Draft budget created."))
    return redirect("budget:version", pk=version.pk)


def _version_or_404(request, pk: int) -> BudgetVersion:
    try:
        version = selectors.version_with_rows(pk)
    except BudgetVersion.DoesNotExist:
        raise Http404 from None
    if not can(request.user, Action.VIEW, version):
        raise Http404
    return version


@require_GET
def version_detail(request, pk: int):
    version = _version_or_404(request, pk)
    budget = version.budget
    revenues, spending = selectors.plan_table(version)
    history = (AuditEntry.objects.filter(object_type="budget.budgetversion", object_id=str(version.pk))
               .order_by("seq").values("action", "created_at", "after"))
    editable = version.state in EDITABLE_STATES and can(request.user, Action.CHANGE, version)
    return render(request, "budget/version.html", {
        "version": version, "budget": budget, "community": budget.community, "years": budget.years,
        "revenues": revenues, "spending": spending,
        "headlines": [(year, services.headline_of(version, year)) for year in budget.years],
        "versions": budget.versions.order_by("number"), "history": history, "editable": editable,
        "plan_form": PlanRowForm(initial={"year": budget.first_year}) if editable else None,
        "approve_form": ApproveForm() if version.state == State.AGREED and can(
            request.user, Action.APPROVE, version) else None,
        "adjust_form": AdjustmentForm() if budget.in_force_id == version.pk and version.state in (
            State.APPROVED, State.IN_EXECUTION) and can(request.user, Action.CHANGE, version) else None,
        "may_change": can(request.user, Action.CHANGE, version),
    })


def _side_code(value: str) -> tuple[str, str]:
    side, _sep, code = value.partition(":")
    return side, code


@login_required
@require_POST
def version_action(request, pk: int, action: str):
    version = get_object_or_404(BudgetVersion, pk=pk)
    target = reverse("budget:version", kwargs={"pk": pk})
    try:
        if action == "plan":
            form = PlanRowForm(request.POST)
            if not form.is_valid():
                raise ValidationError([m for errors in form.errors.values() for m in errors])
            side, code = _side_code(form.cleaned_data["code"])
            services.set_plan(version, actor=request.user, side=side, code=code, year=form.cleaned_data["year"],
                              amount=form.cleaned_data["amount"])
        elif action == "submit":
            services.submit(version, actor=request.user)
        elif action == "approve":
            form = ApproveForm(request.POST)
            if not form.is_valid():
                raise ValidationError([m for errors in form.errors.values() for m in errors])
            services.approve(version, actor=request.user, reference=form.cleaned_data["reference"],
                             approved_on=form.cleaned_data["approved_on"])
        elif action == "start":
            services.start_execution(version, actor=request.user)
        elif action == "close":
            services.close(version, actor=request.user)
        elif action == "adjust":
            adjustment = services.create_adjustment(version.budget, actor=request.user,
                                                    reason=request.POST.get("reason", ""))
            target = reverse("budget:version", kwargs={"pk": adjustment.pk})
        else:
            raise Http404
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def execution(request, code: str, year: int):
    community = _community(code)
    budget = get_object_or_404(Budget, community=community, first_year=year)
    if not _reads_drafts(request.user, community):
        raise PermissionDenied
    entry_form, import_form, import_errors = ExecutionForm(), ImportForm(), []
    if request.method == "POST":
        try:
            if "file" in request.FILES:
                import_form = ImportForm(request.POST, request.FILES)
                if not import_form.is_valid():
                    raise ValidationError([m for errors in import_form.errors.values() for m in errors])
                upload = import_form.cleaned_data["file"]
                report = services.import_execution(budget, upload.read(), upload.name, actor=request.user)
                import_errors = report.errors
                if report.ok:
                    messages.success(request, _("%(n)s rows imported.") % {"n": report.saved})
                    return redirect("budget:execution", code=code, year=year)
                messages.error(request, _("Nothing was saved: the file has %(n)s bad rows.")
                               % {"n": len(report.errors)})
            else:
                entry_form = ExecutionForm(request.POST)
                if not entry_form.is_valid():
                    raise ValidationError([m for errors in entry_form.errors.values() for m in errors])
                side, code_value = _side_code(entry_form.cleaned_data["code"])
                services.record_execution(budget, actor=request.user, month=entry_form.cleaned_data["month"],
                                          side=side, code=code_value, amount=entry_form.cleaned_data["amount"])
                messages.success(request, _("Saved."))
                return redirect("budget:execution", code=code, year=year)
        except ValidationError as error:
            _errors(request, error)
    return render(request, "budget/execution.html", {
        "community": community, "budget": budget, "year": year,
        "summary": selectors.execution_summary(community, year),
        "entry_form": entry_form, "import_form": import_form, "import_errors": import_errors,
        "may_enter": can(request.user, Action.CREATE, community.territory.code, subject="budget.executionentry"),
    }, status=400 if import_errors else 200)


@login_required
@require_GET
def execution_export(request, code: str, year: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    community = _community(code)
    budget = get_object_or_404(Budget, community=community, first_year=year)
    if not _reads_drafts(request.user, community):
        raise PermissionDenied
    rows = selectors.execution_rows(budget)
    if fmt == "xlsx":
        response = HttpResponse(treasury.write_xlsx(rows), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    else:
        response = HttpResponse(treasury.write_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="execution-{code}-{year}.{fmt}"'
    return response

