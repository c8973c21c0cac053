"""Pages and API: every roll-up respects roles (a district official sees their district only), figures link
down to communities, elections and the powers register are public, audit drafts are not."""

import itertools
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from rest_framework.test import APIClient

from auyl.core.roles import Role
from auyl.core.testing import make_user
from auyl.oversight import services, synthetic
from auyl.oversight.models import Figure
from auyl.oversight.tests.conftest import person, run_election

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def figures(tree):
    admin = make_user("root", is_superuser=True)
    synthetic.generate([tree.home, tree.neighbour, tree.far], [2024, 2025], rng=random.Random(3),
                       auditor=admin)
    services.refresh_figures(YEAR)
    return tree


def client_for(user):
    """A browser that asks for English, the source language of the asserted texts."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user:
        client.force_login(user)
    return client


# role, territory key -> scope keys that must open (200) and that must be refused (403)
SCOPES = {"country": "kz", "oblast": "59", "district": "5966", "other_district": "1136", "community": "596644000",
          "other_community": "113641000"}
VISIBLE = {
    (Role.NATIONAL_OBSERVER, None): set(SCOPES),
    (Role.DISTRICT_OFFICIAL, "district"): {"district", "community"},
    (Role.DISTRICT_OFFICIAL, "oblast"): {"oblast", "district", "community"},
    (Role.AUDITOR, "district"): {"district", "community"},
    (Role.DEPUTY, "district"): {"district", "community"},
    (Role.AKIM, "community"): {"community"},
    (Role.RESIDENT, "community"): set(),
}


def test_roll_ups_respect_roles(figures):
    wrong = []
    for (role, where), page, (name, code) in itertools.product(VISIBLE, ["scope", "ranking"], SCOPES.items()):
        territory = {None: None, "district": figures.district, "oblast": figures.oblast,
                     "community": figures.home.territory}[where]
        user = make_user(f"{role}-{where}-{page}-{name}", role=role, territory=territory)
        url = f"/oversight/t/{code}/" + ("rank/residents/" if page == "ranking" else "") + f"?year={YEAR}"
        status = client_for(user).get(url).status_code
        if status != (200 if name in VISIBLE[(role, where)] else 403):
            wrong.append(f"{role}@{where} {page} {name}: {status}")
    assert not wrong, "\n".join(wrong)


def test_anonymous_users_are_sent_to_log_in(figures):
    response = client_for(None).get("/oversight/t/kz/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_home_starts_at_the_users_own_territory(figures):
    official = make_user("off", role=Role.DISTRICT_OFFICIAL, territory=figures.district)
    observer = make_user("obs", role=Role.NATIONAL_OBSERVER)
    assert client_for(official).get("/oversight/")["Location"] == "/oversight/t/5966/"
    assert client_for(observer).get("/oversight/")["Location"] == "/oversight/t/kz/"


def test_the_national_view_shows_oblasts_and_every_figure_links_down(figures):
    observer = make_user("obs", role=Role.NATIONAL_OBSERVER)
    html = client_for(observer).get(f"/oversight/t/kz/?year={YEAR}&group=audits").content.decode()
    country = Figure.objects.get(scope="", period=YEAR, metric="audit_findings")
    assert f'href="/oversight/t/kz/rank/audit_findings/?year={YEAR}"' in html
    assert 'href="/oversight/t/59/?year=' in html and 'href="/oversight/t/11/?year=' in html
    assert str(int(country.value)) in html
    ranking = client_for(observer).get(f"/oversight/t/kz/rank/audit_findings/?year={YEAR}").content.decode()
    codes = set(Figure.objects.filter(period=YEAR, level="community", metric="audit_findings")
                .values_list("scope", flat=True))
    assert codes and all(f'href="/c/{code}/"' in ranking for code in codes)


def test_the_district_table_lists_its_communities_by_kato_code(figures):
    official = make_user("off", role=Role.DISTRICT_OFFICIAL, territory=figures.district)
    html = client_for(official).get(f"/oversight/t/5966/?year={YEAR}&group=community").content.decode()
    assert "596644000" in html and "596645000" in html and "113641000" not in html


def test_the_national_page_is_light(figures):
    observer = make_user("obs", role=Role.NATIONAL_OBSERVER)
    response = client_for(observer).get(f"/oversight/t/kz/?year={YEAR}")
    assert response.status_code == 200 and len(response.content) < 100_000
    assert b"style=" not in response.content and b"<script>" not in response.content


def test_api_figures_are_limited_to_the_users_district(figures):
    official = make_user("off", role=Role.DISTRICT_OFFICIAL, territory=figures.district)
    client = APIClient()
    client.force_authenticate(official)
    rows = client.get(f"/api/v1/oversight/figures/?year={YEAR}&limit=1000").json()["results"]
    assert rows and {r["scope"][:4] for r in rows} == {"5966"}
    country = Figure.objects.get(scope="", period=YEAR, metric="residents")
    assert client.get(f"/api/v1/oversight/figures/{country.pk}/").status_code in (403, 404)
    assert APIClient(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/oversight/figures/").status_code in (401, 403)


def test_elections_are_public_with_reasons_of_refusal(tree, official):
    election, _ = run_election(official, tree.home, date(2025, 7, 25),
                               [person(), person("Жас Талап", born=date(2000, 7, 26), votes=None)])
    html = client_for(None).get(f"/oversight/elections/{election.pk}/").content.decode()
    assert "Жас Талап" in html and "Under 25 on election day" in html and "elected" in html
    body = APIClient(HTTP_ACCEPT_LANGUAGE="en").get(f"/api/v1/oversight/elections/{election.pk}/").json()
    refused = next(c for c in body["candidates"] if c["full_name"] == "Жас Талап")
    assert refused["is_eligible"] is False and "Under 25" in refused["reasons"][0]
    assert "iin" not in str(body).lower() and "birth_date" not in body["candidates"][0]
    assert client_for(None).get(f"/oversight/c/{tree.home.code}/akim/").status_code == 200


def test_nominating_through_the_page_shows_the_refusal(tree, official):
    election = services.schedule_election(official, community=tree.home, day=date(2025, 7, 25))
    client = client_for(official)
    response = client.post(f"/oversight/elections/{election.pk}/", {
        "nominate": "1", "c-full_name": "Жас Талап", "c-birth_date": "2000-07-26", "c-education": "higher",
        "c-experience_years": "3", "c-nomination": "self", "c-party": "", "c-iin": ""}, follow=True)
    assert "Registration refused" in response.content.decode()
    outsider = make_user("x", role=Role.RESIDENT, territory=tree.home.territory)
    assert client_for(outsider).post(f"/oversight/elections/{election.pk}/", {"nominate": "1"}).status_code == 403


def test_audit_drafts_are_hidden_and_summaries_public(tree, auditor):
    item = services.create_audit(auditor, community=tree.home, year=2025, title="Бюджет 2025")
    services.add_finding(auditor, item, description="Екі рет төленген", amount=Decimal("1000"),
                         recommendation="Қайтару", deadline=date.today() + timedelta(days=30))
    assert client_for(None).get(f"/oversight/audits/{item.pk}/").status_code == 404
    assert "Бюджет 2025" not in client_for(None).get("/oversight/audits/").content.decode()
    assert client_for(auditor).get(f"/oversight/audits/{item.pk}/").status_code == 200
    chair = make_user("chair", role=Role.ASSEMBLY_MEMBER, territory=tree.home.territory)
    response = client_for(auditor).post(f"/oversight/audits/{item.pk}/present/", {
        "session_at": "2026-03-01T10:00", "session_url": "https://meet.example.kz/x", "chair": "chair"})
    assert response.status_code == 302
    services.publish_audit(auditor, item, summary="One finding of 1,000 ₸ awaiting the akim's response.")
    summary = client_for(None).get(f"/oversight/audits/{item.pk}/summary/")
    assert summary.status_code == 200 and "1,000 ₸" in summary.content.decode()
    assert chair.username not in summary.content.decode()


def test_powers_register_and_review_page(tree):
    services.seed_powers()
    assert "Organising the water supply" in client_for(None).get("/oversight/powers/").content.decode()
    akim = make_user("akim", role=Role.AKIM, territory=tree.home.territory)
    response = client_for(akim).post("/oversight/powers/okrug-street-trade/", {"classification": "missing",
                                                                               "comment": "Needed"})
    assert response.status_code == 302
    assert "Needed" in client_for(None).get("/oversight/powers/okrug-street-trade/").content.decode()
    anonymous = client_for(None).post("/oversight/powers/okrug-street-trade/", {"classification": "core"})
    assert anonymous.status_code == 403
    body = APIClient(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/oversight/powers/okrug-street-trade/").json()
    assert body["consensus"] == "missing" and body["reviews"] == {"missing": 1}
