"""The workplace's lists, declared once each: rows, columns, filters, search, and (for the office's own books)
the editable fields. One view renders any of them as a page or an XLSX workbook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from auyl.appeals import selectors as appeals
from auyl.appeals.models import AgencyRequest, Appeal, Category, RequestStatus, Status
from auyl.people.crypto import masked_iin
from auyl.registries.models import (
    HolderKind,
    LandPlot,
    LandPurpose,
    LegalEntity,
    RealEstate,
    TaxAccount,
    TaxKind,
    Vehicle,
)
from auyl.territory.models import Community
from auyl.workplace.models import (
    AdministrativeFine,
    DocumentState,
    FineArticle,
    FineStatus,
    Household,
    LandscapingTask,
    MunicipalProperty,
    PropertyKind,
    TaskStatus,
    TradePlace,
)


@dataclass(frozen=True)
class Column:
    title: str | Promise
    value: Callable[[Any], Any]
    link: Callable[[Any], str] | None = None
    numeric: bool = False


@dataclass(frozen=True)
class Filter:
    name: str
    title: str | Promise
    choices: Callable[[], list[tuple[str, Any]]]
    apply: Callable[[QuerySet, str], QuerySet]


@dataclass(frozen=True)
class ListSpec:
    key: str
    title: str | Promise
    subject: str
    rows: Callable[[Community, date], QuerySet]
    columns: tuple[Column, ...]
    filters: tuple[Filter, ...] = ()
    search: tuple[str, ...] = ()
    model: type | None = None  # set for the office's own books, which are edited here
    fields: tuple[str, ...] = ()
    order: tuple[str, ...] = ("id",)


def field_filter(name: str, title, choices) -> Filter:
    return Filter(name, title, lambda: list(choices), lambda qs, value: qs.filter(**{name: value}))


def _settlement(obj) -> str:
    return obj.settlement.name if obj.settlement_id else "—"


def _holder(obj) -> str:
    if obj.holder_kind == HolderKind.LEGAL:
        return getattr(obj, "name", "") or _("legal entity") + f" ••{obj.holder_last4}"
    return masked_iin(obj.holder_last4) if obj.holder_last4 else "—"


def _person_link(obj) -> str:
    if not obj.resident_id:
        return ""
    return reverse("workplace:person", args=[obj.community.territory.code, obj.resident_id])


def _due(qs: QuerySet, value: str) -> QuerySet:
    from django.utils import timezone

    return qs.filter(appeals.due_condition(value, timezone.localdate())).order_by("deadline", "id")


SETTLEMENT = Column(_("Settlement"), _settlement)

LISTS: dict[str, ListSpec] = {spec.key: spec for spec in [
    ListSpec(
        "appeals", _("Appeals"), "appeals.appeal",
        lambda c, today: Appeal.objects.filter(community=c).select_related("category", "settlement", "assignee"),
        (Column(_("Number"), lambda a: a.number, lambda a: reverse("appeals:detail", args=[a.pk])),
         Column(_("Received"), lambda a: a.received_at.date()),
         Column(_("Category"), lambda a: a.category.name), Column(_("Subject"), lambda a: a.subject), SETTLEMENT,
         Column(_("Status"), lambda a: a.get_status_display()), Column(_("Deadline"), lambda a: a.deadline),
         Column(_("Assigned to"), lambda a: a.assignee.get_username() if a.assignee_id else "—")),
        (field_filter("status", _("Status"), Status.choices),
         Filter("due", _("Term"), lambda: [("open", _("open")), ("overdue", _("overdue")),
                                           ("near", _("due within 3 working days"))], _due),
         Filter("category", _("Category"),
                lambda: [(c.code, c.name) for c in Category.objects.filter(is_active=True)],
                lambda qs, value: qs.filter(category__code=value))),
        search=("number", "subject", "text"), order=("-received_at", "-id")),
    ListSpec(
        "agency_requests", _("Requests to agencies"), "appeals.agencyrequest",
        lambda c, today: AgencyRequest.objects.filter(community=c),
        (Column(_("Number"), lambda r: r.number), Column(_("Addressee"), lambda r: r.agency),
         Column(_("Subject"), lambda r: r.subject), Column(_("Sent"), lambda r: r.sent_on),
         Column(_("Answer due"), lambda r: r.deadline), Column(_("Status"), lambda r: r.get_status_display())),
        (field_filter("status", _("Status"), RequestStatus.choices),),
        search=("number", "agency", "subject"), order=("deadline", "id")),
    ListSpec(
        "households", _("Household register"), "workplace.household",
        lambda c, today: Household.objects.filter(community=c).select_related("settlement"),
        (Column(_("Book, account"), lambda h: h.book_number), SETTLEMENT, Column(_("Address"), lambda h: h.address),
         Column(_("Members"), lambda h: h.members, numeric=True),
         Column(_("Cattle"), lambda h: h.cattle, numeric=True),
         Column(_("Sheep and goats"), lambda h: h.sheep_goats, numeric=True),
         Column(_("Horses"), lambda h: h.horses, numeric=True),
         Column(_("Poultry"), lambda h: h.poultry, numeric=True),
         Column(_("Plot, ha"), lambda h: h.plot_ha, numeric=True)),
        search=("book_number", "address"), model=Household,
        fields=("book_number", "settlement", "address", "members", "cattle", "sheep_goats", "horses", "poultry",
                "plot_ha"), order=("settlement__code", "book_number")),
    ListSpec(
        "property", _("Municipal property"), "workplace.municipalproperty",
        lambda c, today: MunicipalProperty.objects.filter(community=c).select_related("settlement"),
        (Column(_("Object"), lambda p: p.name), Column(_("Kind"), lambda p: p.get_kind_display()), SETTLEMENT,
         Column(_("Inventory No."), lambda p: p.inventory_number),
         Column(_("Cadastral No."), lambda p: p.cadastral_number),
         Column(_("Documents"), lambda p: p.get_document_state_display()),
         Column(_("Book value, ₸"), lambda p: p.book_value, numeric=True),
         Column(_("In use"), lambda p: _("yes") if p.in_use else _("no"))),
        (field_filter("kind", _("Kind"), PropertyKind.choices),
         field_filter("document_state", _("Documents"), DocumentState.choices)),
        search=("name", "inventory_number", "cadastral_number"), model=MunicipalProperty,
        fields=("name", "kind", "settlement", "inventory_number", "cadastral_number", "document_state",
                "book_value", "in_use"), order=("name",)),
    ListSpec(
        "fines", _("Administrative fines"), "workplace.administrativefine",
        lambda c, today: AdministrativeFine.objects.filter(community=c).select_related("settlement"),
        (Column(_("Resolution No."), lambda f: f.number), Column(_("Article"), lambda f: f.get_article_display()),
         Column(_("Issued"), lambda f: f.issued_on), SETTLEMENT,
         Column(_("Amount, ₸"), lambda f: f.amount, numeric=True),
         Column(_("Paid, ₸"), lambda f: f.paid, numeric=True), Column(_("Status"), lambda f: f.get_status_display())),
        (field_filter("article", _("Article"), FineArticle.choices),
         field_filter("status", _("Status"), FineStatus.choices)),
        search=("number",), model=AdministrativeFine,
        fields=("number", "article", "settlement", "issued_on", "amount", "paid", "status", "offender_is_legal"),
        order=("-issued_on", "-id")),
    ListSpec(
        "trade_places", _("Street-trade places"), "workplace.tradeplace",
        lambda c, today: TradePlace.objects.filter(community=c).select_related("settlement"),
        (Column(_("Place No."), lambda t: t.number), Column(_("Location"), lambda t: t.location), SETTLEMENT,
         Column(_("Kind"), lambda t: t.kind), Column(_("Holder"), lambda t: t.holder or _("free")),
         Column(_("Permit until"), lambda t: t.permit_until),
         Column(_("Monthly fee, ₸"), lambda t: t.monthly_fee, numeric=True)),
        (Filter("occupied", _("Occupancy"), lambda: [("yes", _("occupied")), ("no", _("free"))],
                lambda qs, value: qs.exclude(holder="") if value == "yes" else qs.filter(holder="")),),
        search=("number", "location", "holder"), model=TradePlace,
        fields=("number", "settlement", "location", "kind", "area_m2", "holder", "permit_until", "monthly_fee"),
        order=("number",)),
    ListSpec(
        "landscaping", _("Landscaping tasks"), "workplace.landscapingtask",
        lambda c, today: LandscapingTask.objects.filter(community=c).select_related("settlement"),
        (Column(_("Task"), lambda t: t.title), SETTLEMENT, Column(_("Responsible"), lambda t: t.responsible),
         Column(_("Due"), lambda t: t.due_on), Column(_("Status"), lambda t: t.get_status_display()),
         Column(_("Cost, ₸"), lambda t: t.cost, numeric=True)),
        (field_filter("status", _("Status"), TaskStatus.choices),),
        search=("title", "responsible"), model=LandscapingTask,
        fields=("title", "settlement", "responsible", "due_on", "status", "cost", "done_on"), order=("due_on", "id")),
    ListSpec(
        "taxes", _("Taxpayers and arrears"), "registries.taxaccount",
        lambda c, today: TaxAccount.objects.filter(community=c).select_related("settlement", "community__territory"),
        (Column(_("Tax"), lambda t: t.get_tax_kind_display()), Column(_("Year"), lambda t: t.year),
         Column(_("Taxpayer"), _holder, _person_link), SETTLEMENT,
         Column(_("Assessed, ₸"), lambda t: t.assessed, numeric=True),
         Column(_("Paid, ₸"), lambda t: t.paid, numeric=True),
         Column(_("Arrears, ₸"), lambda t: t.arrears, numeric=True)),
        (field_filter("tax_kind", _("Tax"), TaxKind.choices),
         field_filter("holder_kind", _("Taxpayer"), HolderKind.choices),
         Filter("debt", _("Arrears"), lambda: [("yes", _("only with arrears"))],
                lambda qs, value: qs.filter(arrears__gt=0))),
        search=("name", "holder_last4"), order=("-arrears", "id")),
    ListSpec(
        "legal_entities", _("Legal entities"), "registries.legalentity",
        lambda c, today: LegalEntity.objects.filter(community=c).select_related("settlement"),
        (Column(_("Name"), lambda e: e.name), Column(_("Legal form"), lambda e: e.form),
         Column(_("Activity"), lambda e: e.activity), SETTLEMENT, Column(_("Registered"), lambda e: e.registered_on),
         Column(_("Active"), lambda e: _("yes") if e.is_active else _("no"))),
        (Filter("active", _("Active"), lambda: [("yes", _("active")), ("no", _("inactive"))],
                lambda qs, value: qs.filter(is_active=value == "yes")),),
        search=("name", "activity", "form"), order=("name",)),
    ListSpec(
        "land_plots", _("Land plots"), "registries.landplot",
        lambda c, today: LandPlot.objects.filter(community=c).select_related("settlement", "community__territory"),
        (Column(_("Cadastral No."), lambda p: p.cadastral_number),
         Column(_("Purpose"), lambda p: p.get_purpose_display()),
         Column(_("Area, ha"), lambda p: p.area_ha, numeric=True), Column(_("Right"), lambda p: p.right),
         Column(_("Holder"), _holder, _person_link), SETTLEMENT,
         Column(_("Registered"), lambda p: _("yes") if p.registered else _("no"))),
        (field_filter("purpose", _("Purpose"), LandPurpose.choices),
         Filter("registered", _("Right registered"), lambda: [("yes", _("yes")), ("no", _("no"))],
                lambda qs, value: qs.filter(registered=value == "yes"))),
        search=("cadastral_number",), order=("cadastral_number",)),
    ListSpec(
        "real_estate", _("Real estate"), "registries.realestate",
        lambda c, today: RealEstate.objects.filter(community=c).select_related("settlement", "community__territory"),
        (Column(_("Object No."), lambda r: r.object_number), Column(_("Kind"), lambda r: r.kind),
         Column(_("Area, m²"), lambda r: r.area_m2, numeric=True), Column(_("Holder"), _holder, _person_link),
         SETTLEMENT, Column(_("Registered"), lambda r: _("yes") if r.registered else _("no"))),
        (Filter("registered", _("Right registered"), lambda: [("yes", _("yes")), ("no", _("no"))],
                lambda qs, value: qs.filter(registered=value == "yes")),),
        search=("object_number", "kind"), order=("object_number",)),
    ListSpec(
        "vehicles", _("Vehicles"), "registries.vehicle",
        lambda c, today: Vehicle.objects.filter(community=c).select_related("settlement", "community__territory"),
        (Column(_("Kind"), lambda v: v.kind), Column(_("Year made"), lambda v: v.year_made),
         Column(_("Owner"), _holder, _person_link), SETTLEMENT),
        (field_filter("holder_kind", _("Owner"), HolderKind.choices),),
        search=("kind",), order=("kind", "id")),
]}


def rows_for(spec: ListSpec, community: Community, today: date, params) -> tuple[QuerySet, dict[str, str], str]:
    """The spec's rows with the request's filters, settlement and search applied."""
    qs = spec.rows(community, today).order_by(*spec.order)
    chosen: dict[str, str] = {}
    for item in spec.filters:
        value = params.get(item.name, "")[:40]
        if value and value in {str(key) for key, _label in item.choices()}:
            qs, chosen[item.name] = item.apply(qs, value), value
    if settlement := params.get("settlement", "")[:9]:
        qs, chosen["settlement"] = qs.filter(settlement__code=settlement), settlement
    search = params.get("q", "").strip()[:100]
    if search and spec.search:
        condition = Q()
        for name in spec.search:
            condition |= Q(**{f"{name}__icontains": search})
        qs = qs.filter(condition)
    return qs, chosen, search
