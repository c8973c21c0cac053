from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "auyl.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Each domain app declares its permission rules in rules.py; load them all once.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("rules")
        from django_tasks.signals import task_finished, task_started

        from auyl.core.tasks import refresh_worker_connections

        task_started.connect(refresh_worker_connections)
        task_finished.connect(refresh_worker_connections)
