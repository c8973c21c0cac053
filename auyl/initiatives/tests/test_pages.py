"""The pages: public pages show counts and per-settlement totals but never signers; forms work; refusals hold."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from auyl.core.testing import PASSWORD
from auyl.initiatives import services
from auyl.initiatives.models import Initiative, Kind, Poll, QuestionKind, Status
from auyl.initiatives.tests.factories import TEXT, collecting, members, officials

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return tree, members(tree.home, 30), officials(tree)


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_public_page_shows_counts_and_settlements_never_signers(client, world):
    tree, people, staff = world
    people[5].resident.last_name = "Сигнатуров"
    people[5].resident.save()
    initiative = collecting(people[0], staff["staff"], tree.home, kind=Kind.ASSEMBLY_QUESTION)
    services.sign(people[5], initiative)
    services.sign(people[6], initiative)
    response = client.get(f"/initiatives/{initiative.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 of 10" in html.replace("\xa0", " ") or "2 / 10" in html
    assert "Көкалажар" in html and "Қаратал" in html  # per-settlement totals
    assert people[0].resident.last_name in html  # the author is public
    assert "Сигнатуров" not in html and people[5].resident.iin_last4 not in html
    assert len(response.content) < 100_000
    initiative.refresh_from_db()
    log = client.get(f"/initiatives/{initiative.pk}/log/").content.decode()
    assert "Сигнатуров" not in log and initiative.log_head in log


def test_draft_is_private_until_submitted_and_checked(client, world):
    tree, people, staff = world
    _login(client, people[0])
    response = client.post(f"/initiatives/c/{tree.home.code}/new/", {
        "kind": Kind.CONVENE_GATHERING, "title": "Жиын шақыру: су құбыры", "text": TEXT,
        "request": "Жиын шақыру", "collection_days": 30, "coauthors": people[1].username})
    initiative = Initiative.objects.get()
    assert response.status_code == 302 and list(initiative.coauthors.all()) == [people[1]]
    client.logout()
    assert client.get(f"/initiatives/{initiative.pk}/").status_code == 404
    _login(client, people[0])
    client.post(f"/initiatives/{initiative.pk}/submit/")
    _login(client, staff["staff"])
    client.post(f"/initiatives/{initiative.pk}/check/", {"decision": "refuse", "reason": ""})
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED  # a refusal needs a reason
    client.post(f"/initiatives/{initiative.pk}/check/", {"decision": "accept"})
    initiative.refresh_from_db()
    assert initiative.status == Status.COLLECTING and initiative.threshold == 3
    client.logout()
    assert client.get(f"/initiatives/{initiative.pk}/").status_code == 200


def test_bad_draft_shows_errors_and_saves_nothing(client, world):
    tree, people, _staff = world
    _login(client, people[0])
    response = client.post(f"/initiatives/c/{tree.home.code}/new/", {
        "kind": Kind.CONVENE_GATHERING, "title": "Қысқа", "text": "x", "request": "y", "collection_days": 30,
        "coauthors": "+77779999999"})
    assert response.status_code == 200 and not Initiative.objects.exists()
    assert b'role="alert"' in response.content


def test_sign_and_withdraw_by_button(client, world):
    tree, people, staff = world
    initiative = collecting(people[0], staff["staff"], tree.home, kind=Kind.MASLIKHAT_PROPOSAL)
    _login(client, people[3])
    client.post(f"/initiatives/{initiative.pk}/sign/")
    client.post(f"/initiatives/{initiative.pk}/sign/")
    assert initiative.signatures.filter(withdrawn_at__isnull=True).count() == 1
    client.post(f"/initiatives/{initiative.pk}/withdraw/")
    assert initiative.signatures.filter(withdrawn_at__isnull=True).count() == 0


def test_outsiders_cannot_act(client, world):
    tree, people, staff = world
    initiative = collecting(people[0], staff["staff"], tree.home)
    client.post(f"/initiatives/{initiative.pk}/sign/")
    assert initiative.signatures.count() == 0  # anonymous: sent to log in
    _login(client, staff["assembly"])
    assert client.post(f"/initiatives/{initiative.pk}/hide/", {"reason": "Жасыру керек, себебі бар"}).status_code \
        == 403
    assert client.get(f"/initiatives/{initiative.pk}/paper/").status_code == 403
    assert client.get(f"/initiatives/c/{tree.home.code}/polls/new/").status_code == 403


def test_paper_sheet_pages(client, world):
    tree, people, staff = world
    initiative = collecting(people[0], staff["staff"], tree.home, kind=Kind.MASLIKHAT_PROPOSAL)
    iins = "\n".join(p.resident.reveal_iin() for p in people[1:4])
    _login(client, staff["staff"])
    client.post(f"/initiatives/{initiative.pk}/paper/", {"number": "A-1", "iins": iins})
    sheet = initiative.paper_sheets.get()
    _login(client, staff["staff2"])
    assert b"A-1" in client.get(f"/initiatives/{initiative.pk}/").content
    client.post(f"/initiatives/{initiative.pk}/paper/{sheet.pk}/confirm/", {"iins": iins})
    assert initiative.signatures.filter(source="paper").count() == 3


def test_poll_pages_create_answer_and_results(client, world, django_capture_on_commit_callbacks):
    tree, people, staff = world
    _login(client, staff["staff"])
    now = timezone.localtime()
    response = client.post(f"/initiatives/c/{tree.home.code}/polls/new/", {
        "title": "Клубты жөндеуге 8 млн теңге керек пе?", "description": "", "subject_key": "124-011",
        "min_age": 18, "opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")})
    poll = Poll.objects.get()
    assert response.status_code == 302
    client.post(f"/initiatives/polls/{poll.pk}/manage/", {"text": "Қолдайсыз ба?", "kind": QuestionKind.SINGLE,
                                                         "options": "Иә\nЖоқ"})
    client.post(f"/initiatives/polls/{poll.pk}/manage/", {"text": "Маңыздысы?", "kind": QuestionKind.RANKING,
                                                         "options": "Шатыр\nЖылу\nОрындық"})
    client.post(f"/initiatives/polls/{poll.pk}/manage/", {"publish": "1"})
    poll.refresh_from_db()
    assert poll.is_ready
    single, ranking = poll.questions.order_by("position")
    yes = single.options.first()
    roof, heat, _chairs = ranking.options.order_by("position")
    _login(client, people[0])
    client.post(f"/initiatives/polls/{poll.pk}/", {f"q{single.pk}": yes.pk, f"q{ranking.pk}_{heat.pk}": 1,
                                                   f"q{ranking.pk}_{roof.pk}": 2})
    ballot = poll.ballots.get()
    assert [a.option_id for a in ballot.answers.filter(question=ranking).order_by("rank")] == [heat.pk, roof.pk]
    response = client.post(f"/initiatives/polls/{poll.pk}/", {f"q{single.pk}": yes.pk})
    assert poll.ballots.count() == 1 and "already answered" in response.content.decode()

    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"/initiatives/polls/{poll.pk}/")  # the first visit after the close triggers publication
    html = client.get(f"/initiatives/polls/{poll.pk}/").content.decode()
    assert "Results" in html and "1 / 15" in html  # turnout in the first settlement


def test_inbox_lists_what_officials_must_do(client, world):
    tree, people, staff = world
    initiative = services.draft(people[0], tree.home, kind=Kind.CONVENE_GATHERING, title="Тексеруді күтеді",
                                text=TEXT, request="Жиын шақыру")
    services.submit(people[0], initiative)
    _login(client, staff["staff"])
    assert "Тексеруді күтеді" in client.get("/initiatives/inbox/").content.decode()
    _login(client, people[0])
    assert "Тексеруді күтеді" in client.get("/initiatives/inbox/").content.decode()
    html = client.get(f"/initiatives/c/{tree.home.code}/").content.decode()
    assert f"/initiatives/c/{tree.home.code}/new/" in html


def test_reports_shown_to_moderators_and_dismissed(client, world):
    tree, people, staff = world
    initiative = collecting(people[0], staff["staff"], tree.home, kind=Kind.ASSEMBLY_QUESTION)
    _login(client, people[4])
    client.post(f"/initiatives/{initiative.pk}/report/", {"reason": "Жарнама мәтіні"})
    assert initiative.reports.count() == 1
    _login(client, staff["staff"])
    assert "Жарнама мәтіні" in client.get(f"/initiatives/{initiative.pk}/").content.decode()
    client.post(f"/initiatives/{initiative.pk}/reports/dismiss/")
    assert not initiative.reports.filter(handled_at__isnull=True).exists()
    initiative.refresh_from_db()
    assert not initiative.is_hidden
