from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "auyl.contests"
    label = "contests"
    verbose_name = _("Contests")

    def ready(self) -> None:
        from auyl.core.roles import Role
        from auyl.web.navigation import NavLink, Section, register_community_section, register_nav_link

        register_community_section(Section(_("Project contests"), "contests:community", order=20))
        register_nav_link(NavLink(_("Contests"), "contests:list", order=20))
        # The inbox is people's page (core notifications); contests registered its menu link first and keeps it.
        register_nav_link(NavLink(_("Notifications"), "people:notifications", order=90, roles=tuple(Role.values)))
