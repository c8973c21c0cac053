"""The community (4th-level) budget: classification, three-year budgets and their versions, execution,
precomputed roll-ups.

A ``Budget`` is the three-year budget a community adopts for ``first_year`` (planned year plus two). Each
``BudgetVersion`` is one complete, frozen-once-submitted set of plan figures: number 1 is the original draft,
later numbers are adjustments (корректировка). Versions are never overwritten, so the history of every
version stays. ``SpendingLine`` is the stable line (community × programme) other apps may point to.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from auyl.budget import maths
from auyl.territory.models import Community

AMOUNT = dict(max_digits=17, decimal_places=2)


class LocalisedName(models.Model):
    """Kazakh, Russian and English names of a classification entry, shown in the reader's language."""

    name_kk = models.CharField(_("name in Kazakh"), max_length=300)
    name_ru = models.CharField(_("name in Russian"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        language = (get_language() or "kk")[:2]
        return {"kk": self.name_kk, "ru": self.name_ru}.get(language, self.name_en)


class RevenueKind(models.TextChoices):
    TAX = maths.TAX, _("Tax revenues")
    NON_TAX = maths.NON_TAX, _("Non-tax revenues")
    CAPITAL = maths.CAPITAL, _("Sale of fixed capital")
    TRANSFER = maths.TRANSFER, _("Transfers")


class RevenueCode(LocalisedName):
    """A revenue code of the unified budget classification (ЕБК): category (1) / class (2) / subclass (1) /
    specific (2). Whether it is the community's own revenue is data, not a guess."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=RevenueKind.choices)
    is_own = models.BooleanField(_("own revenue"), help_text=_("False for transfers from the district."))
    verified = models.BooleanField(_("code checked against the law"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("revenue code")
        verbose_name_plural = _("revenue codes")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def category(self) -> str:
        return self.code[0]

    @property
    def klass(self) -> str:
        return self.code[1:3]

    @property
    def subclass(self) -> str:
        return self.code[3]

    @property
    def specific(self) -> str:
        return self.code[4:6]


class SpendingDirection(LocalisedName):
    """One of the spending directions the law gives 4th-level budgets (old Budget Code art. 56-1)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("spending direction")
        verbose_name_plural = _("spending directions")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ProgrammeCode(LocalisedName):
    """A budget programme: functional group (2) / administrator (3) / programme (3) / subprogramme (3),
    written ``07.124.008.015``."""

    code = models.CharField(_("code"), max_length=14, unique=True)
    direction = models.ForeignKey(SpendingDirection, on_delete=models.PROTECT, related_name="programmes")

    class Meta:
        ordering = ["code"]
        verbose_name = _("budget programme")
        verbose_name_plural = _("budget programmes")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def part(self, index: int) -> str:
        return self.code.split(".")[index]

    @property
    def functional_group(self) -> str:
        return self.part(0)

    @property
    def administrator(self) -> str:
        return self.part(1)

    @property
    def programme(self) -> str:
        return self.part(2)

    @property
    def subprogramme(self) -> str:
        return self.part(3)


class SpendingLine(models.Model):
    """A community's spending line (programme): stable across years and versions, so other apps (contests)
    can ForeignKey to it."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="spending_lines")
    programme = models.ForeignKey(ProgrammeCode, on_delete=models.PROTECT, related_name="lines")

    class Meta:
        ordering = ["community", "programme__code"]
        verbose_name = _("spending line")
        verbose_name_plural = _("spending lines")
        constraints = [models.UniqueConstraint(fields=["community", "programme"], name="budget_unique_line")]

    def __str__(self) -> str:
        return str(self.programme)

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code

    is_public = True


class Budget(models.Model):
    """The community's budget for ``first_year`` and the two years after it (approved for three years)."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="budgets")
    first_year = models.PositiveSmallIntegerField(_("planned year"))
    in_force = models.OneToOneField(
        "BudgetVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("The latest approved version; set only by the approval step."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["community", "-first_year"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [models.UniqueConstraint(fields=["community", "first_year"], name="budget_one_per_year")]

    def __str__(self) -> str:
        return f"{self.community} {self.first_year}–{self.last_year}"

    @property
    def last_year(self) -> int:
        return self.first_year + 2

    @property
    def years(self) -> list[int]:
        return [self.first_year, self.first_year + 1, self.first_year + 2]

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code

    @property
    def is_public(self) -> bool:
        return self.in_force_id is not None


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the assembly")
    RETURNED = "returned", _("Returned with remarks")
    AGREED = "agreed", _("Agreed by the assembly")
    APPROVED = "approved", _("Approved by the maslikhat")
    IN_EXECUTION = "in_execution", _("In execution")
    SUPERSEDED = "superseded", _("Replaced by an adjustment")
    CLOSED = "closed", _("Closed")


# States in which a version is (or was) the approved budget: its figures are published.
APPROVED_STATES = (State.APPROVED, State.IN_EXECUTION, State.SUPERSEDED, State.CLOSED)
# States in which the plan figures may still be edited by the akim's office.
EDITABLE_STATES = (State.DRAFT, State.RETURNED)
# A budget has at most one version on its way to approval at a time.
PENDING_STATES = (State.DRAFT, State.SUBMITTED, State.RETURNED, State.AGREED)


class BudgetVersion(models.Model):
    """One version of a budget: the original draft (number 1) or an adjustment (корректировка)."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    reason = models.TextField(_("reason for the adjustment"), blank=True)
    net_lending = models.DecimalField(_("net budget lending"), default=0, **AMOUNT)
    financial_assets = models.DecimalField(_("balance of operations with financial assets"), default=0, **AMOUNT)
    opening_balance = models.DecimalField(
        _("free balances at the start of the year"), default=0, **AMOUNT,
        help_text=_("The only source that may finance a deficit of a 4th-level budget."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    assembly_reference = models.CharField(_("assembly minutes number"), max_length=100, blank=True)
    assembly_decided_on = models.DateField(_("date of the assembly's decision"), null=True, blank=True)
    assembly_remarks = models.TextField(_("assembly's remarks"), blank=True)
    maslikhat_reference = models.CharField(_("maslikhat decision number"), max_length=100, blank=True)
    approved_on = models.DateField(_("date of approval"), null=True, blank=True)

    class Meta:
        ordering = ["budget", "number"]
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="budget_version_number"),
            models.UniqueConstraint(fields=["budget"], condition=Q(state__in=PENDING_STATES),
                                    name="budget_one_pending_version"),
        ]

    def __str__(self) -> str:
        return f"{self.budget} v{self.number}"

    @property
    def is_adjustment(self) -> bool:
        return self.number > 1

    @property
    def agenda_subject_key(self) -> str:
        """What an assembly agenda item about this version refers to (checked on agreement)."""
        return f"budget.version:{self.pk}"

    @property
    def permission_scope(self) -> str:
        return self.budget.community.territory.code

    @property
    def is_public(self) -> bool:
        """Drafts are the office's working papers; once submitted to the assembly a version is public."""
        return self.state != State.DRAFT


class RevenuePlan(models.Model):
    version = models.ForeignKey(BudgetVersion, on_delete=models.CASCADE, related_name="revenues")
    code = models.ForeignKey(RevenueCode, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount, ₸"), **AMOUNT)

    class Meta:
        ordering = ["version", "year", "code__code"]
        constraints = [models.UniqueConstraint(fields=["version", "code", "year"], name="budget_revenue_row")]

    def __str__(self) -> str:
        return f"{self.code_id} {self.year}: {self.amount}"


class ExpenditurePlan(models.Model):
    version = models.ForeignKey(BudgetVersion, on_delete=models.CASCADE, related_name="expenditures")
    line = models.ForeignKey(SpendingLine, on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount, ₸"), **AMOUNT)

    class Meta:
        ordering = ["version", "year", "line__programme__code"]
        constraints = [models.UniqueConstraint(fields=["version", "line", "year"], name="budget_expenditure_row")]

    def __str__(self) -> str:
        return f"{self.line_id} {self.year}: {self.amount}"


class ExecutionEntry(models.Model):
    """Money received (revenue) or paid (expenditure) in one month of the planned year, per code or line."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="execution")
    month = models.PositiveSmallIntegerField(_("month"))
    revenue_code = models.ForeignKey(RevenueCode, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    line = models.ForeignKey(SpendingLine, null=True, blank=True, on_delete=models.PROTECT, related_name="execution")
    amount = models.DecimalField(_("amount, ₸"), **AMOUNT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["budget", "month"]
        verbose_name = _("execution entry")
        verbose_name_plural = _("execution entries")
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="budget_execution_month"),
            models.CheckConstraint(
                condition=(Q(revenue_code__isnull=False, line__isnull=True)
                           | Q(revenue_code__isnull=True, line__isnull=False)),
                name="budget_execution_one_side"),
            models.UniqueConstraint(fields=["budget", "month", "revenue_code"], condition=Q(line__isnull=True),
                                    name="budget_execution_revenue_once"),
            models.UniqueConstraint(fields=["budget", "month", "line"], condition=Q(revenue_code__isnull=True),
                                    name="budget_execution_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.budget_id} month {self.month}: {self.amount}"

    @property
    def permission_scope(self) -> str:
        return self.budget.community.territory.code

    @property
    def is_public(self) -> bool:
        return self.budget.is_public


class Rollup(models.Model):
    """Indicators of all budgets in force under a KATO prefix for one year ('' = the whole country),
    precomputed by ``tasks.refresh_rollups`` and read by ``selectors.budget_rollup`` (and oversight)."""

    prefix = models.CharField(max_length=9, blank=True)
    depth = models.PositiveSmallIntegerField(help_text=_("Length of the prefix: 0 country, 2 oblast, 4 district, "
                                                         "6 community."))
    year = models.PositiveSmallIntegerField()
    communities = models.PositiveIntegerField(default=0)
    population = models.PositiveBigIntegerField(default=0)
    tax = models.DecimalField(default=0, **AMOUNT)
    non_tax = models.DecimalField(default=0, **AMOUNT)
    capital = models.DecimalField(default=0, **AMOUNT)
    transfers = models.DecimalField(default=0, **AMOUNT)
    expenditures = models.DecimalField(default=0, **AMOUNT)
    own_revenues = models.DecimalField(default=0, **AMOUNT)
    self_sufficiency = models.DecimalField(null=True, max_digits=9, decimal_places=4)
    target = models.DecimalField(null=True, max_digits=5, decimal_places=4)
    own_per_resident = models.DecimalField(null=True, **AMOUNT)
    own_growth = models.DecimalField(null=True, max_digits=12, decimal_places=4)
    tax_shares = models.JSONField(default=dict, help_text=_("Share of each tax code in tax revenues."))
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "prefix"]
        verbose_name = _("budget roll-up")
        verbose_name_plural = _("budget roll-ups")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="budget_rollup_once")]
        indexes = [models.Index(fields=["year", "depth", "prefix"])]

    def __str__(self) -> str:
        return f"{self.prefix or 'KZ'} {self.year}"

    @property
    def territory_code(self) -> str:
        """The KATO code of the unit the prefix stands for ('' for the whole country)."""
        return self.prefix.ljust(9, "0") if self.prefix else ""

    @property
    def revenues(self):
        return self.tax + self.non_tax + self.capital + self.transfers

    @property
    def meets_target(self) -> bool | None:
        if self.self_sufficiency is None or self.target is None:
            return None
        return self.self_sufficiency >= self.target

    is_public = True
    permission_scope = ""
