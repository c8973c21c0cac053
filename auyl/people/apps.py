from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "auyl.people"
    label = "people"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from auyl.core.roles import Role
        from auyl.web.navigation import NavLink, register_nav_link

        # The inbox of core notifications (every app's messages to a user) is people's page.
        register_nav_link(NavLink(_("Notifications"), "people:notifications", order=90, roles=tuple(Role.values)))
