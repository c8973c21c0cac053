"""Exactly one signature / one ballot per resident under parallel connections (PostgreSQL row locks and
unique constraints), and exact counts when many residents sign at once."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from auyl.initiatives import selectors, services
from auyl.initiatives.models import Ballot, Initiative, Kind, Notice, Signature, SignatureLogEntry, Status
from auyl.initiatives.tests.factories import collecting, members, officials, poll_with_questions

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 12


def _parallel(calls) -> list[str]:
    """Run the callables at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.code or "invalid")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_same_resident_signing_from_many_connections_leaves_one_signature(live_tree):
    people = members(live_tree.home, 30)
    staff = officials(live_tree)
    initiative = collecting(people[0], staff["staff"], live_tree.home, kind=Kind.MASLIKHAT_PROPOSAL)
    signer = people[1]
    outcomes = _parallel([lambda: services.sign(signer, initiative)] * THREADS)
    assert outcomes.count("ok") == 1
    assert outcomes.count("already_signed") == THREADS - 1
    assert Signature.objects.filter(initiative=initiative).count() == 1
    assert SignatureLogEntry.objects.filter(initiative=initiative).count() == 1
    initiative.refresh_from_db()
    assert selectors.verify_signature_log(initiative) == []


def test_many_residents_at_once_count_exactly_and_reach_threshold_once(live_tree):
    people = members(live_tree.home, 30)  # threshold 3
    staff = officials(live_tree)
    initiative = collecting(people[0], staff["staff"], live_tree.home)
    outcomes = _parallel([(lambda p=p: services.sign(p, initiative)) for p in people[:THREADS]])
    initiative = Initiative.objects.get(pk=initiative.pk)
    # Collection stops at the threshold: exactly 3 signed, the rest were told it is closed.
    assert outcomes.count("ok") == 3 and outcomes.count("closed") == THREADS - 3
    assert selectors.signature_count(initiative) == 3
    assert initiative.status == Status.AWAITING_ANSWER
    assert Notice.objects.filter(initiative=initiative, user__username="akim").count() == 1
    assert selectors.verify_signature_log(initiative) == []


def test_same_resident_answering_from_many_connections_leaves_one_ballot(live_tree, settings):
    settings.AUYL_INITIATIVE_LIMITS = {"answer": (THREADS, 3600)}  # the rate limit is not what is tested here
    people = members(live_tree.home, 3)
    staff = officials(live_tree)
    poll = poll_with_questions(staff["staff"], live_tree.home)
    question = poll.questions.get(kind="single")
    option = question.options.first()
    outcomes = _parallel([lambda: services.answer_poll(people[0], poll, {question.pk: option.pk})] * THREADS)
    assert outcomes.count("ok") == 1 and outcomes.count("already_answered") == THREADS - 1
    assert Ballot.objects.filter(poll=poll).count() == 1
