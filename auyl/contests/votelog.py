"""The public vote log of a contest: one entry per ballot cast, changed or entered on paper, hash-chained.

A ballot's transaction appends its entry unchained (no number, no hashes yet) and commits; right after, it asks
the queue to chain what waits. The chaining task takes the log's head (the contest row, FOR NO KEY UPDATE SKIP
LOCKED) and numbers and hashes the waiting entries in batches, one commit per batch. Ballots of one contest
therefore commit side by side instead of queueing on the head through every commit's disk flush, which capped a
contest at a few hundred ballots per second. With a queue that can defer (Redis), the chaining runs a second or two
after the ballot that asked for it, so a busy contest is chained about once a second, in batches, instead of in a
job per few ballots (the jobs' own cost had grown to a tenth of a ballot's); an entry gets its number within a
second or two of its ballot (its receipt is found in the log at once, "being added" until then). In process it
runs at once.

The count orders itself against ballots on the same row: a ballot holds it in KEY SHARE mode before it writes
(compatible with other ballots and with chaining); the count locks it FOR UPDATE, so it waits for the ballots in
flight, and ballots arriving later wait for the count, then find voting closed. The count chains what is waiting
before it counts. On SQLite one transaction writes at a time, which orders everything already.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.contests.models import Contest, VoteLogEntry
from auyl.core.compiled import SLOT, CompiledQuery
from auyl.core.hashing import chain_hash

logger = logging.getLogger(__name__)
# A ballot's hold on the contest (also the first clause of PostgreSQL's one-statement ballot in services).
HOLD_CONTEST = "SELECT id FROM contests_contest WHERE id = %s FOR KEY SHARE"
ENTRY_COLUMNS = "(contest_id, seq, created_at, kind, receipt_hash, supersedes, prev_hash, entry_hash)"
_TAKE_HEAD = "SELECT log_seq, log_head FROM contests_contest WHERE id = %s"
_APPEND = f"INSERT INTO contests_votelogentry {ENTRY_COLUMNS} VALUES (%s, NULL, %s, %s, %s, %s, '', '')"
_CHAIN_ENTRY = "UPDATE contests_votelogentry SET seq = %s, prev_hash = %s, entry_hash = %s WHERE id = %s"
_MOVE_HEAD = "UPDATE contests_contest SET log_seq = %s, log_head = %s WHERE id = %s"
CHAIN_AFTER = timedelta(seconds=1)  # deferred chaining waits this long (RQ keeps whole seconds), then for the
#                                     scheduler's next tick
QUEUED_FLAG_S = 10  # a queued chaining that was lost holds the next ones back this long at most
BATCH = 5000  # entries chained per transaction: a backlog (a worker down for hours) is read in pieces
_waiting: dict[str, CompiledQuery] = {}  # per database: the entries waiting in a contest, oldest first


def hold_voting_open(contest: Contest) -> None:
    """Hold the contest against the count for the caller's transaction, then check that voting is open."""
    if connection.features.has_select_for_update:
        with connection.cursor() as cursor:
            cursor.execute(HOLD_CONTEST, [contest.pk])
    ensure_voting_open(contest)


def ensure_voting_open(contest: Contest) -> None:
    """Refuse unless voting is open now; called once the caller's transaction holds the contest (a ballot that
    waited for the count then finds voting closed). The voting dates are the caller's: they cannot change once
    voting has opened."""
    now = timezone.now()
    if not contest.voting_from <= now < contest.voting_until:
        raise ValidationError(_("Voting is closed."), code="closed")


def append(contest: Contest, kind: str, receipt_hash: str, supersedes: str) -> None:
    """Add the ballot's entry, unchained, inside the ballot's transaction."""
    with connection.cursor() as cursor:
        cursor.execute(_APPEND, [contest.pk, connection.ops.adapt_datetimefield_value(timezone.now()), kind,
                                 receipt_hash, supersedes])


def chain_soon(contest_id: int) -> None:
    """After a ballot's commit: have the queue chain what waits, soon (at once in-process, without a queue worker).

    A flag in the shared cache stands for a chaining queued and not started yet: one is enough, since the task
    drops the flag before it looks for entries, so it sees every entry committed before its request found the
    flag raised. If the queue cannot be reached the ballot stays saved: the next ballot or the count chains it.
    """
    flag = _queued_flag(contest_id)
    if not cache.add(flag, True, timeout=QUEUED_FLAG_S):
        return
    from auyl.contests.tasks import chain_vote_log

    task = chain_vote_log
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + CHAIN_AFTER)
    try:
        task.enqueue(contest_id)
    except Exception:
        cache.delete(flag)
        logger.warning("could not queue the chaining of contest %s's vote log", contest_id, exc_info=True)


def chain_all(contest_id: int) -> None:
    """Chain batch after batch until nothing waits, or until another transaction holds the head (the count, or
    another run of this task, which goes on until nothing waits)."""
    cache.delete(_queued_flag(contest_id))
    while _chain_batch(contest_id) == _CHAINED:
        pass


def _queued_flag(contest_id: int) -> str:
    return f"contests:chaining-queued:{contest_id}"


_CHAINED, _BUSY, _IDLE = "chained", "busy", "idle"


@transaction.atomic
def _chain_batch(contest_id: int) -> str:
    """Number and hash the entries waiting now; ``_BUSY`` if another transaction holds the head."""
    take = _TAKE_HEAD
    if connection.features.has_select_for_update_skip_locked:
        take += " FOR NO KEY UPDATE SKIP LOCKED"
    with connection.cursor() as cursor:
        cursor.execute(take, [contest_id])
        head = cursor.fetchone()
        if head is None:
            return _BUSY
        seq, prev = head
        query = _waiting.get(connection.alias)
        if query is None:
            query = _waiting[connection.alias] = CompiledQuery(
                VoteLogEntry.objects.filter(contest_id=SLOT, seq__isnull=True).order_by("pk")[:BATCH])
        waiting = query.instances(contest_id)
        if not waiting:
            return _IDLE
        for entry in waiting:
            seq += 1
            entry.seq, entry.prev_hash = seq, prev
            entry.entry_hash = prev = chain_hash(entry.prev_hash, entry.payload())
        cursor.executemany(_CHAIN_ENTRY, [(e.seq, e.prev_hash, e.entry_hash, e.pk) for e in waiting])
        cursor.execute(_MOVE_HEAD, [seq, prev, contest_id])
    return _CHAINED
