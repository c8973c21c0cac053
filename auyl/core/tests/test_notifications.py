"""Notifications are stored in each user's language and delivered once through the sender, after commit."""

import pytest
from django.utils.translation import gettext_lazy as _

from auyl.core.models import Notification
from auyl.core.notifications import notify, unread_count
from auyl.core.testing import make_user
from auyl.people.senders import ConsoleSender


@pytest.mark.django_db(transaction=True)
def test_notify_stores_in_each_language_and_delivers_once():
    kk = make_user("+77011110001", phone="+77011110001", preferred_language="kk")
    ru = make_user("+77011110002", phone="+77011110002", preferred_language="ru")
    before = len(ConsoleSender.outbox)
    notify([kk, ru], subject=_("A new code is on its way."), url="/account/")
    assert Notification.objects.get(user=kk).subject == "Жаңа код жіберілді."
    assert Notification.objects.get(user=ru).subject == "Новый код отправлен."
    assert len(ConsoleSender.outbox) == before + 2
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    assert unread_count(kk) == 1
    from auyl.core.tasks import deliver_notifications

    deliver_notifications.enqueue([n.pk for n in Notification.objects.all()])
    assert len(ConsoleSender.outbox) == before + 2  # already sent: not again


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_when_the_transaction_rolls_back():
    from django.db import transaction

    user = make_user("+77011110003", phone="+77011110003")
    before = len(ConsoleSender.outbox)
    with pytest.raises(RuntimeError), transaction.atomic():
        notify([user], subject=_("A new code is on its way."))
        raise RuntimeError
    assert len(ConsoleSender.outbox) == before
    assert not Notification.objects.exists()
