"""Background work of contests: counting when voting closes, notifications. Tasks take ids and are idempotent."""

from __future__ import annotations

from django_tasks import task


@task()
def count_results(contest_id: int) -> int:
    """Count a contest whose voting has closed; a second run finds the result and changes nothing."""
    from auyl.contests import services

    return services.count_results(contest_id).pk


@task()
def deliver_notifications(user_ids: list[int], message: str, url: str, params: dict) -> int:
    from auyl.contests.notifications import deliver

    return deliver(user_ids, message, url, params)
