"""Notifying people: one call for every app (authors when reviewed, voters when results are out, addressees).

``notify(users, subject=..., body=..., url=...)`` stores an in-app notification for each user, in each user's own
language, and enqueues delivery through the one-time-code sender (SMS/e-mail) after the transaction commits.
Subjects and bodies are lazy translations (``gettext_lazy``), optionally with ``%(name)s`` parameters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import translation

from auyl.core.models import Notification


def notify(users: Iterable[Any], *, subject: Any, body: Any = "", url: str = "", params: dict | None = None,
           deliver: bool = True) -> list[Notification]:
    params = params or {}
    created = []
    for user in users:
        with translation.override(getattr(user, "preferred_language", None) or "kk"):
            created.append(Notification(user=user, subject=str(subject) % params if params else str(subject),
                                        body=(str(body) % params if params else str(body)), url=url))
    Notification.objects.bulk_create(created)
    if deliver and created:
        from auyl.core.tasks import deliver_notifications

        ids = [n.pk for n in created]  # bulk_create returns primary keys on PostgreSQL and SQLite ≥ 3.35
        transaction.on_commit(lambda: deliver_notifications.enqueue(ids))
    return created


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
