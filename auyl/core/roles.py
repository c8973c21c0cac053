"""The roles of the platform. A role is always held in a territory (see people.RoleAssignment)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("Verified resident")
    AKIM = "akim", _("Akim")
    STAFF = "staff", _("Akim's staff (apparatus)")
    ASSEMBLY_MEMBER = "assembly_member", _("Member of the community assembly")
    DEPUTY = "deputy", _("Maslikhat deputy")
    AUDITOR = "auditor", _("Audit commission member")
    DISTRICT_OFFICIAL = "district_official", _("District akimat official")
    NATIONAL_OBSERVER = "national_observer", _("National observer")
    ADMIN = "admin", _("Platform administrator")


class Action(models.TextChoices):
    VIEW = "view", _("view")
    CREATE = "create", _("create")
    CHANGE = "change", _("change")
    APPROVE = "approve", _("approve")
    PUBLISH = "publish", _("publish")


OFFICIALS = (Role.AKIM, Role.STAFF)
OVERSIGHT = (Role.DISTRICT_OFFICIAL, Role.NATIONAL_OBSERVER, Role.AUDITOR)
