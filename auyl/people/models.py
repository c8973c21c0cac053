"""Accounts, the resident registry and roles held in territories."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from auyl.core.roles import Role
from auyl.people import crypto
from auyl.territory.models import Community, Territory


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class Resident(models.Model):
    """An entry of the population registry for one community (stands for ГБД ФЛ).

    The IIN is stored as a keyed hash (for look-up and matching) beside an encrypted copy; it is never stored
    or logged in clear. Names, birth date and address are personal data: only roles that need them see them.
    """

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="residents")
    settlement = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="+")
    iin_hash = models.CharField(max_length=64, unique=True)
    iin_encrypted = models.TextField()
    iin_last4 = models.CharField(max_length=4)
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_registered = models.BooleanField(_("registered (propiska) in the community"), default=True)
    is_excluded = models.BooleanField(
        _("excluded from the gathering"), default=False,
        help_text=_("Declared incapable by a court or serving a sentence (Law 148, art. 39-3 p.1)."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["community", "last_name", "first_name"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        indexes = [models.Index(fields=["community", "birth_date"])]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name[:1]}. ({crypto.masked_iin(self.iin_last4)})"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def permission_scope(self) -> str:
        return self.community.territory.code

    def reveal_iin(self) -> str:
        """Decrypt the IIN for a task that needs it; callers must have checked ``can(..., 'view', self)``."""
        return crypto.decrypt(self.iin_encrypted)


class User(AbstractUser):
    """An account. Residents log in with their phone number or e-mail; officials get accounts from admins."""

    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    contact_confirmed = models.BooleanField(_("phone or e-mail confirmed"), default=False)
    resident = models.OneToOneField(
        Resident, null=True, blank=True, on_delete=models.SET_NULL, related_name="account"
    )
    preferred_language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="kk"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_verified(self) -> bool:
        return self.resident_id is not None


class RoleAssignment(models.Model):
    """A role held in a territory; it covers the territory and everything below it. No territory = nationwide."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    territory = models.ForeignKey(
        Territory, null=True, blank=True, on_delete=models.PROTECT, related_name="role_assignments"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "territory"], name="unique_role_per_territory")
        ]

    def __str__(self) -> str:
        where = self.territory.code if self.territory_id else "KZ"
        return f"{self.user} — {self.get_role_display()} @ {where}"

    @property
    def permission_scope(self) -> str:
        return self.territory.code if self.territory_id else ""


class OneTimeCode(models.Model):
    """A code sent to confirm a phone number or e-mail; stored hashed, with an attempt counter."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="one_time_codes")
    purpose = models.CharField(max_length=20, default="confirm")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"code for {self.user_id} ({self.purpose})"


class PersonalDataAccess(models.Model):
    """Every time an official opens a person's record: who, whose, when, why. Kept for audits."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="accesses")
    at = models.DateTimeField(auto_now_add=True)
    purpose = models.CharField(max_length=80)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")

    def __str__(self) -> str:
        return f"{self.user_id} viewed {self.resident_id} at {self.at:%Y-%m-%d %H:%M}"
