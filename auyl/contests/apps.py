from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "auyl.contests"
    label = "contests"
    verbose_name = _("Contests")

    def ready(self) -> None:
        from auyl.web.navigation import NavLink, Section, register_community_section, register_nav_link

        register_community_section(Section(_("Project contests"), "contests:community", order=20))
        register_nav_link(NavLink(_("Contests"), "contests:list", order=20))
