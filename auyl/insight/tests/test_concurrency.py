"""One vote per resident and statement even when the same resident's requests race (PostgreSQL, threads)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from auyl.insight import services
from auyl.insight.models import DiscussionStatus, StatementVote


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_votes_of_one_resident_leave_one_row(tree, people):
    discussion = services.create_discussion(actor=people["staff"], community=tree.home, title="Parallel votes?",
                                            statements=["A statement to vote on"])
    services.set_discussion_status(actor=people["staff"], discussion=discussion, status=DiscussionStatus.OPEN)
    statement = discussion.statements.get()
    barrier, errors = threading.Barrier(6), []

    def vote(value: int) -> None:
        try:
            barrier.wait()
            services.cast_vote(actor=people["alice"], statement=statement, vote=value)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(v,)) for v in (1, -1, 0, 1, -1, 0)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and StatementVote.objects.filter(statement=statement).count() == 1
