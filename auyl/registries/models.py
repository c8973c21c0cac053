"""Local copies of state-registry data for one community, and when each source was last refreshed.

Identifiers of persons (IIN of a holder, an owner, a taxpayer) are kept only as a keyed hash plus the last
four digits, linked to the resident registry entry when it matches; names of private persons are not copied.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from auyl.territory.models import Community, Territory


class Source(models.TextChoices):
    POPULATION = "population", _("Population (ГБД ФЛ)")
    LEGAL_ENTITIES = "legal_entities", _("Legal entities (ГБД ЮЛ)")
    TAXPAYERS = "taxpayers", _("Taxpayers and arrears (tax authority)")
    LAND_PLOTS = "land_plots", _("Land plots (land cadastre)")
    REAL_ESTATE = "real_estate", _("Real estate register")
    VEHICLES = "vehicles", _("Vehicles register")


class HolderKind(models.TextChoices):
    INDIVIDUAL = "individual", _("individual")
    LEGAL = "legal", _("legal entity")


class SourceStatus(models.Model):
    """Freshness of one registry for one community: last success, and since when it fails."""

    source = models.CharField(_("registry"), max_length=20, choices=Source.choices)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="registry_statuses")
    adapter = models.CharField(max_length=10, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(_("last refreshed"), null=True, blank=True)
    unavailable_since = models.DateTimeField(_("unavailable since"), null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    records = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("registry source status")
        verbose_name_plural = _("registry source statuses")
        constraints = [models.UniqueConstraint(fields=["source", "community"], name="one_status_per_source")]

    def __str__(self) -> str:
        return f"{self.source} @ {self.community_id}"

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code


class RegistryRow(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    settlement = models.ForeignKey(Territory, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("settlement"))
    holder_hash = models.CharField(max_length=64, blank=True, db_index=True)
    holder_last4 = models.CharField(_("IIN/BIN (last digits)"), max_length=4, blank=True)
    holder_kind = models.CharField(_("holder"), max_length=12, choices=HolderKind.choices,
                                   default=HolderKind.INDIVIDUAL)
    resident = models.ForeignKey("people.Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code


class LegalEntity(RegistryRow):
    name = models.CharField(_("name"), max_length=300)
    form = models.CharField(_("legal form"), max_length=40)
    activity = models.CharField(_("activity"), max_length=200, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("legal entity")
        verbose_name_plural = _("legal entities")

    def __str__(self) -> str:
        return self.name


class TaxKind(models.TextChoices):
    """Taxes and fees of the 4th-level budget, by budget classification code (Budget Code art. 52-1)."""

    INCOME = "101202", _("Individual income tax, self-assessed (101202)")
    PROPERTY = "104102", _("Property tax of individuals (104102)")
    LAND = "104302", _("Land tax on settlement land (104302)")
    VEHICLE_LEGAL = "104401", _("Vehicle tax of legal entities (104401)")
    VEHICLE_INDIVIDUAL = "104402", _("Vehicle tax of individuals (104402)")
    ADVERTISING = "105430", _("Outdoor advertising fee (105430)")


class TaxAccount(RegistryRow):
    """What one taxpayer owes for one tax in one year. Names only for legal entities."""

    name = models.CharField(_("taxpayer"), max_length=300, blank=True)
    tax_kind = models.CharField(_("tax"), max_length=6, choices=TaxKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    assessed = models.DecimalField(_("assessed"), max_digits=14, decimal_places=2, default=0)
    paid = models.DecimalField(_("paid"), max_digits=14, decimal_places=2, default=0)
    arrears = models.DecimalField(_("arrears"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        ordering = ["-arrears"]
        verbose_name = _("tax account")
        verbose_name_plural = _("tax accounts")
        indexes = [models.Index(fields=["community", "tax_kind"])]

    def __str__(self) -> str:
        return f"{self.tax_kind} {self.year} ••{self.holder_last4}"


class LandPurpose(models.TextChoices):
    HOUSING = "housing", _("individual housing")
    SUBSIDIARY = "subsidiary", _("personal subsidiary farm")
    FARMING = "farming", _("agriculture")
    PASTURE = "pasture", _("pasture")
    COMMERCIAL = "commercial", _("commercial")
    OTHER = "other", _("other")


class LandPlot(RegistryRow):
    cadastral_number = models.CharField(_("cadastral number"), max_length=40)
    area_ha = models.DecimalField(_("area, ha"), max_digits=12, decimal_places=4)
    purpose = models.CharField(_("purpose"), max_length=20, choices=LandPurpose.choices)
    right = models.CharField(_("right"), max_length=40)
    registered = models.BooleanField(_("right registered"), default=True)

    class Meta:
        ordering = ["cadastral_number"]
        verbose_name = _("land plot")
        verbose_name_plural = _("land plots")

    def __str__(self) -> str:
        return self.cadastral_number


class RealEstate(RegistryRow):
    object_number = models.CharField(_("object number"), max_length=40)
    kind = models.CharField(_("kind"), max_length=40)
    area_m2 = models.DecimalField(_("area, m²"), max_digits=12, decimal_places=2)
    registered = models.BooleanField(_("right registered"), default=True)

    class Meta:
        ordering = ["object_number"]
        verbose_name = _("real estate object")
        verbose_name_plural = _("real estate objects")

    def __str__(self) -> str:
        return self.object_number


class Vehicle(RegistryRow):
    kind = models.CharField(_("kind"), max_length=40)
    year_made = models.PositiveSmallIntegerField(_("year made"), null=True, blank=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")

    def __str__(self) -> str:
        return f"{self.kind} {self.year_made or ''}"
