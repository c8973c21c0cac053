"""KATO units and local communities."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Structural level in the KATO code (which segment is the last non-zero one)."""

    OBLAST = "oblast", _("Oblast or city of republican significance")
    DISTRICT = "district", _("District or city of oblast significance")
    SUB_DISTRICT = "sub_district", _("Rural okrug, village, settlement or town administration")
    SETTLEMENT = "settlement", _("Populated place")


class Kind(models.TextChoices):
    OBLAST = "oblast", _("Oblast")
    REPUBLICAN_CITY = "republican_city", _("City of republican significance")
    DISTRICT = "district", _("District")
    OBLAST_CITY = "oblast_city", _("City of oblast significance")
    CITY_DISTRICT = "city_district", _("City district")
    RURAL_OKRUG = "rural_okrug", _("Rural okrug")
    VILLAGE = "village", _("Village (administration)")
    SETTLEMENT_ADMIN = "settlement_admin", _("Settlement (administration)")
    TOWN = "town", _("Town of district significance")
    CITY_ITSELF = "city_itself", _("City territory")
    POPULATED_PLACE = "populated_place", _("Populated place")


# Segment lengths of the KATO code: AB | CD | EF | HIJ.
PREFIX_LENGTH = {Level.OBLAST: 2, Level.DISTRICT: 4, Level.SUB_DISTRICT: 6, Level.SETTLEMENT: 9}


class Territory(models.Model):
    """One row of the KATO classifier. ``code`` is the 9-character official code, kept as a string."""

    code = models.CharField(_("KATO code"), max_length=9, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    type_code = models.PositiveSmallIntegerField(_("type of locality (10th sign)"))
    name_kk = models.CharField(_("name in Kazakh"), max_length=200)
    name_ru = models.CharField(_("name in Russian"), max_length=200)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    prefix = models.CharField(
        _("scope prefix"), max_length=9, db_index=True, help_text=_("Codes below this unit start with it.")
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    kato_version = models.CharField(_("classifier edition"), max_length=20)

    class Meta:
        ordering = ["code"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def name(self) -> str:
        """The name in the reader's language: Kazakh for kk, Russian otherwise (KATO has no English names)."""
        return self.name_kk if (get_language() or "kk").startswith("kk") else self.name_ru

    @property
    def permission_scope(self) -> str:
        return self.code

    is_public = True


class Community(models.Model):
    """A local community (жергілікті қоғамдастық / местное сообщество): the 4th-level unit that has an
    akim, a budget, a gathering and an assembly."""

    territory = models.OneToOneField(Territory, on_delete=models.PROTECT, related_name="community")
    district = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="district_communities")
    oblast = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="oblast_communities")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    population = models.PositiveIntegerField(_("population"), default=0)
    is_active = models.BooleanField(_("uses the platform"), default=False, db_index=True)

    class Meta:
        ordering = ["territory__code"]
        verbose_name = _("local community")
        verbose_name_plural = _("local communities")

    def __str__(self) -> str:
        return self.territory.name

    @property
    def code(self) -> str:
        return self.territory.code

    @property
    def name(self) -> str:
        return self.territory.name

    @property
    def permission_scope(self) -> str:
        return self.territory.code

    is_public = True

    def settlements(self) -> models.QuerySet[Territory]:
        """Populated places of the community: KATO rows under its prefix at settlement level."""
        return Territory.objects.filter(prefix__startswith=self.territory.prefix, level=Level.SETTLEMENT)
