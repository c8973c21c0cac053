"""Read queries for appeals: the office's queue with overdue and near-deadline lists, counts for the
workplace, a resident's own appeals, public appeals (Open311), receptions and agency requests."""

from __future__ import annotations

from datetime import date

from django.db.models import Avg, Count, Q, QuerySet

from auyl.appeals import deadlines
from auyl.appeals.models import (
    OPEN_STATUSES,
    AgencyRequest,
    Appeal,
    BookingStatus,
    Category,
    Reception,
    RequestStatus,
    Status,
)
from auyl.territory.models import Community

DUE_FILTERS = ("open", "overdue", "near")


def near_deadline_until(today: date) -> date:
    return deadlines.add_working_days(deadlines.registration_date(today), deadlines.NEAR_DEADLINE_WORKING_DAYS,
                                      count_start=True)


def due_condition(due: str, today: date) -> Q:
    condition = Q(status__in=OPEN_STATUSES)
    if due == "overdue":
        condition &= Q(deadline__lt=today)
    elif due == "near":
        condition &= Q(deadline__gte=today, deadline__lte=near_deadline_until(today))
    return condition


def categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True)


def queue(community: Community, *, today: date, status: str = "", due: str = "", search: str = "",
          category: str = "", assignee: int | None = None, settlement: str = "") -> QuerySet[Appeal]:
    """The office's list of a community's appeals, most urgent first, with the filters of the queue page."""
    qs = Appeal.objects.filter(community=community).select_related("category", "settlement", "assignee")
    if status in Status.values:
        qs = qs.filter(status=status)
    if due in DUE_FILTERS:
        qs = qs.filter(due_condition(due, today))
    if category:
        qs = qs.filter(category__code=category)
    if assignee:
        qs = qs.filter(assignee_id=assignee)
    if settlement:
        qs = qs.filter(settlement__code=settlement)
    if search:
        qs = qs.filter(Q(number__icontains=search) | Q(subject__icontains=search) | Q(text__icontains=search))
    return qs.order_by("deadline", "id") if due else qs.order_by("-received_at", "-id")


def counts(community: Community, *, today: date) -> dict[str, float | int | None]:
    """Open, overdue, near-deadline, answered and the mean rating, in one query."""
    return Appeal.objects.filter(community=community).aggregate(
        total=Count("id"),
        open=Count("id", filter=due_condition("open", today)),
        overdue=Count("id", filter=due_condition("overdue", today)),
        near=Count("id", filter=due_condition("near", today)),
        answered=Count("id", filter=Q(status=Status.ANSWERED)),
        rated=Count("id", filter=Q(rating__isnull=False)),
        mean_rating=Avg("rating"),
    )


def by_category(community: Community, *, today: date) -> list[dict]:
    """Open appeals per category, for the workplace."""
    return list(Appeal.objects.filter(community=community, status__in=OPEN_STATUSES)
                .values("category__code", "category__name_kk", "category__name_ru", "category__name_en")
                .annotate(n=Count("id"), overdue=Count("id", filter=Q(deadline__lt=today))).order_by("-n"))


def detail(pk: int) -> Appeal:
    return (Appeal.objects.select_related("community__territory", "category", "settlement", "assignee",
                                          "applicant_user", "applicant_resident", "answered_by")
            .prefetch_related("photos", "events__actor").get(pk=pk))


def of_user(user) -> QuerySet[Appeal]:
    return Appeal.objects.filter(applicant_user=user).select_related("category", "community__territory")


def public(*, community_code: str = "", service_code: str = "", ids: list[str] | None = None,
           start=None, end=None, status: str = "") -> QuerySet[Appeal]:
    """Appeals published without names (Open311 ``GET requests``)."""
    qs = Appeal.objects.filter(is_public=True).select_related("category", "community__territory")
    if community_code:
        qs = qs.filter(community__territory__code=community_code)
    if service_code:
        qs = qs.filter(category__code__in=service_code.split(","))
    if ids:
        qs = qs.filter(number__in=ids)
    if start:
        qs = qs.filter(received_at__gte=start)
    if end:
        qs = qs.filter(received_at__lte=end)
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status == "closed":
        qs = qs.exclude(status__in=OPEN_STATUSES)
    return qs.order_by("-received_at")


def staff_of(community: Community):
    """Accounts that hold the akim's or staff role in the community (to assign appeals to)."""
    from auyl.core.roles import Role
    from auyl.people.models import User

    return (User.objects.filter(roles__role__in=[Role.AKIM, Role.STAFF],
                                roles__territory__code=community.territory.code)
            .distinct().order_by("username"))


def receptions(community: Community, *, since: date) -> QuerySet[Reception]:
    return (Reception.objects.filter(community=community, day__gte=since)
            .annotate(booked=Count("bookings", filter=~Q(bookings__status=BookingStatus.CANCELLED)))
            .order_by("day", "starts_at"))


def reception_detail(pk: int) -> Reception:
    return Reception.objects.select_related("community__territory").prefetch_related("bookings").get(pk=pk)


def agency_requests(community: Community, *, today: date, due: str = "", search: str = "") -> QuerySet[AgencyRequest]:
    qs = AgencyRequest.objects.filter(community=community).select_related("appeal")
    if due == "overdue":
        qs = qs.filter(status=RequestStatus.SENT, deadline__lt=today)
    elif due == "open":
        qs = qs.filter(status=RequestStatus.SENT)
    if search:
        qs = qs.filter(Q(number__icontains=search) | Q(agency__icontains=search) | Q(subject__icontains=search))
    return qs


def agency_request_counts(community: Community, *, today: date) -> dict[str, int]:
    return AgencyRequest.objects.filter(community=community).aggregate(
        open=Count("id", filter=Q(status=RequestStatus.SENT)),
        overdue=Count("id", filter=Q(status=RequestStatus.SENT, deadline__lt=today)),
    )


def of_resident(resident) -> QuerySet[Appeal]:
    """Appeals linked to a registry entry (filed online or entered by the office with the IIN)."""
    return Appeal.objects.filter(applicant_resident=resident).select_related("category").order_by("-received_at")
