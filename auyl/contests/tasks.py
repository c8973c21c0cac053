"""Background work of contests: counting when voting closes, chaining a busy vote log. Tasks take ids and are
idempotent."""

from __future__ import annotations

from django_tasks import task


@task()
def count_results(contest_id: int) -> int:
    """Count a contest whose voting has closed; a second run finds the result and changes nothing."""
    from auyl.contests import services

    return services.count_results(contest_id).pk


@task()
def chain_vote_log(contest_id: int) -> None:
    """Chain the vote-log entries waiting after ballots (see ``votelog.chain_soon``)."""
    from auyl.contests import votelog

    votelog.chain_all(contest_id)
