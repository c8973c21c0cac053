"""Querysets compiled once give what the ORM gives, on SQLite and PostgreSQL alike."""

import pytest
from django.utils import timezone

from auyl.core.compiled import SLOT, CompiledQuery
from auyl.core.testing import make_user
from auyl.people.backends import ModelBackend
from auyl.people.models import User

pytestmark = pytest.mark.django_db


def test_rows_and_instances_equal_the_orms():
    users = [make_user(f"u{i}", last_login=timezone.now()) for i in range(3)]
    by_pk = CompiledQuery(User.objects.filter(pk=SLOT))
    for user in users:
        fetched, expected = by_pk.instance(user.pk), User.objects.get(pk=user.pk)
        assert fetched == expected and fetched.last_login == expected.last_login  # converted: aware datetimes
        assert fetched.last_login.tzinfo is not None and fetched.username == user.username
    assert by_pk.instance(10**9) is None
    names = CompiledQuery(User.objects.filter(pk=SLOT, is_active=True).values_list("username"))
    assert names.rows(users[1].pk) == [("u1",)]
    User.objects.filter(pk=users[1].pk).update(is_active=False)
    assert names.rows(users[1].pk) == []


def test_a_queryset_without_exactly_one_slot_is_refused():
    with pytest.raises(ValueError):
        CompiledQuery(User.objects.filter(pk=1))
    with pytest.raises(ValueError):
        CompiledQuery(User.objects.filter(pk=SLOT) | User.objects.filter(id=SLOT))


def test_the_session_backend_finds_active_users_only():
    user = make_user("someone")
    backend = ModelBackend()
    assert backend.get_user(user.pk) == user and backend.get_user(str(user.pk)) == user
    assert backend.get_user("not a number") is None and backend.get_user(10**9) is None
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert backend.get_user(user.pk) is None
