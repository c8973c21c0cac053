"""Background work of the core: the scheduled verification of the audit chain, notifications; and the queue
worker's database connections."""

from django.db import close_old_connections
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend


def refresh_worker_connections(sender, **kwargs) -> None:
    """Connected to django-tasks' ``task_started`` and ``task_finished``. The queue worker runs jobs one after another
    in one process: like a request, a job starts and ends by dropping connections that broke or grew too old. Not
    for in-process tasks, which run inside the caller's request and transaction."""
    if not issubclass(sender, ImmediateBackend):
        close_old_connections()


@task()
def verify_audit_chain() -> dict:
    """Recompute the whole chain (run nightly by the operator's scheduler); the result is kept by the queue."""
    from auyl.core.audit import verify

    report = verify()
    return {"checked": report.checked, "problems": report.problems}


@task()
def deliver_notifications(notification_ids: list[int]) -> int:
    """Send stored notifications through the configured sender; each is sent once (sent_at marks it)."""
    from django.utils import timezone

    from auyl.core.models import Notification
    from auyl.people.senders import get_sender

    sender = get_sender()
    sent = 0
    for notification in Notification.objects.filter(pk__in=notification_ids, sent_at__isnull=True).select_related(
            "user"):
        contact = notification.user.phone or notification.user.email
        if contact:
            sender.send(contact, f"{notification.subject}\n{notification.body}".strip())
        Notification.objects.filter(pk=notification.pk, sent_at__isnull=True).update(sent_at=timezone.now())
        sent += 1
    return sent
