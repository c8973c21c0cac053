"""API: lists filter by what the user may see; decisions and votes go through the services."""

from __future__ import annotations

import pytest

from auyl.core.testing import PASSWORD
from auyl.insight import services
from auyl.insight.models import AppealSuggestion, DiscussionStatus, Source, StatementVote, ThemeSet
from auyl.insight.tests.conftest import make_appeal

pytestmark = pytest.mark.django_db


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_theme_sets_public_to_all_private_to_the_office(client, tree, people):
    ThemeSet.objects.create(community=tree.home, source=Source.CONTEST, source_id=1, title="public", public=True)
    ThemeSet.objects.create(community=tree.home, source=Source.APPEALS, source_id=202601, title="appeals")
    ThemeSet.objects.create(community=tree.far, source=Source.APPEALS, source_id=202601, title="far appeals")
    titles = lambda c: sorted(r["title"] for r in c.get("/api/v1/insight/theme-sets/").json()["results"])  # noqa: E731
    assert titles(client) == ["public"]
    assert titles(login(client, people["staff"])) == ["appeals", "public"]
    client.logout()
    assert titles(login(client, people["alice"])) == ["public"]


def test_suggestions_for_the_office_and_a_decision(client, tree, people):
    services.suggest_routing(make_appeal(tree.home, "Фонари", "Не горят фонари на улице Абая").pk)
    services.suggest_routing(make_appeal(tree.far, "Фонари", "Не горят фонари на улице Абая").pk)
    assert client.get("/api/v1/insight/suggestions/").status_code in (401, 403)
    login(client, people["staff"])
    rows = client.get("/api/v1/insight/suggestions/").json()["results"]
    assert len(rows) == 1 and rows[0]["category_why"]
    url = f"/api/v1/insight/suggestions/{rows[0]['id']}/decide/"
    bad = client.post(url, {"category": "lighting", "unit": "nope"}, content_type="application/json")
    assert bad.status_code == 400 and "unit" in bad.json()["error"]["fields"]
    ok = client.post(url, {"category": "lighting", "unit": "akim_apparatus"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["decision"] == "confirmed"
    far = AppealSuggestion.objects.get(appeal__community=tree.far)
    assert client.post(f"/api/v1/insight/suggestions/{far.pk}/decide/", {"category": "lighting",
                       "unit": "akim_apparatus"}, content_type="application/json").status_code == 404


def test_discussions_and_votes(client, tree, people):
    draft = services.create_discussion(actor=people["staff"], community=tree.home, title="Draft question",
                                       statements=["Draft statement"])
    opened = services.create_discussion(actor=people["staff"], community=tree.home, title="Open question",
                                        statements=["Open statement"])
    services.set_discussion_status(actor=people["staff"], discussion=opened, status=DiscussionStatus.OPEN)
    assert [d["title"] for d in client.get("/api/v1/insight/discussions/").json()["results"]] == ["Open question"]
    statement = opened.statements.get()
    url = f"/api/v1/insight/discussions/{opened.pk}/vote/"
    assert client.post(url, {"statement": statement.pk, "vote": 1},
                       content_type="application/json").status_code in (401, 403)
    login(client, people["alice"])
    response = client.post(url, {"statement": statement.pk, "vote": -1}, content_type="application/json")
    assert response.status_code == 201 and StatementVote.objects.get().vote == -1
    assert client.post(url, {"statement": statement.pk, "vote": 3},
                       content_type="application/json").status_code == 400
    assert client.get(f"/api/v1/insight/discussions/{draft.pk}/").status_code == 404
    client.logout()
    login(client, people["far_resident"])
    assert client.post(url, {"statement": statement.pk, "vote": 1},
                       content_type="application/json").status_code in (400, 403)
    assert StatementVote.objects.count() == 1
