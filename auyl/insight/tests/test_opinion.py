"""Discussions: statements (moderated), one vote per resident and statement, the opinion map as counts."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.testing import make_verified_resident
from auyl.insight import selectors, services
from auyl.insight.models import DiscussionStatus, Statement, StatementStatus, StatementVote

pytestmark = pytest.mark.django_db

STATEMENTS = [
    "Спорт алаңын мектеп жанына салу керек", "Стадион нужен у школы", "Алаңды жастар өздері күтеді",
    "Лучше отремонтировать дорогу к кладбищу", "Жолды жөндеу маңыздырақ", "Деньги нужны на уличное освещение",
    "Ауылға жаңа саябақ керек", "Нужно больше скамеек в парке",
]


@pytest.fixture
def discussion(tree, people):
    discussion = services.create_discussion(actor=people["staff"], community=tree.home, title="Спорт алаңы керек пе?",
                                            statements=STATEMENTS)
    return services.set_discussion_status(actor=people["staff"], discussion=discussion, status=DiscussionStatus.OPEN)


def test_a_vote_counts_once_and_can_be_changed(tree, people, discussion):
    statement = discussion.statements.first()
    services.cast_vote(actor=people["alice"], statement=statement, vote=1)
    services.cast_vote(actor=people["alice"], statement=statement, vote=-1)
    assert StatementVote.objects.get().vote == -1
    with pytest.raises(ValidationError):
        services.cast_vote(actor=people["alice"], statement=statement, vote=5)
    assert StatementVote.objects.get().vote == -1


@pytest.mark.parametrize("who", ["far_resident", "nobody", "staff"])
def test_only_verified_residents_of_the_community_vote(tree, people, discussion, who):
    with pytest.raises((PermissionDenied, ValidationError)):
        services.cast_vote(actor=people[who], statement=discussion.statements.first(), vote=1)
    assert not StatementVote.objects.exists()


def test_no_votes_on_a_closed_discussion_or_a_pending_statement(tree, people, discussion):
    pending = services.add_statement(actor=people["alice"], discussion=discussion, text="Алаңға жарық керек")
    assert pending.status == StatementStatus.PENDING
    with pytest.raises(ValidationError):
        services.cast_vote(actor=people["bob"], statement=pending, vote=1)
    services.set_discussion_status(actor=people["staff"], discussion=discussion, status=DiscussionStatus.CLOSED)
    with pytest.raises(ValidationError):
        services.cast_vote(actor=people["bob"], statement=discussion.statements.first(), vote=1)


def test_statements_are_moderated_and_never_carry_personal_data(tree, people, discussion):
    with pytest.raises(ValidationError):
        services.add_statement(actor=people["alice"], discussion=discussion, text="Звоните мне 87011234567")
    with pytest.raises(ValidationError):
        services.add_statement(actor=people["alice"], discussion=discussion, text=STATEMENTS[0])  # already there
    statement = services.add_statement(actor=people["alice"], discussion=discussion, text="Алаңға жарық керек")
    with pytest.raises(PermissionDenied):
        services.moderate_statement(actor=people["bob"], statement=statement, approve=True)
    services.moderate_statement(actor=people["staff"], statement=statement, approve=True)
    assert Statement.objects.get(pk=statement.pk).status == StatementStatus.APPROVED
    with pytest.raises(ValidationError):
        services.moderate_statement(actor=people["staff"], statement=statement, approve=False)


def test_the_opinion_map_finds_two_groups_and_the_consensus(tree, people, discussion,
                                                            django_capture_on_commit_callbacks):
    statements = list(discussion.statements.order_by("pk"))
    # Half want the sports ground (agree 0-2, disagree 3-7), half the road and the rest; everyone agrees on 6.
    residents = [make_verified_resident(tree.home, f"v{n}") for n in range(16)]
    for n, resident in enumerate(residents):
        sport = n < 8
        for i, statement in enumerate(statements):
            vote = 1 if i == 6 else (1 if (i < 3) == sport else -1)
            if i == n % 8 and i != 6:  # some noise: everyone passes on one statement
                vote = 0
            services.cast_vote(actor=resident, statement=statement, vote=vote)
    with django_capture_on_commit_callbacks(execute=True):
        services.cast_vote(actor=residents[0], statement=statements[0], vote=1)
    discussion.refresh_from_db()
    view = selectors.opinion_view(discussion)
    assert view.voters == 16 and [g["size"] for g in view.groups] == [8, 8]
    assert STATEMENTS[6] in [c["text"] for c in view.consensus]
    assert all(g["representative"] for g in view.groups)
    assert "resident" not in str(discussion.opinion_map) and len(view.points) == 16
