"""Gatherings and assemblies of the local community, minutes, the akim's report, no confidence."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssembliesConfig(AppConfig):
    name = "auyl.assemblies"
    label = "assemblies"
    verbose_name = _("Assemblies")

    def ready(self) -> None:
        from auyl.assemblies.figures import (
            appeal_figures,
            assembly_figures,
            budget_figures,
            project_figures,
            register_provider,
        )
        from auyl.web.navigation import Section, register_community_section

        register_community_section(Section(_("Gatherings and assembly"), "assemblies:community", order=30))
        for provider in (budget_figures, project_figures, appeal_figures, assembly_figures):
            register_provider(provider)
