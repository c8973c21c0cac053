"""The open API: what the public sees (counts, texts, results, anonymous ballots; no personal data) and the
write endpoints going through the same services."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from auyl.core.testing import PASSWORD
from auyl.initiatives import services
from auyl.initiatives.models import Kind, Poll, QuestionKind
from auyl.initiatives.tests.factories import TEXT, collecting, members, officials, poll_with_questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return tree, members(tree.home, 30), officials(tree)


def test_list_and_detail_show_counts_never_signers(client, world):
    tree, people, staff = world
    initiative = collecting(people[0], staff["staff"], tree.home, kind=Kind.ASSEMBLY_QUESTION)
    services.draft(people[1], tree.home, kind=Kind.ASSEMBLY_QUESTION, title="Жеке жоба, әлі жоба",
                   text=TEXT, request="Жиналыста қарау")
    people[7].resident.last_name = "Қолтаңбаев"
    people[7].resident.save()
    services.sign(people[7], initiative)
    listing = client.get(f"/api/v1/initiatives/?community={tree.home.code}").json()
    assert [row["id"] for row in listing["results"]] == [initiative.pk]  # drafts are private
    detail = client.get(f"/api/v1/initiatives/{initiative.pk}/").json()
    assert detail["signatures"] == 1 and detail["threshold"] == 10
    assert detail["per_settlement"] == [{"code": "596644200", "name_kk": "Қаратал", "name_ru": "Қаратал",
                                         "count": 1}]
    body = json.dumps(detail, ensure_ascii=False) + client.get(
        f"/api/v1/initiatives/{initiative.pk}/log/").content.decode()
    assert "Қолтаңбаев" not in body and people[0].resident.last_name in detail["authors"][0]


def test_sign_withdraw_and_draft_through_the_api(client, world):
    tree, people, staff = world
    initiative = collecting(people[0], staff["staff"], tree.home)
    assert client.post(f"/api/v1/initiatives/{initiative.pk}/sign/").status_code == 403
    client.login(username=people[2].username, password=PASSWORD)
    assert client.post(f"/api/v1/initiatives/{initiative.pk}/sign/").json() == {"signatures": 1,
                                                                                "status": "collecting"}
    again = client.post(f"/api/v1/initiatives/{initiative.pk}/sign/")
    assert again.status_code == 400 and again.json()["error"]["message"]
    assert client.post(f"/api/v1/initiatives/{initiative.pk}/withdraw/").json()["signatures"] == 0
    created = client.post("/api/v1/initiatives/", {"community": tree.home.code, "kind": "assembly",
                                                   "title": "API арқылы бастама", "text": TEXT,
                                                   "request": "Жиналыста қарау"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "draft"
    bad = client.post("/api/v1/initiatives/", {"community": tree.home.code, "kind": "assembly", "title": "x",
                                               "text": "y", "request": "z"}, content_type="application/json")
    assert bad.status_code == 400 and "title" in bad.json()["error"]["fields"]


def test_poll_answer_results_and_anonymous_ballots(client, world):
    tree, people, staff = world
    poll = poll_with_questions(staff["staff"], tree.home)
    single = poll.questions.get(kind=QuestionKind.SINGLE)
    text = poll.questions.get(kind=QuestionKind.TEXT)
    client.login(username=people[0].username, password=PASSWORD)
    url = f"/api/v1/polls/{poll.pk}/answer/"
    payload = {"answers": {str(single.pk): single.options.first().pk, str(text.pk): "Мен Айдармын, телефоным"}}
    assert client.post(url, payload, content_type="application/json").status_code == 201
    assert client.post(url, payload, content_type="application/json").status_code == 400
    assert client.get(f"/api/v1/polls/{poll.pk}/ballots/").json()["results"] == []  # not before publication
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    services.publish_results(poll.pk)
    client.logout()
    data = client.get(f"/api/v1/polls/{poll.pk}/").json()
    assert data["result"]["ballots"] == 1
    assert data["result"]["questions"][str(single.pk)]["options"][str(single.options.first().pk)] == 1
    ballots = client.get(f"/api/v1/polls/{poll.pk}/ballots/").json()["results"]
    assert ballots == [{"id": ballots[0]["id"], "settlement": "596644100",
                        "answers": [{"question": single.pk, "option": single.options.first().pk, "rank": None}]}]


def test_counts_in_lists_are_not_inflated_by_coauthors(client, world):
    tree, people, staff = world
    initiative = services.draft(people[0], tree.home, kind=Kind.MASLIKHAT_PROPOSAL, title="Тең авторлармен бастама",
                                text=TEXT, request="Мәслихатқа ұсыныс", coauthors=people[1:4])
    services.submit(people[0], initiative)
    services.check_form(staff["staff"], initiative, accept=True)
    for person in people[4:7]:
        services.sign(person, initiative)
    client.login(username=people[1].username, password=PASSWORD)
    rows = client.get("/api/v1/initiatives/").json()["results"]
    assert [(row["id"], row["signatures"]) for row in rows] == [(initiative.pk, 3)]
