"""Hooks the helper onto other apps without changing them: a new appeal gets a routing suggestion and a fresh
look for duplicates in the background. No rule lives here; the work is done by the tasks after commit."""

from __future__ import annotations

from django.db.models.signals import post_save


def _appeal_created(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    from auyl.insight.services import enqueue
    from auyl.insight.tasks import duplicate_groups_task, suggest_routing_task

    enqueue(suggest_routing_task, instance.pk)
    enqueue(duplicate_groups_task, instance.community_id)


def connect() -> None:
    from auyl.appeals.models import Appeal

    post_save.connect(_appeal_created, sender=Appeal, dispatch_uid="insight.appeal_created")
