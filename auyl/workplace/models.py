"""The akim's office's own books, kept in the workplace: the household register (похозяйственный учёт), the
municipal property register, administrative fines the akim imposes, street-trade places and landscaping tasks.
(State-registry data lives in ``registries``; appeals in ``appeals``.)"""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from auyl.territory.models import Community, Territory


class OfficeRecord(models.Model):
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    settlement = models.ForeignKey(Territory, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("settlement"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code


class Household(OfficeRecord):
    """One household of the household register (похозяйственная книга): members, livestock, plot."""

    book_number = models.CharField(_("household book, account No."), max_length=30)
    address = models.CharField(_("address"), max_length=300)
    head = models.ForeignKey("people.Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("head of household"))
    members = models.PositiveSmallIntegerField(_("members"), default=1)
    cattle = models.PositiveIntegerField(_("cattle"), default=0)
    sheep_goats = models.PositiveIntegerField(_("sheep and goats"), default=0)
    horses = models.PositiveIntegerField(_("horses"), default=0)
    poultry = models.PositiveIntegerField(_("poultry"), default=0)
    plot_ha = models.DecimalField(_("household plot, ha"), max_digits=8, decimal_places=3, default=0,
                                  validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["settlement", "book_number"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [models.UniqueConstraint(fields=["community", "book_number"], name="one_household_per_book")]

    def __str__(self) -> str:
        return self.book_number


class DocumentState(models.TextChoices):
    REGISTERED = "registered", _("registered")
    IN_PROGRESS = "in_progress", _("documents in progress")
    NONE = "none", _("without documents")


class PropertyKind(models.TextChoices):
    BUILDING = "building", _("building")
    LAND = "land", _("land plot")
    ROAD = "road", _("road or street")
    NETWORK = "network", _("water, power or lighting network")
    EQUIPMENT = "equipment", _("equipment or vehicle")
    OTHER = "other", _("other")


class MunicipalProperty(OfficeRecord):
    """An object of the community's communal property, with the state of its title documents."""

    name = models.CharField(_("object"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=PropertyKind.choices)
    inventory_number = models.CharField(_("inventory No."), max_length=40, blank=True)
    cadastral_number = models.CharField(_("cadastral No."), max_length=40, blank=True)
    document_state = models.CharField(_("documents"), max_length=20, choices=DocumentState.choices,
                                      default=DocumentState.NONE)
    book_value = models.DecimalField(_("book value, ₸"), max_digits=15, decimal_places=0, default=0,
                                     validators=[MinValueValidator(0)])
    in_use = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipal property")
        verbose_name_plural = _("municipal property")

    def __str__(self) -> str:
        return self.name


class FineArticle(models.TextChoices):
    """Articles of the Code of Administrative Offences under which the akim of a town, village, settlement or
    rural okrug imposes fines, revenue of the 4th-level budget (Law 148 art. 3; domain reference §3.1)."""

    A136 = "136", _("CAO art. 136")
    A144 = "144", _("CAO art. 144")
    A146 = "146", _("CAO art. 146")
    A147 = "147", _("CAO art. 147")
    A172 = "172", _("CAO art. 172")
    A204 = "204", _("CAO art. 204")
    A301 = "301", _("CAO art. 301")
    A303 = "303", _("CAO art. 303")
    A304 = "304", _("CAO art. 304")
    A305 = "305", _("CAO art. 305")
    A320 = "320", _("CAO art. 320")
    A339 = "339", _("CAO art. 339")
    A386 = "386", _("CAO art. 386")
    A408 = "408", _("CAO art. 408")
    A409 = "409", _("CAO art. 409")
    A491 = "491", _("CAO art. 491")
    A505 = "505", _("CAO art. 505")


class FineStatus(models.TextChoices):
    ISSUED = "issued", _("issued")
    PAID = "paid", _("paid")
    APPEALED = "appealed", _("appealed")
    CANCELLED = "cancelled", _("cancelled")


class AdministrativeFine(OfficeRecord):
    """A fine imposed by the akim. The offender is identified by the registry link only (personal data)."""

    number = models.CharField(_("resolution No."), max_length=30)
    article = models.CharField(_("article"), max_length=4, choices=FineArticle.choices)
    offender = models.ForeignKey("people.Resident", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("offender (resident)"))
    offender_is_legal = models.BooleanField(_("legal entity"), default=False)
    issued_on = models.DateField(_("issued on"))
    amount = models.DecimalField(_("amount, ₸"), max_digits=12, decimal_places=0, validators=[MinValueValidator(1)])
    paid = models.DecimalField(_("paid, ₸"), max_digits=12, decimal_places=0, default=0,
                               validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=12, choices=FineStatus.choices, default=FineStatus.ISSUED)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("administrative fine")
        verbose_name_plural = _("administrative fines")
        constraints = [models.UniqueConstraint(fields=["community", "number"], name="one_fine_per_number")]

    def __str__(self) -> str:
        return self.number


class TradePlace(OfficeRecord):
    """A place for street trade the akim allots (kiosk, stall, market row), and who holds it until when."""

    number = models.CharField(_("place No."), max_length=20)
    location = models.CharField(_("location"), max_length=300)
    kind = models.CharField(_("kind"), max_length=60)
    area_m2 = models.DecimalField(_("area, m²"), max_digits=8, decimal_places=2, default=0,
                                  validators=[MinValueValidator(0)])
    holder = models.CharField(_("holder (business)"), max_length=200, blank=True)
    permit_until = models.DateField(_("permit until"), null=True, blank=True)
    monthly_fee = models.DecimalField(_("monthly fee, ₸"), max_digits=12, decimal_places=0, default=0,
                                      validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["number"]
        verbose_name = _("street-trade place")
        verbose_name_plural = _("street-trade places")
        constraints = [models.UniqueConstraint(fields=["community", "number"], name="one_trade_place_per_number")]

    def __str__(self) -> str:
        return self.number


class TaskStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


class LandscapingTask(OfficeRecord):
    """A landscaping, greening or cleaning task (благоустройство и озеленение, budget programme 011)."""

    title = models.CharField(_("task"), max_length=300)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.PLANNED)
    cost = models.DecimalField(_("cost, ₸"), max_digits=14, decimal_places=0, default=0,
                               validators=[MinValueValidator(0)])
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("landscaping task")
        verbose_name_plural = _("landscaping tasks")

    def __str__(self) -> str:
        return self.title
