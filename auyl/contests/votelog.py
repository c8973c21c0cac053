"""The public vote log of a contest: one entry per ballot cast, changed or entered on paper, hash-chained.

A ballot's transaction appends its entry unchained (no number, no hashes yet) and commits; right after, the
entries waiting are chained in one batch by whichever request takes the log's head first, the contest row,
locked with SKIP LOCKED: the others go on, and the holder's next pass chains their entries. Ballots of one
contest therefore commit side by side instead of queueing on the head through every commit's disk flush (which
capped a contest at a few hundred ballots per second). Entries are numbered in the order they are chained,
milliseconds after their ballot.

The count orders itself against ballots on the same row: a ballot holds it in KEY SHARE mode from its start
(compatible with other ballots and with chaining); the count locks it FOR UPDATE, so it waits for the ballots in
flight, and ballots arriving later wait for the count, then find voting closed. The count chains what is waiting
before it counts. On SQLite one transaction writes at a time, which orders everything already.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.contests.models import Contest, VoteLogEntry
from auyl.core.hashing import chain_hash

_HOLD_CONTEST = "SELECT 1 FROM contests_contest WHERE id = %s FOR KEY SHARE"
_TAKE_HEAD = "SELECT log_seq, log_head FROM contests_contest WHERE id = %s"
_APPEND = """
    INSERT INTO contests_votelogentry (contest_id, seq, created_at, kind, receipt_hash, supersedes, prev_hash,
                                       entry_hash)
    VALUES (%s, NULL, %s, %s, %s, %s, '', '')"""
_ANY_WAITING = "SELECT 1 FROM contests_votelogentry WHERE contest_id = %s AND seq IS NULL LIMIT 1"


def hold_voting_open(contest: Contest) -> None:
    """Hold the contest against the count for the caller's transaction, then check that voting is open (the
    voting dates are the caller's: they cannot change once voting has opened)."""
    if connection.features.has_select_for_update:
        with connection.cursor() as cursor:
            cursor.execute(_HOLD_CONTEST, [contest.pk])
    now = timezone.now()  # after the lock: a ballot that waited for the count finds voting closed
    if not contest.voting_from <= now < contest.voting_until:
        raise ValidationError(_("Voting is closed."), code="closed")


def append(contest: Contest, kind: str, receipt_hash: str, supersedes: str) -> None:
    """Add the ballot's entry, unchained, inside the ballot's transaction."""
    with connection.cursor() as cursor:
        cursor.execute(_APPEND, [contest.pk, connection.ops.adapt_datetimefield_value(timezone.now()), kind,
                                 receipt_hash, supersedes])


def chain(contest_id: int) -> None:
    """Chain the entries waiting, batch after batch, until none wait or another request holds the head."""
    while _chain_batch(contest_id) and _any_waiting(contest_id):
        pass


@transaction.atomic
def _chain_batch(contest_id: int) -> bool:
    """Number and hash the entries waiting now; False if another request holds the head or none wait."""
    take = _TAKE_HEAD
    if connection.features.has_select_for_update_skip_locked:
        take += " FOR NO KEY UPDATE SKIP LOCKED"
    with connection.cursor() as cursor:
        cursor.execute(take, [contest_id])
        head = cursor.fetchone()
    if head is None:
        return False
    seq, prev = head
    waiting = list(VoteLogEntry.objects.filter(contest_id=contest_id, seq__isnull=True).order_by("pk"))
    if not waiting:
        return False
    for entry in waiting:
        seq += 1
        entry.seq, entry.prev_hash = seq, prev
        entry.entry_hash = prev = chain_hash(entry.prev_hash, entry.payload())
    VoteLogEntry.objects.bulk_update(waiting, ["seq", "prev_hash", "entry_hash"])
    Contest.objects.filter(pk=contest_id).update(log_seq=seq, log_head=prev)
    return True


def _any_waiting(contest_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(_ANY_WAITING, [contest_id])
        return cursor.fetchone() is not None
