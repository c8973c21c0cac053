from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "auyl.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self) -> None:
        from auyl.core.roles import Role
        from auyl.web.navigation import NavLink, Section, register_community_section, register_nav_link

        register_community_section(Section(_("Appeals and personal receptions"), "appeals:community", order=40))
        register_nav_link(NavLink(_("My appeals"), "appeals:mine", order=40, roles=(Role.RESIDENT,)))
