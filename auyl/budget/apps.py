from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "auyl.budget"
    label = "budget"
    verbose_name = _("Budget")

    def ready(self) -> None:
        from auyl.web.navigation import NavLink, Section, register_community_section, register_nav_link

        register_community_section(Section(_("Budget: where the money comes from and where it goes"),
                                           "budget:community", order=20))
        register_community_section(Section(_("Budget office"), "budget:manage", order=21, officials_only=True))
        register_nav_link(NavLink(_("Budgets"), "budget:indicators", order=20))
