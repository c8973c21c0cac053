"""The AI helper in the platform: background jobs over auyl.text and their stored results."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "auyl.insight"
    label = "insight"
    verbose_name = _("Insight")

    def ready(self) -> None:
        from auyl.insight import receivers
        from auyl.web.navigation import Section, register_community_section

        receivers.connect()
        register_community_section(Section(_("Discussions and opinion maps"), "insight:discussions", order=60))
        register_community_section(Section(_("AI helper: themes, duplicates, routing"), "insight:community",
                                           order=90, officials_only=True))
