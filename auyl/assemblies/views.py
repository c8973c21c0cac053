"""Pages of gatherings and assemblies. Views parse input, ask ``can()``, call a service or a selector."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from auyl.assemblies import forms, minutes, selectors, services
from auyl.assemblies.models import (
    AgendaItem,
    AkimPosition,
    AkimReport,
    Attendance,
    Body,
    BodyKind,
    Decision,
    DevelopmentProgramme,
    DismissalProcedure,
    Goal,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Membership,
    MonitoringReport,
    ProgrammeStatus,
    ReportQuestion,
    ReportStatus,
    StepKind,
    SubjectKind,
)
from auyl.core.permissions import can, require
from auyl.people.models import Resident
from auyl.territory.models import Community


def _community(code: str) -> Community:
    return get_object_or_404(Community.objects.select_related("territory", "district"), territory__code=code)


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _act(request, call: Callable[[], object], success: str, target: str):
    """Run one service call; its localised refusal becomes a message, the page is shown again."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, _errors(error))
    except PermissionDenied:
        raise
    else:
        messages.success(request, success)
    return redirect(target)


def _invalid(request, form, target: str):
    problems = [f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}".lstrip(": ")
                for f, e in form.errors.items()]
    messages.error(request, " ".join(problems))
    return redirect(target)


def _form_page(request, *, title: str, form, back: str, intro: str = ""):
    return render(request, "assemblies/form_page.html", {"title": title, "form": form, "back": back,
                                                          "intro": intro})


# --- community overview, bodies ----------------------------------------------------------------------------


@require_GET
def community(request, code: str):
    item = _community(code)
    gathering = Body.objects.filter(community=item, kind=BodyKind.GATHERING).first()
    electorate = selectors.entitled(gathering).count() if gathering else None
    meetings = selectors.meetings_visible_to(request.user, item)
    now = timezone.now()
    page = Paginator(meetings.filter(starts_at__lt=now), 20).get_page(request.GET.get("page"))
    bodies = list(selectors.bodies_of(item))
    return render(request, "assemblies/community.html", {
        "community": item, "gathering": gathering, "electorate": electorate,
        "electorate_quorum": selectors.quorum_needed(gathering, electorate) if gathering else None,
        "assemblies": [b for b in bodies if b.kind == BodyKind.ASSEMBLY],
        "separates": [b for b in bodies if b.kind == BodyKind.SEPARATE],
        "commissions": [b for b in bodies if b.kind == BodyKind.COMMISSION],
        "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at"), "page": page,
        "programmes": selectors.programmes_of(item), "reports": selectors.reports_of(item),
        "procedures": selectors.dismissal_procedures_of(item),
        "is_official": can(request.user, "create", item.territory.code, subject="assemblies.meeting"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def create_body(request, code: str, kind: str):
    item = _community(code)
    require(request.user, "create", item.territory.code, subject="assemblies.body")
    back = reverse("assemblies:community", args=[code])
    form_class = {"assembly": forms.TermForm, "separate": forms.SeparateGatheringForm,
                  "commission": forms.CommissionForm}.get(kind)
    if form_class is None:
        raise Http404
    kwargs = {"community": item} if kind == "separate" else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "assembly":
                body = services.form_assembly(request.user, item, term_start=data["term_start"])
            elif kind == "separate":
                body = services.create_separate_gathering(request.user, item, name=data["name"],
                                                          settlement=data["settlement"], section=data["section"])
            else:
                body = services.create_commission(request.user, item, name=data["name"],
                                                  term_start=data["term_start"])
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("assemblies:body", pk=body.pk)
    titles = {"assembly": _("New term of the assembly"), "separate": _("New separate gathering"),
              "commission": _("New monitoring commission")}
    return _form_page(request, title=titles[kind], form=form, back=back)


@require_GET
def body(request, pk: int):
    item = get_object_or_404(Body.objects.select_related("community__territory", "settlement"), pk=pk)
    may_edit = can(request.user, "change", item)
    found = []
    query = request.GET.get("q", "").strip()[:100]
    if may_edit and query and item.kind != BodyKind.GATHERING:
        from auyl.people.selectors import adult_members

        qs = adult_members(item.community_id)
        qs = qs.filter(iin_last4=query) if query.isdigit() else qs.filter(last_name__istartswith=query)
        found = list(qs.select_related("settlement").order_by("last_name", "first_name", "id")[:20])
    return render(request, "assemblies/body.html", {
        "body": item, "members": selectors.active_memberships(item), "may_edit": may_edit, "q": query,
        "found": found, "member_form": forms.MemberForm(),
        "overdue": selectors.monitoring_overdue(item) if item.kind == BodyKind.COMMISSION else [],
        "entitled": selectors.entitled(item).count(),
    })


@login_required
@require_POST
def add_member(request, pk: int):
    item = get_object_or_404(Body, pk=pk)
    form = forms.MemberForm(request.POST)
    target = reverse("assemblies:body", args=[pk])
    if not form.is_valid():
        return _invalid(request, form, target)
    resident = get_object_or_404(Resident, pk=form.cleaned_data["resident"], community_id=item.community_id)
    return _act(request, lambda: services.add_member(request.user, item, resident,
                                                     position=form.cleaned_data["position"],
                                                     basis=form.cleaned_data["basis"]),
                _("The member is seated."), target)


@login_required
@require_POST
def end_member(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("body"), pk=pk)
    return _act(request, lambda: services.end_membership(request.user, membership), _("The seat has ended."),
                reverse("assemblies:body", args=[membership.body_id]))


@login_required
@require_POST
def representatives(request, code: str):
    item = _community(code)
    gathering = services.ensure_gathering(item)
    value = request.POST.get("value") == "1"
    return _act(request, lambda: services.set_by_representatives(request.user, gathering, value), _("Saved."),
                reverse("assemblies:community", args=[code]))


# --- meetings --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def convene(request, code: str):
    item = _community(code)
    require(request.user, "create", item.territory.code, subject="assemblies.meeting")
    services.ensure_gathering(item)
    form = forms.ConveneForm(request.POST or None, community=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        questions = [line.strip() for line in data["questions"].splitlines() if line.strip()]
        kind_subject = {MeetingKind.AKIM_REPORT: SubjectKind.AKIM_REPORT,
                        MeetingKind.CANDIDATE: SubjectKind.CANDIDATE}.get(data["kind"], SubjectKind.OTHER)
        try:
            meeting = services.convene(
                request.user, data["body"], starts_at=data["starts_at"], place=data["place"], kind=data["kind"],
                convened_by=data["convened_by"], initiative=data["initiative"],
                initiative_reference=data["initiative_reference"],
                district_consent=data["district_consent"],
                items=[services.ItemInput(q, kind_subject) for q in questions])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("The meeting is convened. Check the agenda and publish the notice."))
            return redirect("assemblies:meeting", pk=meeting.pk)
    return _form_page(request, title=_("Convene a meeting"), form=form,
                      back=reverse("assemblies:community", args=[code]))


def _meeting_or_404(request, pk: int):
    try:
        meeting = selectors.meeting_detail(pk)
    except Exception as error:
        raise Http404 from error
    if not can(request.user, "view", meeting):
        raise Http404
    return meeting


def _subjects(meeting) -> list[tuple[str, str]]:
    """The agenda's subject choices: this body's powers, with the budget versions, programmes and reports
    waiting for it."""
    community_id = meeting.body.community_id
    powers = services.POWERS[meeting.body.kind]
    choices: list[tuple[str, str]] = []
    if SubjectKind.BUDGET in powers:
        choices += [(f"budget|{key}", f"{SubjectKind.BUDGET.label}: {label}")
                    for key, label in selectors.budget_subjects(meeting.body.community).items()]
    if SubjectKind.PROGRAMME in powers:
        choices += [(f"programme|{p.pk}", f"{SubjectKind.PROGRAMME.label}: {p}") for p in
                    DevelopmentProgramme.objects.filter(community_id=community_id, status=ProgrammeStatus.DRAFT)]
    if SubjectKind.MONITORING in powers:
        choices += [(f"monitoring|{r.pk}", f"{SubjectKind.MONITORING.label}: {r.year}/{r.half}") for r in
                    MonitoringReport.objects.filter(commission__community_id=community_id, adopted_by=None)]
    choices += [(f"rediscussion|{d.pk}", _("Re-discussion: %(title)s") % {"title": d.item.title}) for d in
                Decision.objects.filter(community_id=community_id, akim_position=AkimPosition.DISAGREED)
                .select_related("item")]
    for kind in (SubjectKind.PROPERTY, SubjectKind.CANDIDATE, SubjectKind.DISMISSAL, SubjectKind.ASSEMBLY,
                 SubjectKind.AKIM_REPORT, SubjectKind.OTHER):
        if kind in powers:
            choices.append((f"{kind.value}|", str(kind.label)))
    return choices


@require_GET
def meeting(request, pk: int):
    item = _meeting_or_404(request, pk)
    may_run = can(request.user, "change", item)
    context = {"meeting": item, "items": list(item.items.all()), "quorum": selectors.quorum(item),
               "may_run": may_run, "is_akim": False, "is_district": False}
    if may_run and item.status in (MeetingStatus.DRAFT, MeetingStatus.NOTIFIED):
        context["item_form"] = forms.AgendaItemForm(subjects=_subjects(item))
    if may_run and item.status == MeetingStatus.DRAFT:
        context["notice_form"] = forms.NoticeForm()
    if may_run and item.status == MeetingStatus.NOTIFIED:
        context["open_form"] = forms.OpenForm()
    if may_run and item.status == MeetingStatus.OPEN:
        query = request.GET.get("q", "")[:100]
        context["q"] = query
        context["found"] = selectors.find_entitled(item, query)
    for agenda_item in context["items"]:
        decision = getattr(agenda_item, "decision", None)
        if may_run and item.status == MeetingStatus.OPEN and decision is None:
            agenda_item.vote_form = forms.VoteForm(prefix=f"i{agenda_item.pk}")
        if may_run and item.status in (MeetingStatus.OPEN, MeetingStatus.CLOSED):
            agenda_item.speeches_form = forms.SpeechesForm(prefix=f"s{agenda_item.pk}",
                                                           initial={"speeches": agenda_item.speeches})
        if decision is not None and decision.adopted:
            if decision.akim_position == AkimPosition.PENDING and can(request.user, "change", decision):
                agenda_item.response_form = forms.AkimResponseForm(prefix=f"r{decision.pk}")
            if decision.akim_position == AkimPosition.DISAGREED and can(request.user, "approve", decision):
                agenda_item.district_form = forms.DistrictResolutionForm(prefix=f"d{decision.pk}")
    context["see_attendance"] = can(request.user, "view", item.permission_scope, subject="assemblies.attendance")
    context["by_settlement"] = selectors.attendance_by_settlement(item)
    return render(request, "assemblies/meeting.html", context)


@require_GET
def quorum_fragment(request, pk: int):
    """The live quorum panel, polled by htmx while the meeting is in session."""
    item = _meeting_or_404(request, pk)
    return render(request, "assemblies/_quorum.html", {"quorum": selectors.quorum(item), "meeting": item})


def _back(pk: int) -> str:
    return reverse("assemblies:meeting", args=[pk])


@login_required
@require_POST
def add_item(request, pk: int):
    item = _meeting_or_404(request, pk)
    form = forms.AgendaItemForm(request.POST, subjects=_subjects(item))
    if not form.is_valid():
        return _invalid(request, form, _back(pk))
    kind, _sep, ref = form.cleaned_data["subject"].partition("|")
    data = services.ItemInput(form.cleaned_data["title"], kind)
    if kind == "budget":
        data.subject_key = ref
    elif kind == "programme":
        data.programme = get_object_or_404(DevelopmentProgramme, pk=ref)
    elif kind == "monitoring":
        data.monitoring_report = get_object_or_404(MonitoringReport, pk=ref)
    elif kind == "rediscussion":
        data.subject_kind, data.rediscussion_of = SubjectKind.OTHER, get_object_or_404(Decision, pk=ref)
    return _act(request, lambda: services.add_agenda_item(request.user, item, data), _("The question is added."),
                _back(pk))


@login_required
@require_POST
def publish_notice(request, pk: int):
    item = _meeting_or_404(request, pk)
    form = forms.NoticeForm(request.POST)
    form.is_valid()
    return _act(request, lambda: services.publish_notice(request.user, item, text=form.cleaned_data.get("text", "")),
                _("The notice is published and being sent."), _back(pk))


@login_required
@require_POST
def open_meeting(request, pk: int):
    item = _meeting_or_404(request, pk)
    form = forms.OpenForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form, _back(pk))
    return _act(request, lambda: services.open_meeting(request.user, item, **form.cleaned_data),
                _("The meeting is open."), _back(pk))


@login_required
@require_POST
def register(request, pk: int):
    item = _meeting_or_404(request, pk)
    resident = get_object_or_404(Resident, pk=request.POST.get("resident", "0") or 0)
    query = request.POST.get("q", "")[:100]
    target = _back(pk) + (f"?q={query}" if query else "") + "#attendance"
    return _act(request, lambda: services.register_attendance(request.user, item, resident),
                _("Registered as present."), target)


@login_required
@require_POST
def unregister(request, pk: int):
    attendance = get_object_or_404(Attendance.objects.select_related("meeting"), pk=pk)
    return _act(request, lambda: services.remove_attendance(request.user, attendance), _("Removed from those present."),
                reverse("assemblies:attendance", args=[attendance.meeting_id]))


@login_required
@require_GET
def attendance(request, pk: int):
    item = _meeting_or_404(request, pk)
    require(request.user, "view", item.permission_scope, subject="assemblies.attendance")
    return render(request, "assemblies/attendance.html", {
        "meeting": item, "rows": selectors.attendance_of(item),
        "may_run": can(request.user, "change", item) and item.status == MeetingStatus.OPEN})


@login_required
@require_POST
def vote(request, pk: int):
    agenda_item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = forms.VoteForm(request.POST, prefix=f"i{pk}")
    target = _back(agenda_item.meeting_id) + f"#item-{pk}"
    if not form.is_valid():
        return _invalid(request, form, target)
    return _act(request, lambda: services.record_decision(request.user, agenda_item, **form.cleaned_data),
                _("The vote is recorded."), target)


@login_required
@require_POST
def speeches(request, pk: int):
    agenda_item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = forms.SpeechesForm(request.POST, prefix=f"s{pk}")
    form.is_valid()
    return _act(request, lambda: services.record_speeches(request.user, agenda_item,
                                                          form.cleaned_data.get("speeches", "")),
                _("Saved."), _back(agenda_item.meeting_id) + f"#item-{pk}")


@login_required
@require_POST
def close(request, pk: int):
    item = _meeting_or_404(request, pk)
    return _act(request, lambda: services.close_meeting(request.user, item), _("The meeting is closed."), _back(pk))


@login_required
@require_POST
def sign(request, pk: int):
    item = _meeting_or_404(request, pk)
    return _act(request, lambda: services.sign_minutes(request.user, item),
                _("The minutes are signed by the chair and the secretary."), _back(pk))


@login_required
@require_POST
def publish_minutes(request, pk: int):
    item = _meeting_or_404(request, pk)
    return _act(request, lambda: services.publish_minutes(request.user, item), _("The minutes are published."),
                _back(pk))


@login_required
@require_POST
def cancel(request, pk: int):
    item = _meeting_or_404(request, pk)
    return _act(request, lambda: services.cancel_meeting(request.user, item, reason=request.POST.get("reason", "")),
                _("The meeting is cancelled."), _back(pk))


@login_required
@require_POST
def akim_response(request, pk: int):
    decision = get_object_or_404(Decision.objects.select_related("item"), pk=pk)
    form = forms.AkimResponseForm(request.POST, prefix=f"r{pk}")
    target = _back(decision.item.meeting_id)
    if not form.is_valid():
        return _invalid(request, form, target)
    return _act(request, lambda: services.respond_as_akim(request.user, decision, **form.cleaned_data), _("Saved."),
                target)


@login_required
@require_POST
def district_resolution(request, pk: int):
    decision = get_object_or_404(Decision.objects.select_related("item"), pk=pk)
    form = forms.DistrictResolutionForm(request.POST, prefix=f"d{pk}")
    target = _back(decision.item.meeting_id)
    if not form.is_valid():
        return _invalid(request, form, target)
    return _act(request, lambda: services.record_district_resolution(request.user, decision, **form.cleaned_data),
                _("Saved."), target)


# --- minutes ---------------------------------------------------------------------------------------------


def _minutes_ready(request, pk: int, *, full: bool):
    item = _meeting_or_404(request, pk)
    officials = can(request.user, "view", item.permission_scope, subject="assemblies.attendance")
    if item.status != MeetingStatus.PUBLISHED and not (officials and item.signed_at):
        raise Http404
    if full and not officials:
        raise PermissionDenied
    return item, officials


@require_GET
def minutes_page(request, pk: int):
    full = request.GET.get("full") == "1"
    item, officials = _minutes_ready(request, pk, full=full)
    language = request.GET.get("lang", "kk" if (request.LANGUAGE_CODE or "kk") == "kk" else "ru")
    document = minutes.build(item, language, full=full)
    return render(request, "assemblies/minutes.html", {"meeting": item, "doc": document, "labels": document.labels,
                                                       "officials": officials, "full": full})


@require_GET
def minutes_pdf(request, pk: int, language: str):
    """The public rendering; ``?full=1`` gives officials the signed original with the list of those present."""
    full = request.GET.get("full") == "1"
    item, _officials = _minutes_ready(request, pk, full=full)
    if language not in minutes.MINUTES_LANGUAGES:
        raise Http404
    stored = getattr(item, f"minutes_pdf_{language}")
    if full and stored:
        return FileResponse(stored.open("rb"), content_type="application/pdf",
                            filename=f"minutes-{item.pk}-{language}.pdf")
    content = minutes.render_pdf(minutes.build(item, language, full=full))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{item.pk}-{language}.pdf"'
    return response


# --- development programme and monitoring ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def new_programme(request, code: str):
    item = _community(code)
    require(request.user, "create", item.territory.code, subject="assemblies.developmentprogramme")
    form = forms.ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_programme(request.user, item, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            return redirect("assemblies:programme", pk=programme.pk)
    return _form_page(request, title=_("New development programme"), form=form,
                      back=reverse("assemblies:community", args=[code]))


@require_GET
def programme(request, pk: int):
    try:
        item = selectors.programme_detail(pk)
    except DevelopmentProgramme.DoesNotExist:
        raise Http404 from None
    may_edit = can(request.user, "change", item) and item.status == ProgrammeStatus.DRAFT
    return render(request, "assemblies/programme.html", {
        "programme": item, "may_edit": may_edit, "goal_form": forms.GoalForm(),
        "measure_form": forms.MeasureForm(), "indicator_form": forms.IndicatorForm(),
        "reports": item.monitoring_reports.select_related("adopted_by").prefetch_related("lines")})


@login_required
@require_POST
def programme_add(request, pk: int, what: str):
    target = reverse("assemblies:programme", args=[pk])
    if what == "goal":
        programme_obj = get_object_or_404(DevelopmentProgramme, pk=pk)
        form = forms.GoalForm(request.POST)
        if not form.is_valid():
            return _invalid(request, form, target)
        return _act(request, lambda: services.add_goal(request.user, programme_obj, **form.cleaned_data),
                    _("Saved."), target)
    goal = get_object_or_404(Goal.objects.select_related("programme"), pk=request.POST.get("goal") or 0,
                             programme_id=pk)
    form_class, service = {"measure": (forms.MeasureForm, services.add_measure),
                           "indicator": (forms.IndicatorForm, services.add_indicator)}.get(what, (None, None))
    if form_class is None:
        raise Http404
    form = form_class(request.POST, prefix=f"{what}{goal.pk}")
    if not form.is_valid():
        return _invalid(request, form, target)
    return _act(request, lambda: service(request.user, goal, **form.cleaned_data), _("Saved."), target)


@login_required
@require_http_methods(["GET", "POST"])
def new_monitoring(request, pk: int):
    commission = get_object_or_404(Body.objects.select_related("community__territory"), pk=pk,
                                   kind=BodyKind.COMMISSION)
    require(request.user, "create", commission.permission_scope, subject="assemblies.monitoringreport")
    form = forms.MonitoringForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme_obj = (DevelopmentProgramme.objects.filter(community_id=commission.community_id,
                                                             status=ProgrammeStatus.AGREED)
                         .order_by("-first_year").first())
        try:
            services.record_monitoring_report(
                request.user, commission, year=data["year"], half=data["half"], findings=data["findings"],
                recommendations=data["recommendations"], signed_on=data["signed_on"],
                extraordinary=data["extraordinary"], programme=programme_obj,
                lines=[services.LineInput(label, planned, achieved) for label, planned, achieved in data["lines"]])
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The commission's report is recorded."))
            return redirect("assemblies:body", pk=pk)
    return _form_page(request, title=_("Monitoring commission's report"), form=form,
                      back=reverse("assemblies:body", args=[pk]))


@login_required
@require_POST
def conclusion(request, pk: int):
    report = get_object_or_404(MonitoringReport.objects.select_related("commission"), pk=pk)
    form = forms.ConclusionForm(request.POST)
    target = reverse("assemblies:body", args=[report.commission_id])
    if not form.is_valid():
        return _invalid(request, form, target)
    return _act(request, lambda: services.record_akim_conclusion(request.user, report, **form.cleaned_data),
                _("Saved."), target)


# --- the akim's report -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def new_report(request, code: str):
    item = _community(code)
    require(request.user, "create", item.territory.code, subject="assemblies.akimreport")
    form = forms.ReportForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.draft_report(request.user, item, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            return redirect("assemblies:report", pk=report.pk)
    return _form_page(request, title=_("The akim's yearly report"), form=form,
                      back=reverse("assemblies:community", args=[code]))


@require_GET
def report(request, pk: int):
    item = get_object_or_404(AkimReport.objects.select_related("community__territory", "meeting"), pk=pk)
    if not can(request.user, "view", item):
        raise Http404
    may_run = can(request.user, "change", item)
    questions = item.questions.order_by("asked_at")
    context = {"report": item, "questions": questions, "may_run": may_run, "summary": selectors.rating_summary(item),
               "may_ask": can(request.user, "create", item.permission_scope, subject="assemblies.reportquestion")}
    if may_run and item.status == ReportStatus.DRAFT:
        meetings = Meeting.objects.filter(body__community=item.community, kind=MeetingKind.AKIM_REPORT,
                                          status=MeetingStatus.NOTIFIED)
        context["publish_form"] = forms.PublishReportForm(meetings=meetings)
    if item.status == ReportStatus.PUBLISHED and context["may_ask"]:
        context["question_form"] = forms.QuestionForm()
    if item.status == ReportStatus.HELD and context["may_ask"]:
        context["rating_form"] = forms.RatingForm()
        context["has_rated"] = bool(getattr(request.user, "resident_id", None)) and item.ratings.filter(
            resident_id=request.user.resident_id).exists()
    if may_run:
        for question in questions:
            question.answer_form = forms.AnswerForm(prefix=f"a{question.pk}", initial={"answer": question.answer})
    top = max((n for _s, n in context["summary"].distribution), default=0) or 1
    context["bars"] = [(score, n, round(100 * n / top)) for score, n in context["summary"].distribution]
    return render(request, "assemblies/report.html", context)


@login_required
@require_POST
def report_action(request, pk: int, what: str):
    item = get_object_or_404(AkimReport, pk=pk)
    target = reverse("assemblies:report", args=[pk])
    user = request.user
    if what == "publish":
        meeting_obj = get_object_or_404(Meeting, pk=request.POST.get("meeting") or 0)
        return _act(request, lambda: services.publish_report(user, item, meeting=meeting_obj),
                    _("The report is published."), target)
    if what == "held":
        return _act(request, lambda: services.mark_report_held(user, item), _("Ratings are open."), target)
    if what == "ask":
        form = forms.QuestionForm(request.POST)
        if not form.is_valid():
            return _invalid(request, form, target)
        return _act(request, lambda: services.ask_question(user, item, form.cleaned_data["text"]),
                    _("Your question is sent."), target)
    if what == "rate":
        form = forms.RatingForm(request.POST)
        if not form.is_valid():
            return _invalid(request, form, target)
        return _act(request, lambda: services.rate_report(user, item, form.cleaned_data["score"]),
                    _("Thank you for your rating."), target)
    raise Http404


@login_required
@require_POST
def answer(request, pk: int):
    question = get_object_or_404(ReportQuestion, pk=pk)
    form = forms.AnswerForm(request.POST, prefix=f"a{pk}")
    target = reverse("assemblies:report", args=[question.report_id])
    if not form.is_valid():
        return _invalid(request, form, target)
    return _act(request, lambda: services.answer_question(request.user, question, form.cleaned_data["answer"]),
                _("The answer is published."), target)


# --- no confidence -----------------------------------------------------------------------------------------


@require_GET
def dismissal(request, pk: int):
    item = get_object_or_404(DismissalProcedure.objects.select_related("community__territory", "decision"), pk=pk)
    nxt = selectors.dismissal_next(item)
    may_record = False
    if nxt.kind:
        action = services.STEP_ACTION.get(nxt.kind)
        may_record = bool(action) and can(request.user, action, item)
    return render(request, "assemblies/dismissal.html", {
        "procedure": item, "steps": item.steps.all(), "next": nxt,
        "next_label": StepKind(nxt.kind).label if nxt.kind else "", "may_record": may_record,
        "step_form": forms.StepForm() if may_record else None,
        "today": timezone.localdate()})


@login_required
@require_POST
def dismissal_step(request, pk: int):
    item = get_object_or_404(DismissalProcedure, pk=pk)
    form = forms.StepForm(request.POST)
    target = reverse("assemblies:dismissal", args=[pk])
    if not form.is_valid():
        return _invalid(request, form, target)
    data = form.cleaned_data
    kind = selectors.dismissal_next(item).kind or ""
    positive = True
    if kind == StepKind.DISTRICT:
        if data["positive"] is None:
            messages.error(request, _("Choose the district akim's decision."))
            return redirect(target)
        positive = data["positive"]
    return _act(request, lambda: services.record_dismissal_step(
        request.user, item, kind=kind, occurred_on=data["occurred_on"], count=data["count"], total=data["total"],
        positive=positive, reference=data["reference"]), _("The step is recorded."), target)
