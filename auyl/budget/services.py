"""Write rules of the community budget: the lifecycle state machine, plan figures, execution and its import,
the roll-ups.

Who moves each step (Law 148 art. 38-1 p.10, art. 39-3 p.3; Budget Code): the akim's office drafts, submits
and executes; the community assembly agrees («согласование») — recorded only through
:func:`record_assembly_agreement`, which the assemblies app calls when a quorate meeting adopts the item;
the district maslikhat approves (a district official records it). Adjustments (корректировка) run the same
steps as new versions, so every version stays in the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.budget import maths, treasury
from auyl.budget.models import (
    EDITABLE_STATES,
    PENDING_STATES,
    Budget,
    BudgetVersion,
    ExecutionEntry,
    ExpenditurePlan,
    ProgrammeCode,
    RevenueCode,
    RevenuePlan,
    Rollup,
    SpendingLine,
    State,
)
from auyl.core import audit
from auyl.core.permissions import require
from auyl.core.roles import Action
from auyl.territory.models import Community

MAX_AMOUNT = Decimal("1e13")  # 10 trillion tenge: larger than any 4th-level budget; guards against typos
FIRST_YEAR = 2018  # 4th-level budgets exist since 1 January 2018 (Law No. 90-VI)

# The state machine: transition -> (states it may start from, state it leads to). Approval of an adjustment
# to a budget already in execution leads straight to IN_EXECUTION (see approve()).
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "submit": ((State.DRAFT, State.RETURNED), State.SUBMITTED),
    "agree": ((State.SUBMITTED,), State.AGREED),
    "return": ((State.SUBMITTED,), State.RETURNED),
    "approve": ((State.AGREED,), State.APPROVED),
    "start_execution": ((State.APPROVED,), State.IN_EXECUTION),
    "supersede": ((State.APPROVED, State.IN_EXECUTION), State.SUPERSEDED),
    "close": ((State.IN_EXECUTION,), State.CLOSED),
}


class AssemblyDecision(Protocol):
    """What the assemblies app passes: its decision on the agenda item about one budget version."""

    adopted: bool
    decided_on: date
    reference: str
    community_id: int
    subject_key: str


def _state_error(transition: str) -> ValidationError:
    messages = {
        "approve": _("A budget can be approved only after the community assembly has agreed it."),
        "agree": _("Only a version submitted to the assembly can be agreed."),
        "return": _("Only a version submitted to the assembly can be returned."),
        "submit": _("Only a draft or a returned version can be submitted to the assembly."),
        "start_execution": _("Only an approved budget can go into execution."),
        "close": _("Only a budget in execution can be closed."),
    }
    return ValidationError(messages.get(transition, _("This step is not possible now.")), code="state")


def _transition(version: BudgetVersion, name: str, actor: Any, *, to: str | None = None,
                **changes: Any) -> BudgetVersion:
    """Move ``version`` (already locked) along ``name``, save ``changes`` with it and audit the step."""
    sources, target = TRANSITIONS[name]
    if version.state not in sources:
        raise _state_error(name)
    before = version.state
    version.state = to or target
    for attr, value in changes.items():
        setattr(version, attr, value)
    version.save()
    audit.record(actor=actor, action=f"budget.{name}", obj=version,
                 before={"state": before}, after={"state": version.state, "version": version.number,
                                                  **{k: str(v) for k, v in changes.items()}})
    return version


def _locked(version: BudgetVersion) -> BudgetVersion:
    return BudgetVersion.objects.select_for_update().select_related("budget__community__territory").get(
        pk=version.pk)


def _refresh_rollups_after_commit(year: int) -> None:
    from auyl.budget.tasks import refresh_rollups

    transaction.on_commit(lambda: refresh_rollups.enqueue(year))


# --- budgets and versions --------------------------------------------------------------------------


@transaction.atomic
def create_budget(community: Community, first_year: int, *, actor: Any) -> BudgetVersion:
    """Start the three-year budget for ``first_year``: version 1, a draft, pre-filled with the figures the
    budget in force of the year before planned for the overlapping years."""
    require(actor, Action.CREATE, community.territory.code, subject="budget.budget")
    if not FIRST_YEAR <= first_year <= timezone.localdate().year + 3:
        raise ValidationError(_("Budgets can be drafted for %(first)s to %(last)s.")
                              % {"first": FIRST_YEAR, "last": timezone.localdate().year + 3}, code="year")
    try:  # the unique constraint decides, also between two offices' simultaneous clicks
        with transaction.atomic():
            budget = Budget.objects.create(community=community, first_year=first_year)
    except IntegrityError:
        raise ValidationError(_("This community already has a budget for %(year)s.") % {"year": first_year},
                              code="exists") from None
    version = BudgetVersion.objects.create(budget=budget, number=1, created_by=_user(actor))
    previous = Budget.objects.filter(community=community, first_year=first_year - 1).first()
    if previous and previous.in_force_id:
        _copy_rows(previous.in_force, version, years=budget.years)
    audit.record(actor=actor, action="budget.create", obj=version, after={"first_year": first_year})
    return version


def _user(actor: Any):
    return actor if getattr(actor, "is_authenticated", False) else None


def _copy_rows(source: BudgetVersion, target: BudgetVersion, *, years: list[int]) -> None:
    RevenuePlan.objects.bulk_create(
        RevenuePlan(version=target, code_id=r.code_id, year=r.year, amount=r.amount)
        for r in source.revenues.filter(year__in=years))
    ExpenditurePlan.objects.bulk_create(
        ExpenditurePlan(version=target, line_id=e.line_id, year=e.year, amount=e.amount)
        for e in source.expenditures.filter(year__in=years))


@transaction.atomic
def create_adjustment(budget: Budget, *, actor: Any, reason: str) -> BudgetVersion:
    """Open an adjustment (корректировка): a new draft version copied from the budget in force."""
    budget = Budget.objects.select_for_update(of=("self",)).select_related("community__territory", "in_force").get(
        pk=budget.pk)
    require(actor, Action.CREATE, budget.permission_scope, subject="budget.budgetversion")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the budget needs an adjustment.")}, code="required")
    parent = budget.in_force
    if parent is None or parent.state not in (State.APPROVED, State.IN_EXECUTION):
        raise ValidationError(_("Only an approved budget can be adjusted."), code="state")
    if budget.versions.filter(state__in=PENDING_STATES).exists():
        raise ValidationError(_("An adjustment of this budget is already under way."), code="pending")
    number = budget.versions.aggregate(n=Max("number"))["n"] + 1
    version = BudgetVersion.objects.create(
        budget=budget, number=number, parent=parent, reason=reason, created_by=_user(actor),
        net_lending=parent.net_lending, financial_assets=parent.financial_assets,
        opening_balance=parent.opening_balance)
    _copy_rows(parent, version, years=budget.years)
    audit.record(actor=actor, action="budget.adjust", obj=version, after={"version": number, "parent": parent.number})
    return version


def _amount(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value).replace(" ", "").replace(",", "."))
    except Exception:
        raise ValidationError({"amount": _("Enter an amount in tenge, e.g. 1250000 or 1250000.50.")},
                              code="amount") from None
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT or amount != amount.quantize(maths.MONEY):
        raise ValidationError({"amount": _("Enter an amount in tenge, e.g. 1250000 or 1250000.50.")},
                              code="amount")
    return amount


@transaction.atomic
def set_plan(version: BudgetVersion, *, actor: Any, side: str, code: str, year: int, amount: Any) -> None:
    """Set one plan figure of a draft (or returned) version; 0 removes the row."""
    set_plan_rows(version, actor=actor, rows=[(side, code, year, amount)])


@transaction.atomic
def set_plan_rows(version: BudgetVersion, *, actor: Any, rows: list[tuple[str, str, int, Any]]) -> None:
    """Set many plan figures ``(side, code, year, amount)`` at once: all of them or, on any bad one, none."""
    version = _locked(version)
    require(actor, Action.CHANGE, version)
    if version.state not in EDITABLE_STATES:
        raise ValidationError(_("Only a draft or a returned version can be changed."), code="state")
    revenue_codes = {c.code: c for c in RevenueCode.objects.all()}
    programmes = {p.code: p for p in ProgrammeCode.objects.all()}
    changes = []
    for side, code, year, amount in rows:
        if year not in version.budget.years:
            raise ValidationError({"year": _("The year must be one of %(years)s.")
                                   % {"years": ", ".join(map(str, version.budget.years))}}, code="year")
        if side == "revenue" and code not in revenue_codes:
            raise ValidationError({"code": _("Unknown revenue code %(code)s.") % {"code": code}}, code="code")
        if side == "expenditure" and code not in programmes:
            raise ValidationError({"code": _("Unknown programme code %(code)s.") % {"code": code}}, code="code")
        if side not in ("revenue", "expenditure"):
            raise ValidationError({"side": _("Choose revenue or expenditure.")}, code="side")
        changes.append((side, code, year, _amount(amount)))
    for side, code, year, amount in changes:
        if side == "revenue":
            model, key = RevenuePlan, {"code": revenue_codes[code]}
        else:
            line, _created = SpendingLine.objects.get_or_create(community=version.budget.community,
                                                                programme=programmes[code])
            model, key = ExpenditurePlan, {"line": line}
        if amount:
            model.objects.update_or_create(version=version, year=year, defaults={"amount": amount}, **key)
        else:
            model.objects.filter(version=version, year=year, **key).delete()
    audit.record(actor=actor, action="budget.plan", obj=version,
                 after={"rows": [[side, code, year, str(amount)] for side, code, year, amount in changes]})


def headline_of(version: BudgetVersion, year: int) -> maths.Headline:
    """Headline indicators of a version for one of its years."""
    revenues = dict(version.revenues.filter(year=year).values("code__code").annotate(s=Sum("amount"))
                    .values_list("code__code", "s"))
    spending = version.expenditures.filter(year=year).aggregate(s=Sum("amount"))["s"] or maths.ZERO
    return maths.headline(revenues, [spending], net_lending=version.net_lending,
                          financial_assets=version.financial_assets)


@transaction.atomic
def submit(version: BudgetVersion, *, actor: Any) -> BudgetVersion:
    """Send a draft to the community assembly: it must have figures and no deficit beyond free balances."""
    version = _locked(version)
    require(actor, Action.CHANGE, version)
    first = version.budget.first_year
    figures = headline_of(version, first)
    if not figures.revenues or not figures.expenditures:
        raise ValidationError(_("Enter the revenues and the expenditures of %(year)s first.") % {"year": first},
                              code="empty")
    if figures.balance + version.opening_balance < 0:
        raise ValidationError(
            _("Expenditures exceed revenues by %(gap)s ₸ more than the free balances can cover: a community "
              "budget cannot borrow.") % {"gap": -(figures.balance + version.opening_balance)}, code="deficit")
    if version.is_adjustment and not _differs_from_parent(version):
        raise ValidationError(_("The adjustment changes nothing yet."), code="unchanged")
    return _transition(version, "submit", actor, submitted_at=timezone.now())


def _rows(version: BudgetVersion) -> set[tuple]:
    return ({("r", c, y, a) for c, y, a in version.revenues.values_list("code_id", "year", "amount")}
            | {("e", c, y, a) for c, y, a in version.expenditures.values_list("line_id", "year", "amount")})


def _differs_from_parent(version: BudgetVersion) -> bool:
    return _rows(version) != _rows(version.parent)


def _check_decision(version: BudgetVersion, decision: AssemblyDecision) -> None:
    """Refuse a decision that is not about this version of this community, or not a real decision."""
    problems = []
    if getattr(decision, "community_id", None) != version.budget.community_id:
        problems.append(_("The decision was taken by another community's assembly."))
    if getattr(decision, "subject_key", None) != version.agenda_subject_key:
        problems.append(_("The decision is about another agenda item."))
    reference = getattr(decision, "reference", "")
    if not isinstance(reference, str) or not reference.strip():
        problems.append(_("The decision needs the number of the minutes."))
    decided_on = getattr(decision, "decided_on", None)
    if not isinstance(decided_on, date):
        problems.append(_("The decision needs its date."))
    elif decided_on > timezone.localdate() or (
            version.submitted_at and decided_on < timezone.localtime(version.submitted_at).date()):
        problems.append(_("The decision date must lie between the submission and today."))
    if not isinstance(getattr(decision, "adopted", None), bool):
        problems.append(_("The decision must say whether it was adopted."))
    if problems:
        raise ValidationError(problems, code="decision")


@transaction.atomic
def record_assembly_agreement(version: BudgetVersion, *, decision: AssemblyDecision, actor: Any) -> BudgetVersion:
    """The community assembly agreed the version (Law 148 art. 39-3 p.3 pp.1-1). Called by the assemblies
    app when the agenda item ``version.agenda_subject_key`` is adopted at a quorate meeting."""
    version = _locked(version)
    require(actor, Action.CREATE, version, subject="budget.assemblydecision")
    _check_decision(version, decision)
    if not decision.adopted:
        raise ValidationError(_("The assembly did not adopt the agreement; record it as returned with remarks."),
                              code="not_adopted")
    return _transition(version, "agree", actor, assembly_reference=decision.reference.strip(),
                       assembly_decided_on=decision.decided_on, assembly_remarks="")


@transaction.atomic
def record_assembly_return(version: BudgetVersion, *, decision: AssemblyDecision, remarks: str,
                           actor: Any) -> BudgetVersion:
    """The assembly returned the version with remarks: the akim's office revises and submits it again."""
    version = _locked(version)
    require(actor, Action.CREATE, version, subject="budget.assemblydecision")
    _check_decision(version, decision)
    if not (remarks or "").strip():
        raise ValidationError({"remarks": _("Write down the assembly's remarks.")}, code="remarks")
    return _transition(version, "return", actor, assembly_reference=decision.reference.strip(),
                       assembly_decided_on=decision.decided_on, assembly_remarks=remarks.strip())


@transaction.atomic
def approve(version: BudgetVersion, *, actor: Any, reference: str, approved_on: date | None = None) -> BudgetVersion:
    """The district maslikhat approved the agreed version; an approved adjustment replaces the version in
    force (which stays in the history as superseded)."""
    version = _locked(version)
    require(actor, Action.APPROVE, version)
    if version.state != State.AGREED or not version.assembly_reference or not version.assembly_decided_on:
        raise _state_error("approve")
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": _("Enter the number of the maslikhat's decision.")}, code="required")
    approved_on = approved_on or timezone.localdate()
    if approved_on < version.assembly_decided_on or approved_on > timezone.localdate():
        raise ValidationError({"approved_on": _("The approval date must lie between the assembly's agreement "
                                                "and today.")}, code="date")
    budget = Budget.objects.select_for_update().get(pk=version.budget_id)
    target = State.APPROVED
    if budget.in_force_id:
        parent = _locked(budget.in_force)
        if parent.state == State.IN_EXECUTION:
            target = State.IN_EXECUTION
        _transition(parent, "supersede", actor)
    _transition(version, "approve", actor, to=target, maslikhat_reference=reference, approved_on=approved_on)
    budget.in_force = version
    budget.save(update_fields=["in_force"])
    _refresh_rollups_after_commit(budget.first_year)
    return version


@transaction.atomic
def start_execution(version: BudgetVersion, *, actor: Any) -> BudgetVersion:
    version = _locked(version)
    require(actor, Action.CHANGE, version)
    if version.state == State.APPROVED and timezone.localdate().year < version.budget.first_year:
        raise ValidationError(_("Execution starts on 1 January %(year)s.") % {"year": version.budget.first_year},
                              code="early")
    return _transition(version, "start_execution", actor)


@transaction.atomic
def close(version: BudgetVersion, *, actor: Any) -> BudgetVersion:
    version = _locked(version)
    require(actor, Action.CHANGE, version)
    if version.state == State.IN_EXECUTION and timezone.localdate().year <= version.budget.first_year:
        raise ValidationError(_("The budget of %(year)s can be closed once the year is over.")
                              % {"year": version.budget.first_year}, code="early")
    if version.budget.versions.filter(state__in=PENDING_STATES).exists():
        raise ValidationError(_("Finish or withdraw the adjustment under way first."), code="pending")
    return _transition(version, "close", actor)


# --- execution ---------------------------------------------------------------------------------------


def _executing(budget: Budget, actor: Any) -> BudgetVersion:
    budget = Budget.objects.select_for_update(of=("self",)).select_related("community__territory", "in_force").get(
        pk=budget.pk)
    require(actor, Action.CREATE, budget.permission_scope, subject="budget.executionentry")
    if budget.in_force is None or budget.in_force.state != State.IN_EXECUTION:
        raise ValidationError(_("Execution is entered only for a budget in execution."), code="state")
    return budget.in_force


@transaction.atomic
def record_execution(budget: Budget, *, actor: Any, month: int, side: str, code: str, amount: Any) -> None:
    """Money received or paid in ``month`` for one code or programme (replaces what that month held)."""
    version = _executing(budget, actor)
    row = treasury.Row(line=0, year=version.budget.first_year, month=int(month), side=side, code=code,
                       amount=_amount(amount))
    errors = _check_rows(version, [row])
    if errors:
        raise ValidationError(errors[0][1], code="execution")
    _save_execution(version, [row], actor)


PROBLEMS = {
    "year_month": lambda: _("year and month must be numbers"),
    "side": lambda: _("side must be revenue or expenditure"),
    "amount": lambda: _("amount must be a non-negative number with at most two decimals"),
}


@dataclass
class ImportReport:
    saved: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _check_rows(version: BudgetVersion, rows: list[treasury.Row]) -> list[tuple[int, str]]:
    year = version.budget.first_year
    revenue_codes = set(RevenueCode.objects.values_list("code", flat=True))
    programmes = set(version.expenditures.values_list("line__programme__code", flat=True).distinct())
    errors, seen = [], set()
    for row in rows:
        problems = []
        if row.year != year:
            problems.append(_("year must be %(year)s") % {"year": year})
        if not 1 <= row.month <= 12:
            problems.append(_("month must be 1 to 12"))
        if row.side == "revenue" and row.code not in revenue_codes:
            problems.append(_("unknown revenue code %(code)s") % {"code": row.code})
        if row.side == "expenditure" and row.code not in programmes:
            problems.append(_("programme %(code)s has no appropriation in this budget") % {"code": row.code})
        if row.amount >= MAX_AMOUNT:
            problems.append(PROBLEMS["amount"]())
        if (row.month, row.side, row.code) in seen:
            problems.append(_("the same month and code appear twice"))
        seen.add((row.month, row.side, row.code))
        if problems:
            errors.append((row.line, "; ".join(problems)))
    return errors


def _save_execution(version: BudgetVersion, rows: list[treasury.Row], actor: Any) -> None:
    budget = version.budget
    codes = {c.code: c for c in RevenueCode.objects.all()}
    lines = {line.programme.code: line for line in SpendingLine.objects.filter(community=budget.community)
             .select_related("programme")}
    for row in rows:
        if row.side == "revenue":
            key = {"revenue_code": codes[row.code], "line": None}
        else:
            key = {"line": lines[row.code], "revenue_code": None}
        ExecutionEntry.objects.update_or_create(budget=budget, month=row.month, defaults={"amount": row.amount},
                                                **key)
    audit.record(actor=actor, action="budget.execution", obj=version,
                 after={"rows": len(rows), "total": str(sum((r.amount for r in rows), maths.ZERO))})
    _refresh_rollups_after_commit(budget.first_year)


def import_execution(budget: Budget, content: bytes, filename: str, *, actor: Any) -> ImportReport:
    """Import a treasury-style CSV/XLSX: every bad row is reported, and one bad row means nothing is saved."""
    report = ImportReport()
    with transaction.atomic():
        version = _executing(budget, actor)
        try:
            rows, row_errors = treasury.read(content, filename)
        except treasury.FileError as error:
            messages = {
                "header": _("The first row must be: %(columns)s.") % {"columns": ",".join(treasury.COLUMNS)},
                "too_many_rows": _("The file has more than %(n)s rows.") % {"n": treasury.MAX_ROWS},
            }
            raise ValidationError(messages.get(str(error), _("The file cannot be read as CSV or XLSX.")),
                                  code="file") from None
        errors = [(e.line, PROBLEMS[e.problem]()) for e in row_errors] + _check_rows(version, rows)
        if errors:
            report.errors = sorted(errors)
            return report
        if not rows:
            raise ValidationError(_("The file has no rows."), code="empty")
        _save_execution(version, rows, actor)
        report.saved = len(rows)
    return report


# --- roll-ups ----------------------------------------------------------------------------------------


def _community_totals(year: int) -> dict[str, maths.Totals]:
    """Totals of every budget in force for ``year`` (its planned year), keyed by community KATO code."""
    in_force = {"version__budget__first_year": year, "year": year}
    totals: dict[str, maths.Totals] = {}
    budgets = (Budget.objects.filter(first_year=year, in_force__isnull=False)
               .values_list("community__territory__code", "community__population"))
    for code, population in budgets:
        totals[code] = maths.Totals(communities=1, population=population)
    revenue = (RevenuePlan.objects.filter(version=F("version__budget__in_force"), **in_force)
               .values_list("version__budget__community__territory__code", "code__code")
               .annotate(s=Sum("amount")).order_by())
    for community, code, amount in revenue:
        totals[community].add_revenue(code, amount)
    spending = (ExpenditurePlan.objects.filter(version=F("version__budget__in_force"), **in_force)
                .values_list("version__budget__community__territory__code").annotate(s=Sum("amount")).order_by())
    for community, amount in spending:
        totals[community].expenditures += amount
    return totals


def rebuild_rollups(year: int) -> int:
    """Recompute the roll-ups of ``year`` for every prefix (country, oblasts, districts, communities) from
    the budgets in force; growth compares with the stored roll-ups of the year before. Returns rows written."""
    by_prefix: dict[str, maths.Totals] = {}
    for code, totals in _community_totals(year).items():
        for prefix in maths.prefixes_of(code):
            by_prefix.setdefault(prefix, maths.Totals()).merge(totals)
    previous = dict(Rollup.objects.filter(year=year - 1).values_list("prefix", "own_revenues"))
    rows = []
    for prefix, totals in by_prefix.items():
        figures = maths.indicators(totals, year, previous.get(prefix))
        rows.append(Rollup(
            prefix=prefix, depth=len(prefix), year=year, communities=totals.communities,
            population=totals.population, tax=totals.tax, non_tax=totals.non_tax, capital=totals.capital,
            transfers=totals.transfers, expenditures=totals.expenditures, own_revenues=totals.own_revenues,
            self_sufficiency=figures.self_sufficiency, target=figures.target,
            own_per_resident=figures.own_per_resident, own_growth=figures.own_growth,
            tax_shares={code: str(share) for code, share in sorted(figures.tax_shares.items())}))
    with transaction.atomic():
        Rollup.objects.filter(year=year).delete()
        Rollup.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
