"""Citizen initiatives, deputies' petitions, signatures and public-expertise polls."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "auyl.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from auyl.core.roles import Role
        from auyl.web.navigation import NavLink, Section, register_community_section, register_nav_link

        register_community_section(Section(_("Initiatives and polls"), "initiatives:community", order=40))
        register_nav_link(NavLink(_("Initiatives"), "initiatives:index", order=40))
        register_nav_link(NavLink(_("My initiatives"), "initiatives:inbox", order=41, roles=(
            Role.RESIDENT, Role.AKIM, Role.STAFF, Role.ASSEMBLY_MEMBER, Role.DEPUTY)))
