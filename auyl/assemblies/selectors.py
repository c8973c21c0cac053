"""Read queries: who is entitled, live quorum, meetings and decisions visible to a user, per-settlement counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from auyl.assemblies import deadlines, rules_of_law
from auyl.assemblies.models import (
    AgendaItem,
    AkimReport,
    Attendance,
    Body,
    BodyKind,
    Decision,
    DevelopmentProgramme,
    DismissalProcedure,
    Goal,
    Meeting,
    MeetingStatus,
    Membership,
    MonitoringReport,
)
from auyl.core.permissions import can
from auyl.people.models import Resident
from auyl.people.selectors import adult_members
from auyl.territory.models import Community


def active_memberships(body: Body, *, on: date | None = None) -> QuerySet[Membership]:
    on = on or timezone.localdate()
    return (body.memberships.filter(since__lte=on).filter(Q(until__isnull=True) | Q(until__gte=on))
            .select_related("resident__settlement"))


def entitled(body: Body, *, on: date | None = None) -> QuerySet[Resident]:
    """Who may take part: every adult registered member for the gathering (or its elected representatives),
    the members of that village for a separate gathering, the seated members for the assembly."""
    on = on or timezone.localdate()
    if body.kind == BodyKind.GATHERING and not body.by_representatives:
        return adult_members(body.community_id, on=on)
    if body.kind == BodyKind.GATHERING:
        seats = Membership.objects.filter(body__community_id=body.community_id, body__kind=BodyKind.SEPARATE,
                                          since__lte=on).filter(Q(until__isnull=True) | Q(until__gte=on))
        return adult_members(body.community_id, on=on).filter(pk__in=seats.values("resident_id"))
    if body.kind == BodyKind.SEPARATE:
        return adult_members(body.community_id, on=on).filter(settlement_id=body.settlement_id)
    return adult_members(body.community_id, on=on).filter(
        pk__in=active_memberships(body, on=on).values("resident_id"))


def quorum_needed(body: Body, entitled_count: int) -> int:
    if body.kind == BodyKind.GATHERING and not body.by_representatives:
        return rules_of_law.gathering_quorum(entitled_count)
    if body.kind == BodyKind.SEPARATE:
        return rules_of_law.gathering_quorum(entitled_count)
    return rules_of_law.half_quorum(entitled_count)


@dataclass(frozen=True)
class Quorum:
    entitled: int
    present: int
    needed: int

    @property
    def met(self) -> bool:
        return self.entitled > 0 and rules_of_law.is_quorate(self.present, self.needed)

    @property
    def share(self) -> float:
        return self.present / self.entitled if self.entitled else 0.0


def quorum(meeting: Meeting) -> Quorum:
    """Live: the number entitled (fixed at opening), those registered present, and the quorum."""
    if meeting.entitled_count is not None:
        count = meeting.entitled_count
    else:
        count = entitled(meeting.body, on=timezone.localtime(meeting.starts_at).date()).count()
    present = meeting.attendances.count()
    return Quorum(entitled=count, present=present, needed=quorum_needed(meeting.body, count))


def bodies_of(community: Community) -> QuerySet[Body]:
    return (Body.objects.filter(community=community)
            .annotate(seats=Count("memberships", filter=Q(memberships__until__isnull=True)))
            .select_related("settlement").order_by("kind", "-term_start", "name"))


def current_assembly(community: Community, *, on: date | None = None) -> Body | None:
    on = on or timezone.localdate()
    return (Body.objects.filter(community=community, kind=BodyKind.ASSEMBLY, term_start__lte=on, term_end__gte=on)
            .order_by("-term_start").first())


def meetings_visible_to(user, community: Community | None = None) -> QuerySet[Meeting]:
    """Published notices and minutes for everyone; drafts for the akim's office and readers of that community."""
    qs = Meeting.objects.select_related("body__community__territory").annotate(
        present=Count("attendances", distinct=True), item_count=Count("items", distinct=True))
    if community is not None:
        qs = qs.filter(body__community=community)
    visible = ~Q(status=MeetingStatus.DRAFT)
    if community is not None and can(user, "change", community.territory.code, subject="assemblies.meeting"):
        visible = Q()
    elif community is None:
        from auyl.core.permissions import is_platform_admin, role_scopes

        if is_platform_admin(user, None):
            visible = Q()
        else:
            for role, prefix in role_scopes(user):
                if role in ("akim", "staff"):
                    visible |= Q(body__community__territory__code__startswith=prefix)
    return qs.filter(visible).order_by("-starts_at")


def meeting_detail(pk: int) -> Meeting:
    return (Meeting.objects.select_related("body__community__territory", "body__settlement", "signed_by")
            .prefetch_related(Prefetch("items", queryset=AgendaItem.objects.select_related(
                "decision", "programme", "monitoring_report", "rediscussion_of")))
            .get(pk=pk))


def attendance_of(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendances.select_related("resident__settlement").order_by(
        "resident__last_name", "resident__first_name", "resident_id")


def attendance_by_settlement(meeting: Meeting) -> list[dict]:
    """Counts of those present per settlement: what public pages show instead of names."""
    rows = (meeting.attendances.values("resident__settlement__name_kk", "resident__settlement__name_ru",
                                       "resident__settlement__code")
            .annotate(n=Count("id")).order_by("resident__settlement__code"))
    return [{"code": r["resident__settlement__code"], "name_kk": r["resident__settlement__name_kk"],
             "name_ru": r["resident__settlement__name_ru"], "count": r["n"]} for r in rows]


def find_entitled(meeting: Meeting, query: str, *, limit: int = 20) -> list[Resident]:
    """Search the list of those entitled by last name or the last four IIN digits, for registration at the door."""
    query = query.strip()
    if not query:
        return []
    qs = entitled(meeting.body, on=timezone.localtime(meeting.opened_at or meeting.starts_at).date())
    qs = qs.filter(iin_last4=query) if query.isdigit() else qs.filter(last_name__istartswith=query)
    present = set(meeting.attendances.values_list("resident_id", flat=True))
    found = list(qs.select_related("settlement").order_by("last_name", "first_name", "id")[:limit])
    for resident in found:
        resident.is_present = resident.pk in present
    return found


def decisions_visible_to(user, community: Community | None = None) -> QuerySet[Decision]:
    qs = Decision.objects.select_related("item__meeting__body", "community__territory")
    if community is not None:
        qs = qs.filter(community=community)
    if community is not None and can(user, "change", community.territory.code, subject="assemblies.meeting"):
        return qs
    return qs.filter(item__meeting__status=MeetingStatus.PUBLISHED)


def decisions_of(meeting: Meeting) -> QuerySet[Decision]:
    return Decision.objects.filter(item__meeting=meeting).select_related("item").order_by("item__position")


def programmes_of(community: Community) -> QuerySet[DevelopmentProgramme]:
    return (DevelopmentProgramme.objects.filter(community=community)
            .annotate(money=Sum("goals__measures__amount")).order_by("-first_year"))


def programme_detail(pk: int) -> DevelopmentProgramme:
    return (DevelopmentProgramme.objects.select_related("community__territory", "agreed_by")
            .prefetch_related(Prefetch("goals", queryset=Goal.objects.prefetch_related("measures", "indicators")))
            .get(pk=pk))


def monitoring_reports_of(community: Community) -> QuerySet[MonitoringReport]:
    return (MonitoringReport.objects.filter(commission__community=community)
            .select_related("commission", "programme", "adopted_by").prefetch_related("lines"))


def monitoring_overdue(commission: Body, *, today: date | None = None) -> list[tuple[int, int]]:
    """Half-years since the commission was formed that ended without a regular report."""
    today = today or timezone.localdate()
    if commission.term_start is None:
        return []
    done = set(commission.monitoring_reports.filter(extraordinary=False).values_list("year", "half"))
    return [p for p in rules_of_law.half_years_between(commission.term_start, today) if p not in done]


def reports_of(community: Community) -> QuerySet[AkimReport]:
    return AkimReport.objects.filter(community=community).select_related("meeting").order_by("-year")


@dataclass(frozen=True)
class RatingSummary:
    count: int
    average: float | None
    distribution: list[tuple[int, int]]  # (score, count) for 5..1


def rating_summary(report: AkimReport) -> RatingSummary:
    rows = dict(report.ratings.values_list("score").annotate(n=Count("id")))
    average = report.ratings.aggregate(a=Avg("score"))["a"]
    return RatingSummary(count=sum(rows.values()), average=average,
                         distribution=[(s, rows.get(s, 0)) for s in (5, 4, 3, 2, 1)])


def dismissal_procedures_of(community: Community) -> QuerySet[DismissalProcedure]:
    return DismissalProcedure.objects.filter(community=community).select_related("decision").order_by("-started_on")


def dismissal_next(procedure: DismissalProcedure) -> deadlines.NextStep:
    """What the law expects next in the procedure, with its deadline, for residents to follow."""
    steps = [deadlines.Step(s.kind, s.round, s.occurred_on, s.positive) for s in procedure.steps.all()]
    return deadlines.next_step(steps)


def budget_subjects(community: Community) -> dict[str, str]:
    """Budget versions awaiting the assembly's agreement, as {subject key: label}, to offer on the agenda."""
    from auyl.budget.selectors import versions_awaiting_assembly

    return {v.agenda_subject_key: str(v) for v in versions_awaiting_assembly(community)}


def gathering_initiatives(community_id: int):
    """Residents' initiatives to convene a gathering that reached 10 % of signatures (app ``initiatives``)."""
    from auyl.initiatives.selectors import gathering_initiatives as reached

    return reached(community_id)
