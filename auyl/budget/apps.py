from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "auyl.budget"
    label = "budget"
    verbose_name = _("Budget")
