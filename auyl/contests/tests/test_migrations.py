"""The move of contests' notifications to the core inbox keeps every stored message, read or not, with its date."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from auyl.core.models import Notification

BEFORE = [("contests", "0001_initial")]
AFTER = [("contests", "0002_notifications_to_core")]


@pytest.fixture
def latest_schema_after():
    """Tests that run later need every migration applied again."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_stored_contest_notifications_land_in_the_core_inbox(django_user_model, latest_schema_after):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("contests", "Notification")
    alice = django_user_model.objects.create(username="alice")
    long_text = "Your proposal “" + "Л" * 300 + "” was merged."
    read_at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    old.objects.create(user_id=alice.pk, text="The results of “Ауыл көркі” are out.", url="/contests/1/results/",
                       read_at=read_at)
    old.objects.create(user_id=alice.pk, text=long_text, url="")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    short, long = Notification.objects.filter(user=alice).order_by("pk")
    assert (short.subject, short.body, short.url, short.read_at) == (
        "The results of “Ауыл көркі” are out.", "", "/contests/1/results/", read_at)
    assert (long.subject, long.body, long.read_at) == (long_text[:200], long_text, None)
    assert "contests_notification" not in connection.introspection.table_names()
