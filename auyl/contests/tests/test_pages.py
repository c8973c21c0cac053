"""Pages: what each role sees and may post, plain statements on the ballot page, downloads, no personal data."""

from datetime import date

import pytest
from django.test import Client

from auyl.contests import services
from auyl.contests.models import Ballot, Phase, Proposal, ProposalStatus
from auyl.contests.tests.factories import make_contest, make_proposal, set_phase
from auyl.core.testing import make_verified_resident
from auyl.pb import reads

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user:
        client.force_login(user)
    return client


def test_public_pages_render_for_anonymous_visitors(tree, people):
    contest = make_contest(tree.home, people["staff"], phase=Phase.VOTING)
    proposal = make_proposal(contest, people["alice"], title="Swings for the school yard")
    anonymous = client_for()
    for url in ("/contests/", f"/contests/c/{tree.home.territory.code}/", f"/contests/{contest.pk}/",
                f"/contests/proposals/{proposal.pk}/", f"/contests/{contest.pk}/log/",
                f"/contests/{contest.pk}/results/"):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        assert len(response.content) < 100_000
    assert b"Swings for the school yard" in anonymous.get(f"/contests/{contest.pk}/").content
    assert anonymous.get(f"/contests/{contest.pk}/ballot/").status_code == 302  # log in first
    community_page = anonymous.get(f"/c/{tree.home.territory.code}/").content.decode()
    assert f"/contests/c/{tree.home.territory.code}/" in community_page


def test_staff_announce_a_contest_through_the_form(tree, people):
    staff = client_for(people["staff"])
    url = f"/contests/c/{tree.home.territory.code}/new/"
    assert client_for(people["alice"]).get(url).status_code == 403
    data = {"title": "Clean village", "budget_amount": "2000000", "proposals_from": "2030-01-20T09:00",
            "review_from": "2030-03-01T09:00", "voting_from": "2030-04-01T09:00", "voting_until": "2030-04-15T18:00",
            "implementation_from": "2030-05-01T09:00", "min_age": "18", "ballot_type": "approval",
            "max_choices": "3", "points_total": "10", "rule": "mes", "min_votes": "10",
            "categories": "Greening\nLighting"}
    bad = staff.post(url, {**data, "voting_until": "2030-03-15T18:00"})
    assert bad.status_code == 200 and b"role=\"alert\"" in bad.content
    response = staff.post(url, data)
    assert response.status_code == 302
    assert client_for().get(response.url).status_code == 200


def test_the_ballot_page_says_plainly_whether_the_vote_is_saved(tree, people):
    contest = make_contest(tree.home, people["staff"], phase=Phase.REVIEW, max_choices=1)
    a = make_proposal(contest, people["bob"], title="Lights")
    b = make_proposal(contest, people["bob"], title="Trees")
    set_phase(contest, Phase.VOTING)
    alice = client_for(people["alice"])
    url = f"/contests/{contest.pk}/ballot/"
    assert "You have not voted yet." in alice.get(url).content.decode()
    refused = alice.post(url, {"project": [a.pk, b.pk]})  # K = 1
    assert refused.status_code == 400 and "Your vote is NOT saved." in refused.content.decode()
    assert not Ballot.objects.exists()
    page = alice.post(url, {"project": [a.pk]}, follow=True).content.decode()
    ballot = Ballot.objects.get()
    assert "Your vote is saved." in page and ballot.receipt_code in page and "Lights" in page
    changed = alice.post(url, {"project": [b.pk]}, follow=True).content.decode()
    assert "Your vote is saved." in changed and Ballot.objects.get().receipt_code in changed
    # The receipt check on the public log.
    log = client_for().get(f"/contests/{contest.pk}/log/", {"code": ballot.receipt_code}).content.decode()
    assert "a later change replaced it" in log
    log = client_for().get(f"/contests/{contest.pk}/log/", {"code": Ballot.objects.get().receipt_code})
    assert "it is the one that counts" in log.content.decode() and "The chain is intact" in log.content.decode()


def test_the_public_log_verdict_is_kept_until_the_log_grows(tree, people, monkeypatch):
    from auyl.contests import selectors
    from auyl.contests.models import VoteLogEntry

    contest = make_contest(tree.home, people["staff"], phase=Phase.REVIEW, max_choices=1)
    play = make_proposal(contest, people["bob"])
    set_phase(contest, Phase.VOTING)
    services.cast_ballot(people["alice"], contest, {play.pk: 1})
    verified = []
    monkeypatch.setattr(selectors, "verify_vote_log", lambda c, real=selectors.verify_vote_log: verified.append(
        c.log_seq) or real(c))
    url = f"/contests/{contest.pk}/log/"
    assert all("The chain is intact" in client_for().get(url).content.decode() for _ in range(3))
    assert verified == [1]  # three views, one verification
    VoteLogEntry.objects.filter(seq=1).update(kind="paper")  # tampered with
    services.cast_ballot(people["bob"], contest, {play.pk: 1})  # the head moves: the next view re-verifies
    assert "The chain is broken" in client_for().get(url).content.decode() and verified == [1, 2]


def test_residents_propose_and_staff_review_through_pages(tree, people):
    contest = make_contest(tree.home, people["staff"])
    alice = client_for(people["alice"])
    response = alice.post(f"/contests/{contest.pk}/propose/", {
        "title": "Benches in the park", "description": "Six benches", "settlement": tree.settlement().pk,
        "location": "Central park", "estimated_cost": "300000"})
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == f"/contests/proposals/{proposal.pk}/"
    similar = client_for().get(f"/contests/{contest.pk}/similar/", {"title": "Benches park"}).content.decode()
    assert "Benches in the park" in similar
    set_phase(contest, Phase.REVIEW)
    assert client_for(people["bob"]).post(f"/contests/proposals/{proposal.pk}/review/", {
        "feasible": "yes", "reason": "ok"}).status_code == 403
    response = client_for(people["staff"]).post(f"/contests/proposals/{proposal.pk}/review/", {
        "feasible": "yes", "reason": "Park land is communal", "final_cost": "350000"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.FEASIBLE and proposal.cost == 350_000
    page = client_for().get(f"/contests/proposals/{proposal.pk}/").content.decode()
    assert "Park land is communal" in page and "alice" not in page


def test_the_old_notifications_address_leads_to_the_inbox(people):
    response = client_for(people["alice"]).get("/contests/notifications/")
    assert response.status_code == 301 and response.url == "/account/notifications/"


def test_results_page_and_pb_download(tree, people):
    contest = make_contest(tree.home, people["staff"], phase=Phase.REVIEW, min_votes=1)
    a = make_proposal(contest, people["bob"], title="Lights", cost=3_000_000)
    make_proposal(contest, people["bob"], title="Trees", cost=3_000_000)
    set_phase(contest, Phase.VOTING)
    for i in range(3):
        voter = make_verified_resident(tree.home, f"v{i}", born=date(1990, 1, 1 + i))
        services.cast_ballot(voter, contest, {a.pk: 1})
    set_phase(contest, Phase.RESULTS)
    page = client_for().get(f"/contests/{contest.pk}/results/").content.decode()  # counts on first visit
    assert "Funded as number 1 in order of votes" in page and "Not funded: fewer than 1 votes" in page
    assert "<svg" in page and "style=" not in page
    pb = client_for().get(f"/contests/{contest.pk}/results.pb")
    assert pb["Content-Disposition"].endswith('.pb"')
    instance = reads(pb.content.decode())
    assert instance.num_voters == 3 and "v0" not in pb.content.decode()


def test_paper_pages_are_for_staff_only_and_need_two_people(tree, people):
    from auyl.core.testing import make_resident

    contest = make_contest(tree.home, people["staff"], phase=Phase.REVIEW)
    a = make_proposal(contest, people["bob"])
    set_phase(contest, Phase.VOTING)
    _, iin = make_resident(tree.home)
    assert client_for(people["alice"]).get(f"/contests/{contest.pk}/paper/").status_code == 403
    client_for(people["staff"]).post(f"/contests/{contest.pk}/paper/", {"iin": iin, "project": [a.pk]})
    entry = contest.paper_entries.get()
    assert client_for(people["staff"]).get(f"/contests/paper/{entry.pk}/confirm/").status_code == 403
    page = client_for(people["staff2"]).post(f"/contests/paper/{entry.pk}/confirm/", {"iin": iin, "project": [a.pk]},
                                             follow=True).content.decode()
    assert Ballot.objects.get().channel == "paper" and Ballot.objects.get().receipt_code in page
