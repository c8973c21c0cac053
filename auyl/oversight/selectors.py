"""Read queries of oversight: per-community counts for the metric providers, precomputed figures for pages,
and lists of elections, audits, enrolments and powers (each a fixed number of queries, no N+1)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from auyl.core.permissions import is_platform_admin, role_scopes
from auyl.core.roles import Role
from auyl.oversight import rollup
from auyl.oversight.models import (
    AkimTerm,
    Audit,
    Candidate,
    Classification,
    Election,
    Enrolment,
    Figure,
    FigureRefresh,
    Finding,
    Power,
    PowerReview,
)
from auyl.territory.models import Community, Territory

CODE = "community__territory__code"


# --- counts for the metric providers -----------------------------------------------------------------


def _by_code(rows, key: str) -> dict[str, dict]:
    return {row.pop(key): row for row in rows}


def election_counts(year: int, within: str = "") -> dict[str, dict]:
    """Per community: counted elections of the year, their candidates, ineligible ones, electorate and ballots."""
    elections = Election.objects.filter(status=Election.Status.COUNTED, date__year=year,
                                        **{f"{CODE}__startswith": within})
    complete = Q(electorate__isnull=False, ballots_cast__isnull=False)
    result = _by_code(elections.values(CODE).annotate(
        elections=Count("id"), voters=Sum("electorate", filter=complete),
        voted=Sum("ballots_cast", filter=complete)).order_by(), CODE)
    candidates = Candidate.objects.filter(election__in=elections).values(f"election__{CODE}").annotate(
        n=Count("id"), ineligible=Count("id", filter=Q(is_eligible=False))).order_by()
    for row in result.values():
        row.update(candidates=0, ineligible=0)
    for row in candidates:
        result[row[f"election__{CODE}"]].update(candidates=row["n"], ineligible=row["ineligible"])
    return result


def elected_counts(year: int, within: str = "") -> dict[str, dict]:
    """Per community: akims elected in the year's counted elections, first-time, self-nominated, sum of ages."""
    terms = AkimTerm.objects.filter(candidate__election__date__year=year,
                                    candidate__election__status=Election.Status.COUNTED,
                                    **{f"{CODE}__startswith": within})
    return _by_code(terms.values(CODE).annotate(
        elected=Count("id"), first_time=Count("id", filter=Q(is_first_time=True)),
        self_nominated=Count("id", filter=Q(nomination="self")), age_sum=Sum("age_at_election")).order_by(), CODE)


def in_office_during(year: int) -> Q:
    start, end = date(year, 1, 1), date(year, 12, 31)
    return Q(starts_on__lte=end) & (Q(ended_on__isnull=True, ends_on__gte=start) | Q(ended_on__gte=start))


def training_counts(year: int, within: str = "") -> dict[str, dict]:
    """Per community: first-time akims in office during the year, how many of them completed a course by its
    end, and courses completed within the year."""
    first = AkimTerm.objects.filter(in_office_during(year), is_first_time=True, **{f"{CODE}__startswith": within})
    result: dict[str, dict] = defaultdict(lambda: {"first_time": 0, "first_time_trained": 0, "completed_in_year": 0})
    for row in first.values(CODE).annotate(
            n=Count("id", distinct=True),
            trained=Count("id", distinct=True, filter=Q(enrolments__completed_on__lte=date(year, 12, 31)))
    ).order_by():
        result[row[CODE]].update(first_time=row["n"], first_time_trained=row["trained"])
    completed = Enrolment.objects.filter(completed_on__year=year, **{f"term__{CODE}__startswith": within})
    for row in completed.values(f"term__{CODE}").annotate(n=Count("id")).order_by():
        result[row[f"term__{CODE}"]]["completed_in_year"] = row["n"]
    return dict(result)


def finding_counts(year: int, within: str = "", *, today: date | None = None) -> dict[str, dict]:
    """Per community: findings of audits of the year's budget, their amount, resolved and overdue ones."""
    today = today or date.today()
    findings = Finding.objects.filter(audit__year=year, **{f"audit__{CODE}__startswith": within})
    resolved = Q(status=Finding.Status.RESOLVED)
    return _by_code(findings.values(f"audit__{CODE}").annotate(
        findings=Count("id"), amount=Sum("amount"), resolved=Count("id", filter=resolved),
        overdue=Count("id", filter=~resolved & Q(deadline__lt=today))).order_by(), f"audit__{CODE}")


def contest_counts(year: int, within: str = "", *, now: datetime | None = None) -> dict[str, dict]:
    """Per community: project contests whose voting closed during the year (and by ``now``), and their ballots
    (one per voter and contest)."""
    from auyl.contests.models import Contest

    now = now or timezone.now()
    contests = Contest.objects.filter(voting_until__year=year, voting_until__lte=now,
                                      **{f"{CODE}__startswith": within})
    return _by_code(contests.values(CODE).annotate(
        contests=Count("id", distinct=True), voters=Count("ballots", distinct=True)).order_by(), CODE)


def initiative_counts(year: int, within: str = "") -> dict[str, dict]:
    """Per community: initiatives opened for signatures during the year and those of them that reached their
    threshold (whenever they did)."""
    from auyl.initiatives.models import Initiative

    opened = Initiative.objects.filter(opens_at__year=year, **{f"{CODE}__startswith": within})
    return _by_code(opened.values(CODE).annotate(
        opened=Count("id"), reached=Count("id", filter=Q(threshold_reached_at__isnull=False))).order_by(), CODE)


def poll_counts(year: int, within: str = "", *, now: datetime | None = None) -> dict[str, dict]:
    """Per community: polls (with their questions complete) that closed during the year, and the residents who
    answered them."""
    from auyl.initiatives.models import Poll

    now = now or timezone.now()
    polls = Poll.objects.filter(is_ready=True, closes_at__year=year, closes_at__lte=now,
                                **{f"{CODE}__startswith": within})
    return _by_code(polls.values(CODE).annotate(
        polls=Count("id", distinct=True), answers=Count("ballots", distinct=True)).order_by(), CODE)


MEETING_BODIES = ("gathering", "separate", "assembly")  # assemblies.BodyKind, the monitoring commission aside
MEETINGS_HELD = ("closed", "signed", "published")  # assemblies.MeetingStatus after the meeting took place


def meeting_counts(year: int, within: str = "") -> dict[str, dict]:
    """Per community: gatherings, separate gatherings and assembly meetings held during the year and those of
    them that had a quorum (those registered present against the number entitled fixed at opening, by the
    assemblies app's rule for the kind of body)."""
    from auyl.assemblies import selectors as assemblies
    from auyl.assemblies.models import Body, Meeting

    code = f"body__{CODE}"
    meetings = (Meeting.objects.filter(starts_at__year=year, status__in=MEETINGS_HELD, body__kind__in=MEETING_BODIES,
                                       **{f"{code}__startswith": within})
                .annotate(present=Count("attendances")).order_by())
    result: dict[str, dict] = {}
    for pk, community, kind, representatives, entitled, present in meetings.values_list(
            "pk", code, "body__kind", "body__by_representatives", "entitled_count", "present"):
        if entitled is None:  # opened before the count was fixed: the live rule
            met = assemblies.quorum(Meeting.objects.select_related("body").get(pk=pk)).met
        else:
            needed = assemblies.quorum_needed(Body(kind=kind, by_representatives=representatives), entitled)
            met = entitled > 0 and present >= needed
        item = result.setdefault(community, {"held": 0, "quorate": 0})
        item["held"] += 1
        item["quorate"] += met
    return result


def akim_report_counts(year: int, within: str = "") -> dict[str, int]:
    """Per community: the akim's report on the year, when it was held before residents."""
    from auyl.assemblies.models import AkimReport, ReportStatus

    reports = AkimReport.objects.filter(year=year, status=ReportStatus.HELD, **{f"{CODE}__startswith": within})
    return dict(reports.values(CODE).annotate(n=Count("id")).values_list(CODE, "n").order_by())


def appeal_counts(year: int, within: str = "", *, today: date | None = None) -> dict[str, dict]:
    """Per community: appeals registered during the year; of those whose term is decided (answered, or still
    open past the deadline ``today``), the ones answered by the deadline; the ratings of the answers."""
    from auyl.appeals.models import OPEN_STATUSES, Appeal, Status

    today = today or timezone.localdate()
    answered = Q(status=Status.ANSWERED, answered_at__isnull=False)
    on_time = answered & Q(answered_at__date__lte=F("deadline"))
    late = (answered & Q(answered_at__date__gt=F("deadline"))) | Q(status__in=OPEN_STATUSES, deadline__lt=today)
    appeals = Appeal.objects.filter(registered_on__year=year, **{f"{CODE}__startswith": within})
    result = _by_code(appeals.values(CODE).annotate(
        registered=Count("id"), on_time=Count("id", filter=on_time), late=Count("id", filter=late),
        rated=Count("id", filter=Q(rating__isnull=False)), rating_sum=Sum("rating")).order_by(), CODE)
    for row in result.values():
        row["decided"] = row["on_time"] + row.pop("late")
        row["rating_sum"] = row["rating_sum"] or 0
    return result


# --- precomputed figures for pages -------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """A unit of the roll-up (country, oblast, district or community) that permission checks understand."""

    prefix: str
    level: str
    name: str

    permission_subject = "oversight.figure"

    @property
    def permission_scope(self) -> str:
        return self.prefix

    @property
    def child_level(self) -> str | None:
        return {rollup.COUNTRY: rollup.OBLAST, rollup.OBLAST: rollup.DISTRICT,
                rollup.DISTRICT: rollup.COMMUNITY}.get(self.level)

    @property
    def url_key(self) -> str:
        return self.prefix or "kz"

    @property
    def level_label(self) -> str:
        from auyl.oversight.models import Level

        return Level(self.level).label


LEVEL_OF_LENGTH = {0: rollup.COUNTRY, 2: rollup.OBLAST, 4: rollup.DISTRICT, 9: rollup.COMMUNITY}


def scope(prefix: str) -> Scope | None:
    """The unit a URL names ('kz' = the country); None when there is no such unit."""
    prefix = "" if prefix == "kz" else prefix
    level = LEVEL_OF_LENGTH.get(len(prefix))
    if level is None or (prefix and not prefix.isdigit()):
        return None
    if level == rollup.COUNTRY:
        from django.utils.translation import gettext

        return Scope("", level, gettext("Kazakhstan"))
    territory = Territory.objects.filter(code=prefix.ljust(9, "0")).only("name_kk", "name_ru").first()
    if territory is None or (level == rollup.COMMUNITY and not Community.objects.filter(territory=territory).exists()):
        return None
    return Scope(prefix, level, territory.name)


def ancestors(item: Scope) -> list[Scope]:
    """The units above, for the breadcrumb: country, oblast, district."""
    lengths = [length for length in (0, 2, 4) if length < len(item.prefix)]
    names = dict(Territory.objects.filter(code__in=[item.prefix[:n].ljust(9, "0") for n in lengths if n])
                 .values_list("code", "name_kk" if _kazakh() else "name_ru"))
    return [scope("") if n == 0 else Scope(item.prefix[:n], LEVEL_OF_LENGTH[n],
                                           names.get(item.prefix[:n].ljust(9, "0"), ""))
            for n in lengths]


def _kazakh() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "kk").startswith("kk")


def default_scope_for(user) -> str | None:
    """Where a user's oversight begins: the country for nationwide roles, else their widest territory."""
    if is_platform_admin(user, None):
        return ""
    wanted = {Role.NATIONAL_OBSERVER, Role.DISTRICT_OFFICIAL, Role.AUDITOR, Role.DEPUTY, Role.AKIM, Role.STAFF}
    prefixes = sorted((prefix for role, prefix in role_scopes(user) if role in wanted), key=len)
    if not prefixes:
        return None
    prefix = prefixes[0]
    return prefix if len(prefix) in (0, 2, 4) else prefix.ljust(9, "0")


def figures_of(prefix: str, year: int) -> dict[str, Figure]:
    return {f.metric: f for f in Figure.objects.filter(scope=prefix, period=year)}


def children_of(item: Scope, year: int, metric_keys: list[str]) -> list[tuple[str, str, dict[str, Figure]]]:
    """The units one level down (oblasts, districts or communities) with their figures: the map as a table."""
    child = item.child_level
    if child is None:
        return []
    rows: dict[str, dict[str, Figure]] = defaultdict(dict)
    for figure in Figure.objects.filter(period=year, level=child, scope__startswith=item.prefix,
                                        metric__in=metric_keys):
        rows[figure.scope][figure.metric] = figure
    field = "name_kk" if _kazakh() else "name_ru"
    if child == rollup.COMMUNITY:
        units = Community.objects.filter(territory__code__startswith=item.prefix).values_list(
            "territory__code", f"territory__{field}")
        codes = {code: (code, name) for code, name in units}
    else:
        length = rollup.PREFIX_LENGTHS[child]
        level = {rollup.OBLAST: "oblast", rollup.DISTRICT: "district"}[child]
        units = Territory.objects.filter(level=level, code__startswith=item.prefix).values_list("code", field)
        codes = {code[:length]: (code[:length], name) for code, name in units}
    keys = sorted(set(codes) | set(rows))
    return [(key, codes.get(key, (key, key))[1], rows.get(key, {})) for key in keys]


def ranking(prefix: str, year: int, metric: str, *, ascending: bool = False) -> QuerySet[Figure]:
    """The communities behind a figure, best first: the link down from every number."""
    order = "value" if ascending else "-value"
    return Figure.objects.filter(period=year, level=rollup.COMMUNITY, metric=metric, scope__startswith=prefix,
                                 value__isnull=False).order_by(order, "scope")


def community_names(codes: list[str]) -> dict[str, str]:
    field = "name_kk" if _kazakh() else "name_ru"
    return dict(Territory.objects.filter(code__in=codes).values_list("code", field))


def years_computed() -> list[int]:
    return list(FigureRefresh.objects.filter(refreshed_at__isnull=False).order_by("-period")
                .values_list("period", flat=True))


def last_refresh(year: int) -> FigureRefresh | None:
    return FigureRefresh.objects.filter(period=year).first()


# --- elections ---------------------------------------------------------------------------------------


def elections(*, within: str = "", year: int | None = None) -> QuerySet[Election]:
    qs = Election.objects.filter(**{f"{CODE}__startswith": within}).select_related("community__territory")
    if year:
        qs = qs.filter(date__year=year)
    return qs.annotate(candidate_count=Count("candidates")).order_by("-date", CODE)


def election_detail(pk: int) -> Election:
    return (Election.objects.select_related("community__territory", "community__district")
            .prefetch_related(Prefetch("candidates", queryset=Candidate.objects.select_related("term")
                                       .order_by("-votes", "full_name")))
            .get(pk=pk))


def terms_before(iin_hash: str, community_id: int, day: date) -> QuerySet[AkimTerm]:
    """Terms the same person held in the same unit that began before ``day``."""
    return AkimTerm.objects.filter(iin_hash=iin_hash, community_id=community_id, starts_on__lt=day)


def current_term(community_id: int, on: date | None = None) -> AkimTerm | None:
    on = on or date.today()
    return (AkimTerm.objects.filter(community_id=community_id, starts_on__lte=on)
            .filter(Q(ended_on__isnull=True, ends_on__gte=on) | Q(ended_on__gte=on))
            .order_by("-starts_on").first())


def terms(*, within: str = "", on: date | None = None) -> QuerySet[AkimTerm]:
    qs = AkimTerm.objects.filter(**{f"{CODE}__startswith": within}).select_related("community__territory")
    if on:
        qs = qs.filter(starts_on__lte=on).filter(Q(ended_on__isnull=True, ends_on__gte=on) | Q(ended_on__gte=on))
    return qs.order_by(CODE, "-starts_on")


# --- audits ------------------------------------------------------------------------------------------


def prefixes_for(user, roles) -> list[str] | None:
    """KATO prefixes where the user holds one of ``roles``; None means everywhere (administrators)."""
    if is_platform_admin(user, None):
        return None
    wanted = {str(r) for r in roles}
    return [prefix for role, prefix in role_scopes(user) if role in wanted]


def within_any(prefixes: list[str] | None, field: str) -> Q:
    if prefixes is None:
        return Q()
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(**{f"{field}__startswith": prefix})
    return condition


AUDIT_READERS = (Role.AUDITOR, Role.DISTRICT_OFFICIAL, Role.NATIONAL_OBSERVER, Role.DEPUTY, Role.AKIM, Role.STAFF,
                 Role.ASSEMBLY_MEMBER)


def audits_visible_to(user) -> QuerySet[Audit]:
    """Published audits for everyone; all audits of the territories where the user holds a reading role."""
    prefixes = prefixes_for(user, AUDIT_READERS)
    condition = within_any(prefixes, CODE) | Q(published_at__isnull=False)
    return (Audit.objects.filter(condition).select_related("community__territory")
            .annotate(finding_count=Count("findings"), amount=Sum("findings__amount")).order_by("-year", "-created_at"))


def audit_detail(pk: int) -> Audit:
    return (Audit.objects.select_related("community__territory", "chair")
            .prefetch_related(Prefetch("findings", queryset=Finding.objects.prefetch_related("follow_ups__author")))
            .get(pk=pk))


def audit_summary(audit: Audit, *, today: date | None = None) -> dict:
    """Counts for the public summary: no names, only numbers and statuses."""
    today = today or date.today()
    findings = list(audit.findings.all())
    statuses = Counter(f.status for f in findings)
    return {
        "findings": len(findings),
        "amount": sum((f.amount for f in findings), start=0),
        "resolved": statuses[Finding.Status.RESOLVED],
        "responded": statuses[Finding.Status.RESPONDED],
        "open": statuses[Finding.Status.OPEN],
        "overdue": sum(f.is_overdue(today) for f in findings),
    }


# --- School of akims ---------------------------------------------------------------------------------


def enrolments_visible_to(user, *, course_id: int | None = None) -> QuerySet[Enrolment]:
    prefixes = prefixes_for(user, (Role.NATIONAL_OBSERVER, Role.DISTRICT_OFFICIAL, Role.AUDITOR, Role.DEPUTY,
                                   Role.AKIM, Role.STAFF))
    qs = Enrolment.objects.filter(within_any(prefixes, f"term__{CODE}"))
    if course_id:
        qs = qs.filter(course_id=course_id)
    return (qs.select_related("course", "term__community__territory")
            .annotate(modules_done=Count("completions")).order_by(f"term__{CODE}"))


# --- powers register ---------------------------------------------------------------------------------


def powers() -> QuerySet[Power]:
    return Power.objects.prefetch_related(Prefetch("reviews", queryset=PowerReview.objects.order_by("-reviewed_at")))


def consensus(reviews: list[PowerReview]) -> str | None:
    """The classification most reviewers chose (ties: the first in the order core, non-core, duplicated, missing)."""
    if not reviews:
        return None
    counts = Counter(r.classification for r in reviews)
    best = max(counts.values())
    return next(c for c in Classification.values if counts.get(c) == best)


def classification_report() -> dict:
    """For each level: how many powers reviewers hold core, non-core, duplicated or missing, and unreviewed."""
    table: dict[str, Counter] = defaultdict(Counter)
    items = list(powers())
    for power in items:
        table[power.level][consensus(list(power.reviews.all())) or "unreviewed"] += 1
    return {"levels": {level: dict(counts) for level, counts in table.items()}, "powers": items,
            "reviews": sum(len(p.reviews.all()) for p in items)}
