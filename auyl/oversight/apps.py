from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "auyl.oversight"
    label = "oversight"
    verbose_name = _("Oversight")

    def ready(self) -> None:
        from auyl.core.roles import Role
        from auyl.oversight.providers import register_all
        from auyl.web.navigation import NavLink, Section, register_community_section, register_nav_link

        register_all()
        register_nav_link(NavLink(_("Oversight"), "oversight:home", order=80, roles=(
            Role.NATIONAL_OBSERVER, Role.DISTRICT_OFFICIAL, Role.AUDITOR, Role.DEPUTY, Role.ADMIN)))
        register_nav_link(NavLink(_("Elections of akims"), "oversight:elections", order=81))
        register_community_section(Section(_("Akim: elections and term"), "oversight:community_akim", order=20))
        register_community_section(Section(_("Audits of the budget"), "oversight:community_audits", order=60))
