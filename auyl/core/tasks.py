"""Background work of the core: the scheduled verification of the audit chain."""

from django_tasks import task


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
