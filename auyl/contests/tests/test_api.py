"""The JSON API: casting and changing a ballot, results, .pb, log; refusals in the one error shape."""

import pytest
from rest_framework.test import APIClient

from auyl.contests import services
from auyl.contests.models import Ballot, Phase, Proposal
from auyl.contests.tests.factories import make_contest, make_proposal, set_phase

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


def test_cast_change_and_read_my_ballot(tree, people):
    contest = make_contest(tree.home, people["staff"], phase=Phase.REVIEW, max_choices=1)
    a, b = make_proposal(contest, people["bob"]), make_proposal(contest, people["bob"], title="Trees")
    set_phase(contest, Phase.VOTING)
    url = f"/api/v1/contests/{contest.pk}/ballot/"
    assert api(people["alice"]).get(url).json()["saved"] is False
    first = api(people["alice"]).post(url, {"choices": {str(a.pk): 1}}, format="json")
    assert first.status_code == 201 and first.json()["saved"] and first.json()["receipt_code"]
    assert first.json() == api(people["alice"]).get(url).json()  # the receipt is what is stored
    again = api(people["alice"]).post(url, {"choices": {str(b.pk): 1}}, format="json")
    assert again.status_code == 200 and again.json()["choices"] == {str(b.pk): 1} and again.json()["version"] == 2
    too_many = api(people["alice"]).post(url, {"choices": {str(a.pk): 1, str(b.pk): 1}}, format="json")
    assert too_many.status_code == 400 and too_many.json()["error"]["message"]
    assert api(people["stranger"]).post(url, {"choices": {str(a.pk): 1}}, format="json").status_code == 403
    assert api().post(url, {"choices": {str(a.pk): 1}}, format="json").status_code in (401, 403)
    assert Ballot.objects.count() == 1
    log = api().get(f"/api/v1/contests/{contest.pk}/log/").json()
    assert [e["kind"] for e in log["results"]] == ["cast", "changed"]
    set_phase(contest, Phase.RESULTS)
    assert api(people["alice"]).post(url, {"choices": {str(a.pk): 1}}, format="json").status_code == 403
    assert api(people["alice"]).post("/api/v1/contests/999999/ballot/", {"choices": {"1": 1}},
                                     format="json").status_code == 404


def test_results_and_pb_through_the_api(tree, people):
    contest = make_contest(tree.home, people["staff"], phase=Phase.REVIEW)
    a = make_proposal(contest, people["bob"])
    set_phase(contest, Phase.VOTING)
    services.cast_ballot(people["alice"], contest, {a.pk: 1})
    assert api().get(f"/api/v1/contests/{contest.pk}/results/").status_code == 404
    set_phase(contest, Phase.RESULTS)
    services.count_results(contest.pk)
    data = api().get(f"/api/v1/contests/{contest.pk}/results/").json()
    assert data["num_ballots"] == 1 and data["projects"][0]["funded"]
    assert "VOTES" in api().get(f"/api/v1/contests/{contest.pk}/pb/").content.decode()


def test_propose_through_the_api_only_in_the_proposals_phase(tree, people):
    contest = make_contest(tree.home, people["staff"])
    body = {"contest": contest.pk, "title": "Ramp", "description": "A ramp at the clinic",
            "settlement": tree.settlement().code, "location": "Clinic", "estimated_cost": 200000}
    assert api(people["alice"]).post("/api/v1/proposals/", body, format="json").status_code == 201
    set_phase(contest, Phase.REVIEW)
    assert api(people["alice"]).post("/api/v1/proposals/", body, format="json").status_code == 403
    assert Proposal.objects.count() == 1
    listed = api().get(f"/api/v1/proposals/?contest={contest.pk}").json()["results"]
    assert listed[0]["author"] != "alice"
