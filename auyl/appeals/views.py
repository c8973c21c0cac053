"""Appeal pages: file, follow and rate (residents); register, handle and answer (the akim's office);
receptions; requests to other agencies. Views parse input and call services; the rules are there."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from auyl.appeals import deadlines, forms, selectors, services
from auyl.appeals.models import AgencyRequest, Appeal, Reception, ReceptionBooking
from auyl.core.permissions import can, require
from auyl.people.services import log_personal_data_access
from auyl.territory.models import Community
from auyl.territory.selectors import community_by_code


def _community(code: str) -> Community:
    try:
        return community_by_code(code)
    except Community.DoesNotExist:
        raise Http404 from None


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _require_office(request, community: Community) -> None:
    require(request.user, "change", community.territory.code, subject="appeals.appeal")


# --- residents ---------------------------------------------------------------------------------------


@require_GET
def community(request, code: str):
    """The public page of a community's appeals: how to file, the reception schedule, published appeals."""
    item = _community(code)
    today = timezone.localdate()
    published = Paginator(selectors.public(community_code=code), 20).get_page(request.GET.get("page"))
    return render(request, "appeals/community.html", {
        "community": item, "counts": selectors.counts(item, today=today), "page": published,
        "receptions": selectors.receptions(item, since=today)[:6],
        "is_office": can(request.user, "change", code, subject="appeals.appeal"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def new(request, code: str):
    item = _community(code)
    resident = request.user.resident if request.user.resident_id else None
    ask_name = resident is None or resident.community_id != item.pk
    form = forms.AppealForm(request.POST or None, request.FILES or None, community=item, ask_name=ask_name)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appeal = services.file_appeal(
                actor=request.user, community=item, category=data["category"], kind=data["kind"],
                settlement=data["settlement"], subject=data["subject"], text=data["text"],
                location_text=data["location_text"], is_public=data["is_public"],
                applicant_name=data.get("applicant_name", ""), photos=data["photos"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your appeal is registered under number %(number)s.")
                             % {"number": appeal.number})
            return redirect("appeals:receipt", pk=appeal.pk)
    return render(request, "appeals/new.html", {"community": item, "form": form, "office": False})


@login_required
@require_GET
def mine(request):
    page = Paginator(selectors.of_user(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "appeals/mine.html", {"page": page})


def _visible(request, pk: int) -> Appeal:
    try:
        appeal = selectors.detail(pk)
    except Appeal.DoesNotExist:
        raise Http404 from None
    if not can(request.user, "view", appeal):
        raise Http404
    return appeal


@require_GET
def receipt(request, pk: int):
    """The talon (art. 64): number, date and time of receipt, who received it, the term."""
    appeal = _visible(request, pk)
    if not can(request.user, "view", appeal, subject="appeals.applicant"):
        raise Http404
    return render(request, "appeals/receipt.html", {"appeal": appeal})


@require_GET
def detail(request, pk: int):
    appeal = _visible(request, pk)
    user = request.user
    sees_applicant = can(user, "view", appeal, subject="appeals.applicant")
    is_office = can(user, "change", appeal)
    if is_office and appeal.applicant_resident_id:
        log_personal_data_access(user, appeal.applicant_resident, f"appeals.detail {appeal.number}")
    events = [e for e in appeal.events.all() if is_office or not e.internal]
    context = {
        "appeal": appeal, "events": events, "sees_applicant": sees_applicant, "is_office": is_office,
        "overdue": appeal.is_overdue(timezone.localdate()),
        "may_rate": can(user, "change", appeal, subject="appeals.rating") and appeal.rating is None
        and appeal.status == "answered",
    }
    if is_office and appeal.is_open:
        staff = selectors.staff_of(appeal.community)
        context.update(
            assign_form=forms.AssignForm(staff=staff, initial={"assignee": appeal.assignee_id}, prefix="assign"),
            note_form=forms.NoteForm(prefix="note"), answer_form=forms.AnswerForm(prefix="answer"),
            forward_form=forms.ForwardForm(prefix="forward"),
            terminate_form=(forms.TerminateForm(prefix="terminate") if appeal.kind in services.SIMPLIFIED_KINDS
                            else None),
            extend_form=forms.ExtendForm(prefix="extend") if can(user, "approve", appeal) else None,
            request_form=forms.AgencyRequestForm(prefix="request"),
            latest_extension=deadlines.latest_extension(appeal.registered_on),
        )
    if context["may_rate"]:
        context["rate_form"] = forms.RateForm(prefix="rate")
    return render(request, "appeals/detail.html", context)


ACTIONS = {
    "assign": forms.AssignForm, "note": forms.NoteForm, "answer": forms.AnswerForm, "extend": forms.ExtendForm,
    "forward": forms.ForwardForm, "terminate": forms.TerminateForm, "rate": forms.RateForm,
    "request": forms.AgencyRequestForm,
}


def _perform(request, appeal: Appeal, action: str, data: dict) -> None:
    user = request.user
    if action == "assign":
        services.assign(actor=user, appeal=appeal, assignee=data["assignee"])
    elif action == "note":
        services.add_note(actor=user, appeal=appeal, text=data["text"])
    elif action == "answer":
        services.answer(actor=user, appeal=appeal, text=data["text"])
    elif action == "extend":
        services.extend_term(actor=user, appeal=appeal, until=data["until"], reason=data["reason"])
    elif action == "forward":
        services.forward(actor=user, appeal=appeal, to=data["to"])
    elif action == "terminate":
        services.terminate(actor=user, appeal=appeal, reason=data["reason"])
    elif action == "rate":
        services.rate_answer(actor=user, appeal=appeal, rating=data["rating"], comment=data["comment"])
    elif action == "request":
        services.send_agency_request(actor=user, community=appeal.community, agency=data["agency"],
                                     subject=data["subject"], text=data["text"], appeal=appeal,
                                     term_days=data["term_days"])


@login_required
@require_POST
def act(request, pk: int, action: str):
    """One handler for every step on an appeal; errors come back as messages on the appeal's page."""
    appeal = _visible(request, pk)
    if action not in ACTIONS:
        raise Http404
    form_class = ACTIONS[action]
    form = (form_class(request.POST, staff=selectors.staff_of(appeal.community), prefix=action)
            if action == "assign" else form_class(request.POST, prefix=action))
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("appeals:detail", pk=pk)
    try:
        _perform(request, appeal, action, form.cleaned_data)
    except PermissionDenied:
        raise
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("appeals:detail", pk=pk)


# --- the akim's office -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def office_new(request, code: str):
    """Register an appeal received on paper, by phone or at a reception (the same day, art. 64)."""
    item = _community(code)
    _require_office(request, item)
    form = forms.OfficeAppealForm(request.POST or None, request.FILES or None, community=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        received_at = (timezone.make_aware(datetime.combine(data["received_on"], time(9)))
                       if data["received_on"] else None)
        try:
            appeal = services.file_appeal(
                actor=request.user, community=item, channel=data["channel"], category=data["category"],
                kind=data["kind"], settlement=data["settlement"], subject=data["subject"], text=data["text"],
                location_text=data["location_text"], is_public=data["is_public"], photos=data["photos"],
                applicant_name=data["applicant_name"], applicant_iin=data["applicant_iin"],
                applicant_contact=data["applicant_contact"], applicant_address=data["applicant_address"],
                received_at=received_at)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Registered under number %(number)s.") % {"number": appeal.number})
            return redirect("appeals:receipt", pk=appeal.pk)
    return render(request, "appeals/new.html", {"community": item, "form": form, "office": True})


@login_required
@require_http_methods(["GET", "POST"])
def receptions(request, code: str):
    """The office schedules monthly personal receptions (art. 90) and sees who booked."""
    item = _community(code)
    _require_office(request, item)
    form = forms.ReceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.schedule_receptions(
                actor=request.user, community=item, official=request.user, official_title=data["official_title"],
                days=deadlines.monthly_days(data["first_day"], data["months"]), starts_at=data["starts_at"],
                ends_at=data["ends_at"], place=data["place"], slot_minutes=data["slot_minutes"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The receptions are on the schedule."))
            return redirect("appeals:receptions", code=code)
    upcoming = selectors.receptions(item, since=timezone.localdate()).prefetch_related("bookings")
    return render(request, "appeals/receptions.html", {
        "community": item, "form": form, "receptions": upcoming, "categories": selectors.categories(),
        "visit_statuses": forms.VisitForm.base_fields["status"].choices})


@require_http_methods(["GET", "POST"])
def reception(request, pk: int):
    """A reception's free times; a logged-in resident books one (the office books for callers)."""
    try:
        item = selectors.reception_detail(pk)
    except Reception.DoesNotExist:
        raise Http404 from None
    taken = {b.slot for b in item.bookings.all() if b.status != "cancelled"}
    free = [s for s in services.slots_of(item) if s not in taken]
    for_office = can(request.user, "change", item)
    form = forms.BookingForm(request.POST or None, slots=free, for_office=for_office)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/account/login/?next={request.path}")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.book_slot(actor=request.user, reception=item,
                                   slot=datetime.strptime(data["slot"], "%H:%M").time(), topic=data["topic"],
                                   visitor_name=data.get("visitor_name", ""))
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("You are booked for %(time)s on %(day)s.")
                                 % {"time": data["slot"], "day": item.day.strftime("%d.%m.%Y")})
                return redirect("appeals:community", code=item.community.territory.code)
    return render(request, "appeals/reception.html", {"reception": item, "form": form, "free": free})


@login_required
@require_POST
def record_visit(request, pk: int):
    booking = get_object_or_404(ReceptionBooking.objects.select_related("reception__community__territory"), pk=pk)
    form = forms.VisitForm(request.POST)
    code = booking.reception.community.territory.code
    if form.is_valid():
        try:
            services.record_visit(actor=request.user, booking=booking, status=form.cleaned_data["status"],
                                  outcome=form.cleaned_data["outcome"],
                                  appeal_category=form.cleaned_data["register_as"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Saved."))
    return redirect("appeals:receptions", code=code)


@login_required
@require_http_methods(["GET", "POST"])
def agency_requests(request, code: str):
    """Requests to other agencies: send one, record the answer; overdue ones first."""
    item = _community(code)
    require(request.user, "view", code, subject="appeals.agencyrequest")
    form = forms.AgencyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.send_agency_request(actor=request.user, community=item, agency=data["agency"],
                                         subject=data["subject"], text=data["text"], term_days=data["term_days"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The request is registered."))
            return redirect("appeals:requests", code=code)
    today = timezone.localdate()
    page = Paginator(selectors.agency_requests(item, today=today, due=request.GET.get("due", ""),
                                               search=request.GET.get("q", "").strip()[:100])
                     .order_by("status", "deadline"), 30).get_page(request.GET.get("page"))
    return render(request, "appeals/requests.html", {"community": item, "form": form, "page": page,
                                                     "today": today, "answer_form": forms.AgencyAnswerForm()})


@login_required
@require_POST
def agency_answer(request, pk: int):
    item = get_object_or_404(AgencyRequest.objects.select_related("community__territory"), pk=pk)
    form = forms.AgencyAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.record_agency_answer(actor=request.user, request=item, answer_text=form.cleaned_data["answer"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    return redirect("appeals:requests", code=item.community.territory.code)

