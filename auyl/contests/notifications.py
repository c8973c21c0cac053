"""Notifications to users, through the queue: a minimal channel other apps may reuse.

``notify(user_ids, message, url)`` enqueues delivery after the transaction commits; the task renders the
message in each recipient's language and stores it (shown on the notifications page). An SMS or e-mail
channel can be added in ``deliver`` without touching callers.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import translation

from auyl.contests.models import Notification


def notify(user_ids: Iterable[int], message: str, url: str = "", params: dict | None = None) -> None:
    """Queue ``message`` (an English source string marked with ``gettext_noop``) for the users."""
    from auyl.contests.tasks import deliver_notifications

    ids = sorted(set(user_ids))
    if ids:
        transaction.on_commit(lambda: deliver_notifications.enqueue(ids, message, url, params or {}))


def deliver(user_ids: list[int], message: str, url: str, params: dict) -> int:
    """Store one notification per user in their language; idempotent per (user, text, url)."""
    from auyl.people.models import User

    rows = []
    for user_id, language in User.objects.filter(pk__in=user_ids).values_list("pk", "preferred_language"):
        with translation.override(language or "kk"):
            text = (translation.gettext(message) % params)[:500]
        if not Notification.objects.filter(user_id=user_id, text=text, url=url).exists():
            rows.append(Notification(user_id=user_id, text=text, url=url))
    Notification.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
