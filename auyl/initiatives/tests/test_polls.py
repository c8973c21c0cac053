"""Public-expertise polls: who may answer, once only, results published at the close equal a recount."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from auyl.core.testing import make_verified_resident
from auyl.initiatives import selectors, services, tally
from auyl.initiatives.models import Answer, Ballot, Poll, QuestionKind
from auyl.initiatives.tasks import sweep
from auyl.initiatives.tests.factories import members, officials, poll_with_questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return tree, members(tree.home, 12), officials(tree)


def _ids(poll):
    return {q.kind: (q.pk, [o.pk for o in q.options.all()]) for q in poll.questions.prefetch_related("options")}


def test_answer_once_and_eligibility(world):
    tree, people, staff = world
    poll = poll_with_questions(staff["staff"], tree.home)
    q = _ids(poll)
    single, options = q[QuestionKind.SINGLE]
    services.answer_poll(people[0], poll, {single: options[0], q[QuestionKind.TEXT][0]: "Алаң керек, бірақ арзан"})
    with pytest.raises(ValidationError) as error:
        services.answer_poll(people[0], poll, {single: options[1]})
    assert error.value.code == "already_answered"
    assert Ballot.objects.count() == 1 and Answer.objects.count() == 2

    young = make_verified_resident(tree.home, "young", born=date.today() - timedelta(days=365 * 16))
    with pytest.raises(ValidationError):
        services.answer_poll(young, poll, {single: options[0]})
    outsider = make_verified_resident(tree.neighbour, "outsider")
    with pytest.raises(PermissionDenied):
        services.answer_poll(outsider, poll, {single: options[0]})
    with pytest.raises(PermissionDenied):
        services.answer_poll(staff["staff"], poll, {single: options[0]})


def test_bad_answers_are_refused_and_store_nothing(world):
    tree, people, staff = world
    poll = poll_with_questions(staff["staff"], tree.home)
    q = _ids(poll)
    multiple, options = q[QuestionKind.MULTIPLE]
    single, single_options = q[QuestionKind.SINGLE]
    for bad in ({multiple: options}, {single: single_options}, {single: [999999]}, {},
                {q[QuestionKind.RANKING][0]: [q[QuestionKind.RANKING][1][0]] * 2}):
        with pytest.raises(ValidationError):
            services.answer_poll(people[1], poll, bad)
    assert not Ballot.objects.exists()


def test_poll_closed_or_not_yet_open(world):
    tree, people, staff = world
    poll = poll_with_questions(staff["staff"], tree.home, opens=timezone.now() + timedelta(days=1))
    single, options = _ids(poll)[QuestionKind.SINGLE]
    with pytest.raises(ValidationError):
        services.answer_poll(people[0], poll, {single: options[0]})
    with pytest.raises(ValidationError):
        services.add_question(staff["staff"], poll, text="Тағы сұрақ", kind=QuestionKind.TEXT)


def test_published_result_equals_recount_and_turnout_by_settlement(world, django_capture_on_commit_callbacks):
    tree, people, staff = world
    opens = timezone.now() - timedelta(hours=2)
    poll = poll_with_questions(staff["staff"], tree.home, opens=opens, hours=3)
    q = _ids(poll)
    rng = random.Random(7)
    for person in people[:10]:
        ranking = q[QuestionKind.RANKING][1][:]
        rng.shuffle(ranking)
        services.answer_poll(person, poll, {
            q[QuestionKind.SINGLE][0]: rng.choice(q[QuestionKind.SINGLE][1]),
            q[QuestionKind.MULTIPLE][0]: rng.sample(q[QuestionKind.MULTIPLE][1], 2),
            q[QuestionKind.RANKING][0]: ranking[: rng.randint(1, 3)],
            q[QuestionKind.TEXT][0]: rng.choice(["", "Жақсы ой", "Хорошая идея, но дорого"]),
        })
    assert services.publish_results(poll.pk) is False  # not closed yet
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert sweep.enqueue().return_value == {"expired": 0, "published": 1}
    poll.refresh_from_db()
    assert poll.published_at is not None
    recount = services.recount(poll)
    assert {k: poll.result[k] for k in recount} == recount
    # The recount is itself right: hand-count the single-choice question from the stored rows.
    single = q[QuestionKind.SINGLE]
    by_hand = {str(o): Answer.objects.filter(option_id=o).count() for o in single[1]}
    assert poll.result["questions"][str(single[0])]["options"] == by_hand
    assert poll.result["ballots"] == 10 and poll.result["eligible"] == 12
    turnout = {row["settlement"]: (row["ballots"], row["eligible"]) for row in poll.result["turnout"]}
    assert turnout == {"596644100": (5, 6), "596644200": (5, 6)}
    # Idempotent: a second sweep changes nothing.
    published_at = poll.published_at
    assert services.publish_results(poll.pk) is False
    poll.refresh_from_db()
    assert poll.published_at == published_at


def test_free_text_answers_for_the_ai_helper(world):
    tree, people, staff = world
    poll = poll_with_questions(staff["staff"], tree.home)
    q = _ids(poll)
    services.answer_poll(people[0], poll, {q[QuestionKind.TEXT][0]: "Жарық керек"})
    services.answer_poll(people[1], poll, {q[QuestionKind.SINGLE][0]: q[QuestionKind.SINGLE][1][0]})
    rows = list(selectors.free_text_answers(poll.pk))
    assert [r["text"] for r in rows] == ["Жарық керек"]
    assert set(rows[0]) == {"id", "question_id", "text", "ballot__settlement__code"}


def test_borda_count_pure():
    questions = {1: ("ranking", [10, 20, 30]), 2: ("single", [40, 50]), 3: ("text", [])}
    rows = [tally.Row(1, 1, 10, 1), tally.Row(1, 1, 20, 2), tally.Row(2, 1, 20, 1), tally.Row(1, 2, 40),
            tally.Row(2, 2, 40), tally.Row(2, 3, None)]
    result = tally.count(questions, rows)
    assert result["1"]["options"] == {"10": {"points": 3, "first": 1}, "20": {"points": 5, "first": 1},
                                      "30": {"points": 0, "first": 0}}
    assert result["2"] == {"kind": "single", "respondents": 2, "options": {"40": 2, "50": 0}}
    assert result["3"] == {"kind": "text", "respondents": 1}
    assert tally.turnout({"a": 1}, {"a": 4, "b": 0}) == [
        {"settlement": "a", "ballots": 1, "eligible": 4, "share": 0.25},
        {"settlement": "b", "ballots": 0, "eligible": 0, "share": 0.0}]


def test_poll_validation(world):
    tree, people, staff = world
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.create_poll(staff["staff"], tree.home, title="Қысқа", min_age=5, opens_at=now, closes_at=now)
    assert set(error.value.message_dict) == {"title", "min_age", "closes_at"}
    with pytest.raises(PermissionDenied):
        services.create_poll(people[0], tree.home, title="Тұрғынның сауалнамасы", opens_at=now,
                             closes_at=now + timedelta(days=1))
    poll = services.create_poll(staff["staff"], tree.home, title="Бюджет туралы сауалнама",
                                opens_at=now, closes_at=now + timedelta(days=1))
    with pytest.raises(ValidationError):
        services.publish_poll(staff["staff"], poll)  # no questions
    with pytest.raises(ValidationError):
        services.add_question(staff["staff"], poll, text="Қолдайсыз ба?", kind=QuestionKind.SINGLE, options=["Иә"])
    assert not poll.questions.exists()


def test_poll_tied_to_a_budget_line_of_its_own_community(world):
    from auyl.budget.models import ProgrammeCode, SpendingLine

    tree, _people, staff = world
    programme = ProgrammeCode.objects.order_by("code").first()
    own = SpendingLine.objects.create(community=tree.home, programme=programme)
    other = SpendingLine.objects.create(community=tree.neighbour, programme=programme)
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.create_poll(staff["staff"], tree.home, title="Бюджет жолы туралы сауалнама", opens_at=now,
                             closes_at=now + timedelta(days=1), spending_line=other)
    assert "spending_line" in error.value.message_dict
    poll = services.create_poll(staff["staff"], tree.home, title="Бюджет жолы туралы сауалнама", opens_at=now,
                                closes_at=now + timedelta(days=1), spending_line=own)
    assert poll.spending_line == own and poll.subject_key == programme.code
