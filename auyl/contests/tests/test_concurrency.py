"""On PostgreSQL: parallel ballots of one resident leave exactly one ballot; parallel ballots of many
residents are all chained into the vote log; a ballot that reaches the vote log while the count holds the contest
is refused; a process killed in the middle of casting leaves nothing half-written and the retry succeeds."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from auyl.contests import selectors, services
from auyl.contests.models import Ballot, BallotChoice, Contest, Phase, VoteLogEntry
from auyl.contests.tests.factories import make_contest, make_proposal, set_phase
from auyl.core.testing import make_verified_resident

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def voting(tree, people):
    contest = make_contest(tree.home, people["staff"], phase=Phase.REVIEW, ballot_type="cumulative",
                           points_total=100)
    project = make_proposal(contest, people["bob"])
    return set_phase(contest, Phase.VOTING), project


def test_parallel_ballots_of_one_resident_leave_exactly_one(voting, people):
    contest, project = voting
    workers = 16
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def cast(points: int) -> None:
        try:
            barrier.wait()
            services.cast_ballot(people["alice"], contest, {project.pk: points})
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast, args=(n,)) for n in range(1, workers + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    ballot = Ballot.objects.get()  # exactly one
    assert ballot.version == workers
    assert BallotChoice.objects.count() == 1
    log = list(VoteLogEntry.objects.order_by("seq"))
    assert [entry.seq for entry in log] == list(range(1, workers + 1))
    assert log[-1].receipt_hash == ballot.receipt_hash  # the last write is the one that counts
    contest.refresh_from_db()
    assert selectors.verify_vote_log(contest).ok


def test_parallel_ballots_of_many_residents_commit_side_by_side_and_are_all_chained(voting, tree):
    """Ballots do not queue on the log's head: each commits, then whoever takes the head chains what waits."""
    contest, project = voting
    voters = [make_verified_resident(tree.home, f"voter{i}", born=date(1970, 1, 1 + i)) for i in range(12)]
    barrier = threading.Barrier(len(voters))
    errors: list[BaseException] = []

    def cast(user, points: int) -> None:
        try:
            barrier.wait()
            services.cast_ballot(user, contest, {project.pk: points})
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast, args=(user, n)) for n, user in enumerate(voters, start=1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert Ballot.objects.count() == len(voters)
    assert sorted(VoteLogEntry.objects.values_list("seq", flat=True)) == list(range(1, len(voters) + 1))
    contest.refresh_from_db()
    check = selectors.verify_vote_log(contest)
    assert check.ok and check.entries == len(voters) and check.waiting == 0


def test_a_ballot_that_waited_for_the_count_is_refused(voting, people):
    """The count holds the contest row from before the close until it is stored: a ballot whose checks passed
    while voting was open but whose log append waited for the count finds voting closed, so every ballot is in
    the count or nowhere."""
    contest, project = voting
    Contest.objects.filter(pk=contest.pk).update(voting_until=timezone.now() + timedelta(seconds=2))
    contest.refresh_from_db()
    counting, outcome = threading.Event(), {}

    def count() -> None:
        try:
            with transaction.atomic():
                Contest.objects.select_for_update().get(pk=contest.pk)
                counting.set()
                time.sleep((contest.voting_until - timezone.now()).total_seconds() + 0.2)
                outcome["result"] = services.count_results(contest.pk)
        finally:
            connections.close_all()

    def cast() -> None:
        try:
            counting.wait(10)
            services.cast_ballot(people["alice"], contest, {project.pk: 3})
            outcome["cast"] = True
        except ValidationError as error:
            outcome["refused"] = error.code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=count), threading.Thread(target=cast)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert outcome.get("refused") == "closed", outcome
    assert outcome["result"].num_ballots == 0
    assert not Ballot.objects.exists() and not VoteLogEntry.objects.exists()


KILLER = """
import os, signal, django
django.setup()
from auyl.contests import services, votelog
from auyl.contests.models import Contest
from auyl.people.models import User

def die(*args, **kwargs):  # the worker dies after the ballot rows are written, before the commit
    os.kill(os.getpid(), signal.SIGKILL)

votelog.ensure_voting_open = die
contest = Contest.objects.get(pk={contest})
services.cast_ballot(User.objects.get(username="alice"), contest, {{{project}: 3}})
"""


def test_a_killed_worker_leaves_no_partial_ballot_and_the_retry_counts(voting, people):
    contest, project = voting
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "auyl.settings",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"}
    done = subprocess.run([sys.executable, "-c", KILLER.format(contest=contest.pk, project=project.pk)],
                          cwd=REPO, env=env, timeout=120, capture_output=True)
    assert done.returncode == -9, done.stderr.decode()[-2000:]
    assert not Ballot.objects.exists() and not BallotChoice.objects.exists() and not VoteLogEntry.objects.exists()
    ballot = services.cast_ballot(people["alice"], contest, {project.pk: 3})
    assert Ballot.objects.get() == ballot and VoteLogEntry.objects.get().receipt_hash == ballot.receipt_hash
