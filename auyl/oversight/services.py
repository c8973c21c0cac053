"""Write rules of oversight: refreshing figures, elections and akims' terms, audits, the School of akims and
the powers register. Each change checks ``require(...)``, runs in one transaction and is audited."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from importlib import resources

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from auyl.core import audit
from auyl.core.permissions import can, require, role_scopes
from auyl.core.roles import Action, Role
from auyl.oversight import eligibility, metrics, rollup, selectors
from auyl.oversight.models import (
    AkimTerm,
    Audit,
    Candidate,
    Classification,
    Course,
    Education,
    Election,
    Enrolment,
    Figure,
    FigureRefresh,
    Finding,
    FollowUp,
    Module,
    ModuleCompletion,
    Nomination,
    Power,
    PowerLevel,
    PowerReview,
)
from auyl.people import crypto
from auyl.territory.models import Community

SIX_PLACES = Decimal("0.000001")


class SystemActor:
    """Who acts in imports and scheduled jobs: allowed everything, recorded in the audit chain as "system"."""

    is_superuser = True
    is_authenticated = False
    pk = None

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()

# --- figures -----------------------------------------------------------------------------------------


def _figure(total: rollup.Total, year: int, kinds: dict[str, str], now: datetime) -> Figure:
    value = rollup.value_of(kinds[total.metric], total.numerator, total.denominator)
    return Figure(scope=total.scope, level=total.level, period=year, metric=total.metric,
                  value=None if value is None else value.quantize(SIX_PLACES), numerator=total.numerator,
                  denominator=total.denominator, communities=total.communities, computed_at=now)


def refresh_figures(year: int, community_code: str = "") -> int:
    """Recompute a year's figures from every provider: all communities, or one community and the district,
    oblast and country above it. Refreshes of the same year wait for each other. Returns rows written."""
    started = time.monotonic()
    FigureRefresh.objects.get_or_create(period=year)
    kinds = metrics.kinds()
    with transaction.atomic():
        lock = FigureRefresh.objects.select_for_update().get(period=year)
        rows = [row for provider in metrics.providers().values() for row in provider(year, community_code)]
        now = timezone.now()
        if community_code:
            Figure.objects.filter(period=year, level=rollup.COMMUNITY, scope=community_code).delete()
            totals = rollup.aggregate(rows, levels=(), kinds=kinds)
        else:
            Figure.objects.filter(period=year).delete()
            totals = rollup.aggregate(rows, kinds=kinds)
        Figure.objects.bulk_create([_figure(t, year, kinds, now) for t in totals], batch_size=2000)
        written = len(totals)
        if community_code:
            written += _reaggregate_parents(community_code, year, kinds, now)
        lock.refreshed_at, lock.duration_ms = now, int((time.monotonic() - started) * 1000)
        lock.save(update_fields=["refreshed_at", "duration_ms"])
    return written


def _reaggregate_parents(code: str, year: int, kinds: dict[str, str], now: datetime) -> int:
    """Sum the stored community rows again for the district, oblast and country above ``code``."""
    written = 0
    for level, prefix in rollup.parents(code):
        Figure.objects.filter(period=year, scope=prefix).exclude(level=rollup.COMMUNITY).delete()
        sums = (Figure.objects.filter(period=year, level=rollup.COMMUNITY, scope__startswith=prefix)
                .values("metric").annotate(num=Sum("numerator"), den=Sum("denominator"), n=Count("id")).order_by())
        figures = [_figure(rollup.Total(prefix, level, s["metric"], Decimal(s["num"]),
                                        None if s["den"] is None else Decimal(s["den"]), s["n"]), year, kinds, now)
                   for s in sums if s["metric"] in kinds]
        Figure.objects.bulk_create(figures)
        written += len(figures)
    return written


def request_refresh(year: int, community_code: str = "") -> None:
    """Ask for a background refresh once the current transaction commits. Other apps call this on change."""
    from auyl.oversight.tasks import refresh_rollups

    transaction.on_commit(lambda: refresh_rollups.enqueue(year, community_code))


# --- elections of akims ------------------------------------------------------------------------------

PROBLEM_MESSAGES = {
    "too_young": gettext_lazy("Under 25 on election day (%(age)s years old); may stand from %(eligible_from)s."),
    "education": gettext_lazy("Education must be higher, postgraduate, post-secondary or technical and "
                              "vocational."),
    "experience": gettext_lazy("Work experience of %(years)s years is less than the required %(min_years)s."),
    "consecutive_terms": gettext_lazy("Has already held this post for %(terms)s consecutive terms in this unit; "
                                      "the law allows at most %(max_terms)s in a row."),
}


def problem_messages(problems: Iterable[dict]) -> list[str]:
    """The localised reason for each stored problem (``Candidate.problems``)."""
    return [str(PROBLEM_MESSAGES[p["code"]]) % p["params"] for p in problems]


def identity_hash(*, iin: str = "", full_name: str = "", birth_date: date | None = None) -> str:
    """Who a candidate is across elections: the keyed hash of the IIN, or of the name and birth date if the
    IIN is not given (imports of old results). Never stored in clear."""
    if iin:
        return crypto.lookup_hash(iin)
    return crypto.lookup_hash(f"name:{' '.join(full_name.lower().split())}:{birth_date.isoformat()}")


@transaction.atomic
def schedule_election(actor, *, community: Community, day: date, kind: str = Election.Kind.REGULAR,
                      electorate: int | None = None) -> Election:
    require(actor, Action.CREATE, community.territory.code, subject="oversight.election")
    if Election.objects.filter(community=community, date=day).exists():
        raise ValidationError(_("An election of the akim on this day is already recorded."), code="duplicate")
    election = Election.objects.create(community=community, date=day, kind=kind, electorate=electorate)
    audit.record(actor=actor, action="oversight.election_scheduled", obj=election,
                 after={"date": day.isoformat(), "kind": kind})
    return election


def _previous_terms(iin_hash: str, community_id: int, day: date) -> list[eligibility.Term]:
    return [eligibility.Term(t.starts_on, t.last_day) for t in selectors.terms_before(iin_hash, community_id, day)]


@transaction.atomic
def nominate(actor, election: Election, *, full_name: str, birth_date: date, education: str,
             experience_years: Decimal | float, nomination: str, party: str = "", iin: str = "",
             user=None) -> Candidate:
    """Register a nomination. An ineligible nominee is recorded as refused, with every reason, and can get no
    votes; check ``candidate.is_eligible`` and :func:`problem_messages`."""
    require(actor, Action.CHANGE, election)
    full_name = " ".join((full_name or "").split())
    if election.status != Election.Status.SCHEDULED:
        raise ValidationError(_("The results of this election are already recorded."), code="closed")
    errors = {}
    if not full_name:
        errors["full_name"] = _("Enter the candidate's full name.")
    if education not in Education.values:
        errors["education"] = _("Choose the level of education.")
    if nomination not in Nomination.values:
        errors["nomination"] = _("Choose who nominated the candidate.")
    elif nomination == Nomination.PARTY and not party.strip():
        errors["party"] = _("Name the party that nominated the candidate.")
    try:
        experience = Decimal(str(experience_years))
        if experience < 0 or experience > 70:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["experience_years"] = _("Enter the work experience in years, from 0 to 70.")
        experience = Decimal(0)
    if iin:
        from auyl.people.iin import parse_iin

        try:
            if parse_iin(iin).birth_date != birth_date:
                errors["birth_date"] = _("The birth date does not match the IIN.")
        except ValidationError as error:
            errors["iin"] = error.messages[0]
    if birth_date >= election.date:
        errors["birth_date"] = _("The birth date must be before election day.")
    if errors:
        raise ValidationError(errors)
    person = identity_hash(iin=iin, full_name=full_name, birth_date=birth_date)
    if election.candidates.filter(iin_hash=person).exists():
        raise ValidationError(_("This person is already nominated in this election."), code="duplicate")
    problems = eligibility.check(birth_date=birth_date, education=education, experience_years=float(experience),
                                 previous_terms=_previous_terms(person, election.community_id, election.date),
                                 election_day=election.date)
    candidate = Candidate.objects.create(
        election=election, full_name=full_name, iin_hash=person, user=user, birth_date=birth_date,
        education=education, experience_years=experience, nomination=nomination,
        party=party.strip() if nomination == Nomination.PARTY else "", is_eligible=not problems,
        problems=[{"code": p.code, "params": p.params} for p in problems])
    audit.record(actor=actor, action="oversight.candidate_nominated", obj=candidate,
                 territory_code=election.permission_scope,
                 after={"election": election.pk, "eligible": not problems, "problems": [p.code for p in problems],
                        "nomination": nomination})
    return candidate


@transaction.atomic
def record_results(actor, election: Election, *, electorate: int, ballots_cast: int, votes: dict[int, int],
                   registered_on: date | None = None, first_time: bool | None = None,
                   refresh: bool = True) -> AkimTerm:
    """Record the protocol of results; the candidate with most votes is elected and their term begins on the
    day the territorial commission registers them (election day by default)."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    require(actor, Action.CHANGE, election)
    if election.status != Election.Status.SCHEDULED:
        raise ValidationError(_("The results of this election are already recorded."), code="closed")
    candidates = {c.pk: c for c in election.candidates.all()}
    eligible = {pk for pk, c in candidates.items() if c.is_eligible}
    if not eligible:
        raise ValidationError(_("No eligible candidate is registered in this election."), code="no_candidates")
    if set(votes) - set(candidates):
        raise ValidationError(_("Votes are given for someone who is not a candidate in this election."))
    if any(votes.get(pk) for pk in set(candidates) - eligible):
        raise ValidationError(_("A candidate refused registration cannot receive votes."), code="ineligible")
    if set(eligible) - set(votes) or any(v is None or v < 0 for v in votes.values()):
        raise ValidationError(_("Enter the votes of every registered candidate."), code="votes")
    if electorate <= 0 or ballots_cast < 0 or ballots_cast > electorate:
        raise ValidationError(_("Voters who took part must be between 0 and the number on the lists."),
                              code="turnout")
    if sum(votes.values()) > ballots_cast:
        raise ValidationError(_("Candidates received more votes than ballots were cast."), code="votes_exceed")
    ranked = sorted(eligible, key=lambda pk: votes[pk], reverse=True)
    if len(ranked) > 1 and votes[ranked[0]] == votes[ranked[1]]:
        raise ValidationError(_("Two candidates have the most votes: a repeat vote is needed."), code="tie")
    if votes[ranked[0]] == 0:
        raise ValidationError(_("Nobody received a vote."), code="no_votes")
    registered_on = registered_on or election.date
    if registered_on < election.date:
        raise ValidationError(_("A winner is registered on or after election day."), code="registered_on")
    for pk, candidate in candidates.items():
        candidate.votes = votes.get(pk) if pk in eligible else None
        candidate.is_elected = pk == ranked[0]
        candidate.save(update_fields=["votes", "is_elected"])
    election.electorate, election.ballots_cast = electorate, ballots_cast
    election.status = Election.Status.COUNTED
    election.save(update_fields=["electorate", "ballots_cast", "status"])
    term = _start_term(actor, candidates[ranked[0]], registered_on, first_time=first_time)
    audit.record(actor=actor, action="oversight.results_recorded", obj=election,
                 after={"electorate": electorate, "ballots_cast": ballots_cast,
                        "votes": {str(pk): votes.get(pk) for pk in candidates}, "elected": ranked[0]})
    if refresh:
        request_refresh(election.date.year, election.permission_scope)
    return term


def _start_term(actor, candidate: Candidate, starts_on: date, *, first_time: bool | None) -> AkimTerm:
    election = candidate.election
    earlier = AkimTerm.objects.filter(iin_hash=candidate.iin_hash, starts_on__lt=starts_on).exists()
    term = AkimTerm.objects.create(
        community=election.community, candidate=candidate, full_name=candidate.full_name,
        iin_hash=candidate.iin_hash, user=candidate.user, starts_on=starts_on,
        ends_on=eligibility.term_end(starts_on), is_first_time=(not earlier) if first_time is None else first_time,
        nomination=candidate.nomination, age_at_election=candidate.age)
    for previous in AkimTerm.objects.filter(community=election.community, starts_on__lt=starts_on,
                                            ends_on__gte=starts_on, ended_on__isnull=True).exclude(pk=term.pk):
        previous.ended_on = starts_on - timedelta(days=1)
        previous.end_reason = _("A newly elected akim was registered.")
        previous.save(update_fields=["ended_on", "end_reason"])
        sync_akim_role(actor, previous)
    sync_akim_role(actor, term)
    audit.record(actor=actor, action="oversight.term_started", obj=term,
                 after={"starts_on": starts_on.isoformat(), "ends_on": term.ends_on.isoformat(),
                        "first_time": term.is_first_time})
    return term


@transaction.atomic
def end_term(actor, term: AkimTerm, *, on: date, reason: str) -> AkimTerm:
    """End a term early (no confidence accepted by the district akim, resignation, loss of party membership…)."""
    require(actor, Action.CHANGE, term)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("State the ground on which the term ends.")})
    if term.ended_on or not (term.starts_on <= on <= term.ends_on):
        raise ValidationError({"on": _("The term can end only on a day within it, once.")})
    term.ended_on, term.end_reason = on, reason[:200]
    term.save(update_fields=["ended_on", "end_reason"])
    sync_akim_role(actor, term)
    audit.record(actor=actor, action="oversight.term_ended", obj=term, after={"ended_on": on.isoformat()})
    request_refresh(on.year, term.permission_scope)
    return term


def sync_akim_role(actor, term: AkimTerm, *, today: date | None = None) -> None:
    """The term drives ``Role.AKIM``: granted while the term runs (until its last day), ended when it ends.
    A term that starts later is granted by :func:`sync_akim_roles` on its first day."""
    from auyl.people.models import RoleAssignment
    from auyl.people.services import grant_role

    if term.user_id is None:
        return
    today = today or date.today()
    territory = term.community.territory
    note = _("Elected akim, term %(start)s – %(end)s") % {"start": term.starts_on.isoformat(),
                                                         "end": term.ends_on.isoformat()}
    if term.is_current(today):
        grant_role(granted_by=actor, user=term.user, role=Role.AKIM, territory=territory, note=note[:200],
                   valid_until=term.last_day)
    elif term.last_day < today and RoleAssignment.objects.filter(
            user=term.user, role=Role.AKIM, territory=territory).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=term.last_day)).exists():
        grant_role(granted_by=actor, user=term.user, role=Role.AKIM, territory=territory, note=note[:200],
                   valid_until=term.last_day)


def sync_akim_roles(today: date | None = None) -> int:
    """Daily: grant the role to akims whose term began, end it for those whose term ended. Returns terms seen."""
    today = today or date.today()
    terms = AkimTerm.objects.filter(user__isnull=False).filter(
        Q(starts_on__lte=today, ends_on__gte=today - timedelta(days=7)) | Q(ended_on__gte=today - timedelta(days=7)))
    count = 0
    for term in terms.select_related("community__territory", "user"):
        with transaction.atomic():
            sync_akim_role(SYSTEM, term, today=today)
        count += 1
    return count


# --- audit commission --------------------------------------------------------------------------------


@transaction.atomic
def create_audit(actor, *, community: Community, year: int, title: str) -> Audit:
    require(actor, Action.CREATE, community.territory.code, subject="oversight.audit")
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the audit a title.")})
    if not 2000 <= year <= date.today().year:
        raise ValidationError({"year": _("The audited budget year must be a past or the current year.")})
    item = Audit.objects.create(community=community, year=year, title=title[:300], created_by=actor)
    audit.record(actor=actor, action="oversight.audit_created", obj=item, after={"year": year})
    return item


@transaction.atomic
def add_finding(actor, item: Audit, *, description: str, amount: Decimal, recommendation: str,
                deadline: date) -> Finding:
    item = Audit.objects.select_for_update().get(pk=item.pk)
    require(actor, Action.CREATE, item.permission_scope, subject="oversight.finding")
    if item.status != Audit.Status.DRAFT:
        raise ValidationError(_("Findings are added before the audit is presented."), code="presented")
    errors = {}
    if not description.strip():
        errors["description"] = _("Describe the finding.")
    if not recommendation.strip():
        errors["recommendation"] = _("Give a recommendation.")
    if amount is None or amount < 0:
        errors["amount"] = _("The amount cannot be negative.")
    if deadline <= date.today():
        errors["deadline"] = _("The deadline must be in the future.")
    if errors:
        raise ValidationError(errors)
    number = (item.findings.count() or 0) + 1
    finding = Finding.objects.create(audit=item, number=number, description=description.strip(), amount=amount,
                                     recommendation=recommendation.strip(), deadline=deadline)
    audit.record(actor=actor, action="oversight.finding_added", obj=finding, territory_code=item.permission_scope,
                 after={"audit": item.pk, "number": number, "amount": str(amount), "deadline": deadline.isoformat()})
    return finding


def _holds(user, role: str, code: str) -> bool:
    return any(r == role and code.startswith(prefix) for r, prefix in role_scopes(user))


@transaction.atomic
def record_presentation(actor, item: Audit, *, session_at: datetime, session_url: str, chair) -> Audit:
    """The audit is presented at an online session together with the chair of the community's assembly."""
    item = Audit.objects.select_for_update().select_related("community__territory").get(pk=item.pk)
    require(actor, Action.CHANGE, item)
    if item.status != Audit.Status.DRAFT:
        raise ValidationError(_("This audit was already presented."), code="presented")
    if chair is None or not _holds(chair, Role.ASSEMBLY_MEMBER, item.permission_scope):
        raise ValidationError({"chair": _("The chair must be a member of this community's assembly.")})
    if not session_url.startswith("https://"):
        raise ValidationError({"session_url": _("Give the https:// link of the online session.")})
    item.session_at, item.session_url, item.chair = session_at, session_url, chair
    item.status = Audit.Status.PRESENTED
    item.save(update_fields=["session_at", "session_url", "chair", "status"])
    audit.record(actor=actor, action="oversight.audit_presented", obj=item,
                 after={"session_at": session_at.isoformat(), "chair": chair.pk})
    return item


@transaction.atomic
def respond(actor, finding: Finding, *, response: str) -> Finding:
    """The akim's response to a finding, after the presentation."""
    finding = Finding.objects.select_for_update().select_related("audit__community__territory").get(pk=finding.pk)
    require(actor, Action.APPROVE, finding)
    if finding.audit.status == Audit.Status.DRAFT:
        raise ValidationError(_("The akim responds after the audit is presented."), code="draft")
    if finding.status == Finding.Status.RESOLVED:
        raise ValidationError(_("This finding is already resolved."), code="resolved")
    if not response.strip():
        raise ValidationError({"response": _("Write the response.")})
    before = {"status": finding.status}
    finding.response, finding.responded_at = response.strip(), timezone.now()
    finding.status = Finding.Status.RESPONDED
    finding.save(update_fields=["response", "responded_at", "status"])
    audit.record(actor=actor, action="oversight.finding_answered", obj=finding, before=before,
                 territory_code=finding.permission_scope, after={"status": finding.status})
    return finding


@transaction.atomic
def add_follow_up(actor, finding: Finding, *, note: str, resolves: bool = False) -> FollowUp:
    """A follow-up step; only the audit commission marks a finding resolved."""
    finding = Finding.objects.select_for_update().select_related("audit__community__territory").get(pk=finding.pk)
    require(actor, Action.CREATE, finding.permission_scope, subject="oversight.followup")
    if finding.audit.status == Audit.Status.DRAFT:
        raise ValidationError(_("Follow-up starts after the audit is presented."), code="draft")
    if not note.strip():
        raise ValidationError({"note": _("Write what was done or checked.")})
    if resolves:
        if not can(actor, Action.CHANGE, finding):
            raise ValidationError(_("Only the audit commission marks a finding resolved."), code="not_auditor")
        if finding.status == Finding.Status.RESOLVED:
            raise ValidationError(_("This finding is already resolved."), code="resolved")
    step = FollowUp.objects.create(finding=finding, author=actor, note=note.strip(), resolves=resolves)
    if resolves:
        finding.status, finding.resolved_on = Finding.Status.RESOLVED, timezone.localdate()
        finding.save(update_fields=["status", "resolved_on"])
        item = finding.audit
        if not item.findings.exclude(status=Finding.Status.RESOLVED).exists():
            item.status = Audit.Status.CLOSED
            item.save(update_fields=["status"])
    audit.record(actor=actor, action="oversight.finding_followed_up", obj=step,
                 territory_code=finding.permission_scope, after={"finding": finding.pk, "resolves": resolves})
    request_refresh(finding.audit.year, finding.permission_scope)
    return step


@transaction.atomic
def publish_audit(actor, item: Audit, *, summary: str) -> Audit:
    """The public summary: counts, amounts and statuses for everyone, written by the commission."""
    item = Audit.objects.select_for_update().select_related("community__territory").get(pk=item.pk)
    require(actor, Action.PUBLISH, item)
    if item.status == Audit.Status.DRAFT:
        raise ValidationError(_("An audit is published after it is presented."), code="draft")
    if len(summary.strip()) < 20:
        raise ValidationError({"summary": _("Write a public summary of at least 20 characters.")})
    item.public_summary = summary.strip()
    item.published_at = item.published_at or timezone.now()
    item.save(update_fields=["public_summary", "published_at"])
    audit.record(actor=actor, action="oversight.audit_published", obj=item)
    request_refresh(item.year, item.permission_scope)
    return item


# --- School of akims ---------------------------------------------------------------------------------


@transaction.atomic
def create_course(actor, *, year: int, titles: tuple[str, str, str],
                  modules: list[tuple[str, tuple[str, str, str], int]]) -> Course:
    """A course with its modules: (topic, (title kk, ru, en), hours). Kept by administrators."""
    require(actor, Action.CREATE, "", subject="oversight.course")
    if not modules:
        raise ValidationError(_("A course has at least one module."))
    course = Course.objects.create(year=year, title_kk=titles[0], title_ru=titles[1], title_en=titles[2])
    for order, (topic, names, hours) in enumerate(modules, start=1):
        Module.objects.create(course=course, order=order, topic=topic, title_kk=names[0], title_ru=names[1],
                              title_en=names[2], hours=hours)
    audit.record(actor=actor, action="oversight.course_created", obj=course, after={"modules": len(modules)})
    return course


@transaction.atomic
def enrol(actor, course: Course, term: AkimTerm, *, on: date | None = None) -> Enrolment:
    require(actor, Action.CREATE, term.permission_scope, subject="oversight.enrolment")
    on = on or date.today()
    if on > term.last_day:
        raise ValidationError(_("This akim's term has ended."), code="term_ended")
    if Enrolment.objects.filter(course=course, term=term).exists():
        raise ValidationError(_("This akim is already enrolled on this course."), code="duplicate")
    item = Enrolment.objects.create(course=course, term=term, enrolled_on=on)
    audit.record(actor=actor, action="oversight.enrolled", obj=item, territory_code=term.permission_scope,
                 after={"course": course.pk, "term": term.pk})
    return item


@transaction.atomic
def complete_module(actor, enrolment: Enrolment, module: Module, *, on: date | None = None) -> Enrolment:
    """Mark a module passed; the course is completed on the day the last module is passed."""
    enrolment = Enrolment.objects.select_for_update().select_related("term__community__territory").get(
        pk=enrolment.pk)
    require(actor, Action.CHANGE, enrolment)
    on = on or date.today()
    if module.course_id != enrolment.course_id:
        raise ValidationError(_("This module belongs to another course."), code="module")
    if on < enrolment.enrolled_on or on > date.today():
        raise ValidationError(_("The date must be between enrolment and today."), code="date")
    if ModuleCompletion.objects.filter(enrolment=enrolment, module=module).exists():
        raise ValidationError(_("This module is already passed."), code="duplicate")
    ModuleCompletion.objects.create(enrolment=enrolment, module=module, completed_on=on)
    if not enrolment.course.modules.exclude(pk__in=enrolment.completions.values("module")).exists():
        enrolment.completed_on = on
        enrolment.save(update_fields=["completed_on"])
        request_refresh(on.year, enrolment.permission_scope)
    audit.record(actor=actor, action="oversight.module_passed", obj=enrolment,
                 territory_code=enrolment.permission_scope, after={"module": module.pk, "on": on.isoformat()})
    return enrolment


# --- powers register ---------------------------------------------------------------------------------


def seed_powers() -> int:
    """Load the shipped register (``data/powers.json``, from Law 148 and the Concept); idempotent."""
    data = json.loads(resources.files("auyl.oversight").joinpath("data/powers.json").read_text("utf-8"))
    with transaction.atomic():
        for order, row in enumerate(data["powers"], start=1):
            Power.objects.update_or_create(code=row["code"], defaults={
                "level": row["level"], "title_kk": row["kk"], "title_ru": row["ru"], "title_en": row["en"],
                "legal_source": row["source"], "in_law": row.get("in_law", True), "order": order})
    return len(data["powers"])


@transaction.atomic
def review_power(actor, power: Power, *, classification: str, comment: str = "") -> PowerReview:
    """Classify a power as core, non-core, duplicated or missing; a reviewer's later review replaces theirs."""
    require(actor, Action.CREATE, power.permission_scope, subject="oversight.powerreview")
    if classification not in Classification.values:
        raise ValidationError({"classification": _("Choose a classification.")})
    if classification != Classification.CORE and not comment.strip():
        raise ValidationError({"comment": _("Explain why: which body does it, or what is lacking.")})
    review, created = PowerReview.objects.update_or_create(
        power=power, reviewer=actor, defaults={"classification": classification, "comment": comment.strip()})
    audit.record(actor=actor, action="oversight.power_reviewed", obj=review,
                 after={"power": power.code, "classification": classification, "new": created})
    return review


@transaction.atomic
def propose_missing_power(actor, *, level: str, title: str, comment: str) -> Power:
    """A power the akim lacks: recorded outside the law (``in_law`` False) and classified as missing."""
    require(actor, Action.CREATE, "", subject="oversight.powerreview")
    if level not in PowerLevel.values:
        raise ValidationError({"level": _("Choose the level.")})
    title = " ".join(title.split())
    if len(title) < 5:
        raise ValidationError({"title": _("Describe the power in a few words.")})
    power = Power.objects.create(code=f"proposed-{uuid.uuid4().hex[:12]}", level=level, title_kk=title,
                                 title_ru=title, title_en=title, in_law=False, order=1000)
    review_power(actor, power, classification=Classification.MISSING, comment=comment)
    return power
