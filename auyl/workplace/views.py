"""The akim's digital workplace: the morning page of a community, its lists (search, filter, XLSX), the office's
own books, a resident's card (each view logged), and refreshing the state-registry copies."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from auyl.core.permissions import can, require, role_scopes
from auyl.core.roles import Role
from auyl.people.crypto import masked_iin
from auyl.people.models import Resident
from auyl.people.services import log_personal_data_access
from auyl.registries.models import Source
from auyl.territory.models import Community
from auyl.territory.selectors import community_by_code
from auyl.workplace import selectors, services
from auyl.workplace.lists import LISTS, ListSpec, rows_for
from auyl.workplace.xlsx import workbook

EXPORT_LIMIT = 50_000


def _community(request, code: str) -> Community:
    """The community, if the user works in its akim's office; 404 otherwise (never tell what exists)."""
    try:
        community = community_by_code(code)
    except Community.DoesNotExist:
        raise Http404 from None
    if not can(request.user, "view", community, subject="workplace.dashboard"):
        raise Http404
    return community


@login_required
@require_GET
def index(request):
    """Straight to the user's community; a list when they work for several."""
    prefixes = [p for role, p in role_scopes(request.user) if role in (Role.AKIM, Role.STAFF)]
    codes = [p for p in prefixes if len(p) == 6]
    if len(codes) == 1:
        return redirect("workplace:dashboard", code=codes[0] + "000")
    communities = Community.objects.select_related("territory").order_by("territory__code")
    if not request.user.is_superuser:
        communities = communities.filter(territory__prefix__in=codes) if codes else communities.none()
    return render(request, "workplace/index.html", {"communities": communities[:200]})


@login_required
@require_GET
def dashboard(request, code: str):
    community = _community(request, code)
    morning = selectors.morning(community, today=timezone.localdate())
    sources = [(Source(key).label, status) for key, status in morning.sources.items()]
    return render(request, "workplace/dashboard.html", {"m": morning, "community": community, "sources": sources,
                                                        "lists": LISTS})


@login_required
@require_POST
def refresh(request, code: str):
    """Ask every registry for fresh data in the background; a dead source only marks itself unavailable."""
    community = _community(request, code)
    require(request.user, "change", code, subject="registries.sourcestatus")
    from auyl.registries.tasks import refresh_source

    for source in Source.values:
        transaction.on_commit(lambda s=source: refresh_source.enqueue(s, community.pk))
    messages.info(request, _("The registries are being refreshed."))
    return redirect("workplace:dashboard", code=code)


def _spec(key: str) -> ListSpec:
    if key not in LISTS:
        raise Http404
    return LISTS[key]


@login_required
@require_GET
def list_view(request, code: str, key: str):
    community, spec = _community(request, code), _spec(key)
    require(request.user, "view", code, subject=spec.subject)
    qs, chosen, search = rows_for(spec, community, timezone.localdate(), request.GET)
    if request.GET.get("export") == "xlsx":
        rows = ([column.value(obj) for column in spec.columns] for obj in qs[:EXPORT_LIMIT].iterator(chunk_size=2000))
        response = HttpResponse(workbook(str(spec.title), [str(c.title) for c in spec.columns], rows),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{code}-{key}.xlsx"'
        return response
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [(obj.pk, [(column, column.value(obj), column.link(obj) if column.link else "")
                      for column in spec.columns]) for obj in page.object_list]
    filters = [(item, item.choices()) for item in spec.filters]
    return render(request, "workplace/list.html", {
        "community": community, "spec": spec, "page": page, "rows": rows, "filters": filters, "chosen": chosen,
        "q": search, "settlements": community.settlements().order_by("code"),
        "may_edit": spec.model is not None and can(request.user, "create", code, subject=spec.subject),
        "export_query": request.GET.urlencode(),
    })


def _record_form(spec: ListSpec, community: Community):
    form_class = forms.modelform_factory(spec.model, fields=spec.fields, widgets={
        name: forms.DateInput(attrs={"type": "date"}) for name in spec.fields
        if spec.model._meta.get_field(name).get_internal_type() == "DateField"})

    class RecordForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if "settlement" in self.fields:
                self.fields["settlement"].queryset = community.settlements().order_by("code")

    return RecordForm


@login_required
@require_http_methods(["GET", "POST"])
def record(request, code: str, key: str, pk: int | None = None):
    """Add or change a record of the office's own books (household, property, fine, trade place, task)."""
    community, spec = _community(request, code), _spec(key)
    if spec.model is None:
        raise Http404
    instance = spec.model(community=community)
    if pk is not None:
        instance = spec.model.objects.filter(community=community, pk=pk).first()
        if instance is None:
            raise Http404
    if not can(request.user, "change" if pk else "create", instance):
        raise PermissionDenied
    form = _record_form(spec, community)(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_record(actor=request.user, record=form.save(commit=False))
        except ValidationError as error:
            problems = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
            for field, errors in problems:
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Saved."))
            return redirect("workplace:list", code=code, key=key)
    return render(request, "workplace/record.html", {"community": community, "spec": spec, "form": form,
                                                     "is_new": pk is None})


@login_required
@require_GET
def person(request, code: str, pk: int):
    """A resident's card: what the registries, the household register, appeals and fines hold. Each view is
    logged in the personal-data access log."""
    community = _community(request, code)
    try:
        resident, holdings = selectors.person(community, pk)
    except Resident.DoesNotExist:
        raise Http404 from None
    require(request.user, "view", resident)
    log_personal_data_access(request.user, resident, "workplace.person")
    return render(request, "workplace/person.html", {"community": community, "resident": resident,
                                                     "iin": masked_iin(resident.iin_last4), **holdings})
