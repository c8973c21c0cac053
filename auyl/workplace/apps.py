from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplaceConfig(AppConfig):
    name = "auyl.workplace"
    label = "workplace"
    verbose_name = _("Workplace")

    def ready(self) -> None:
        from auyl.core.roles import Role
        from auyl.web.navigation import NavLink, Section, register_community_section, register_nav_link

        register_nav_link(NavLink(_("Workplace"), "workplace:index", order=10, roles=(Role.AKIM, Role.STAFF)))
        register_community_section(Section(_("Akim's workplace"), "workplace:dashboard", order=5,
                                           officials_only=True))
