"""Pages: the office's section, theme pages, hints while typing, the appeal's suggestion box, discussions;
what a role may not see answers 404, and no personal data reaches a public page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from auyl.core.testing import PASSWORD
from auyl.insight import services
from auyl.insight.models import AppealSuggestion, Decision, DiscussionStatus, Source, StatementVote, Theme, ThemeSet
from auyl.insight.tests.conftest import make_appeal

pytestmark = pytest.mark.django_db


def client_for(client, user):
    if user is not None:
        client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("who, status", [("staff", 200), ("akim", 200), ("far_staff", 404), ("alice", 404),
                                         (None, 404)])
def test_the_office_section_is_for_the_office_only(client, tree, people, who, status):
    make_appeal(tree.home, "Фонари", "Не горят фонари на улице Абая")
    response = client_for(client, people.get(who)).get(reverse("insight:community", args=[tree.home.code]))
    assert response.status_code == status


def test_the_appeal_page_shows_the_suggestion_with_why_and_staff_correct_it(client, tree, people):
    appeal = make_appeal(tree.home, "Фонари", "Не горят фонари на улице Абая уже месяц, темно", author=people["alice"])
    services.suggest_routing(appeal.pk)
    page = client_for(client, people["staff"]).get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert 'id="insight-suggestion"' in page and "фонар" in page.lower()
    response = client.post(reverse("insight:decide", args=[appeal.insight.pk]),
                           {"category": "roads", "unit": "district_roads"})
    assert response.status_code == 302
    assert AppealSuggestion.objects.get().decision == Decision.CORRECTED
    client.logout()
    applicant = client_for(client, people["alice"]).get(reverse("appeals:detail", args=[appeal.pk]))
    assert 'id="insight-suggestion"' not in applicant.content.decode()  # the applicant sees no suggestion
    assert client.post(reverse("insight:decide", args=[appeal.insight.pk]),
                       {"category": "water", "unit": "district_roads"}).status_code == 404


def test_theme_pages_public_for_contests_private_for_appeals(client, tree, people):
    public = ThemeSet.objects.create(community=tree.home, source=Source.CONTEST, source_id=7, title="Ауыл көркі",
                                     public=True, status="done")
    Theme.objects.create(theme_set=public, position=0, key="k", label="Жарық", keywords=["шам", "фонарь"], size=3,
                         residents_by_settlement={"Көкалажар": 3},
                         representatives=[{"id": "1", "text": "Шам керек [PHONE]"}])
    private = ThemeSet.objects.create(community=tree.home, source=Source.APPEALS, source_id=202601, title="x")
    page = client.get(reverse("insight:theme_set", args=[public.pk])).content.decode()
    assert "Жарық" in page and "шам, фонарь" in page and "Көкалажар" in page and "[PHONE]" in page
    assert 'action="/insight/theme/' not in page  # no edit forms for the public
    assert client.get(reverse("insight:theme_set", args=[private.pk])).status_code == 404
    assert client.get(reverse("insight:source_themes", args=["contest", 7])).status_code == 302
    staff = client_for(client, people["staff"])
    assert staff.get(reverse("insight:theme_set", args=[private.pk])).status_code == 200
    theme = public.themes.get()
    assert staff.post(reverse("insight:rename", args=[theme.pk]), {"label": "Көше жарығы"}).status_code == 302
    assert Theme.objects.get(pk=theme.pk).label == "Көше жарығы"


def test_hints_while_typing(client, tree, people):
    make_appeal(tree.home, "Яма", "Прошу засыпать яму у дома 25 по улице Жастар, её размыло весной",
                is_public=True)
    url = reverse("insight:similar_appeals", args=[tree.home.code])
    page = client.get(url, {"text": "Засыпать яму у дома 25 по улице Жастар, размыло весной"}).content.decode()
    assert 'id="similar-items"' in page and "Яма" in page and "T-" not in page  # no number for the public
    assert client.get(url, {"text": "Су"}).content.decode().strip() == ""
    settlement = tree.settlement()
    for value in (settlement.code, str(settlement.pk)):  # a code, or the appeals form's territory id
        assert "Яма" in client.get(url, {"text": "Засыпать яму у дома 25 по улице Жастар, размыло весной",
                                         "settlement": value}).content.decode()
    other = tree.home.settlements().order_by("code").last()
    assert "Яма" not in client.get(url, {"text": "Засыпать яму у дома 25 по улице Жастар, размыло весной",
                                         "settlement": other.code}).content.decode()


def test_a_resident_votes_and_proposes_on_the_discussion_page(client, tree, people):
    discussion = services.create_discussion(actor=people["staff"], community=tree.home, title="Спорт алаңы керек пе?",
                                            statements=["Алаң мектеп жанында болсын", "Жолды жөндеу маңыздырақ"])
    assert client.get(reverse("insight:discussion", args=[discussion.pk])).status_code == 404  # a draft
    services.set_discussion_status(actor=people["staff"], discussion=discussion, status=DiscussionStatus.OPEN)
    assert client.get(reverse("insight:discussions", args=[tree.home.code])).status_code == 200
    client_for(client, people["alice"])
    statement = discussion.statements.first()
    response = client.post(reverse("insight:vote", args=[statement.pk]), {"vote": "-1"})
    assert response.status_code == 302 and StatementVote.objects.get().vote == -1
    client.post(reverse("insight:vote", args=[statement.pk]), {"vote": "1"})
    assert StatementVote.objects.get().vote == 1
    client.post(reverse("insight:vote", args=[statement.pk]), {"vote": "junk"})
    assert StatementVote.objects.get().vote == 1
    client.post(reverse("insight:propose", args=[discussion.pk]), {"text": "Алаңға жарық керек"})
    page = client.get(reverse("insight:discussion", args=[discussion.pk])).content.decode()
    assert 'aria-pressed="true"' in page and "Алаңға жарық керек" not in page  # awaits moderation
    assert "Ахметова" not in page and "Алия" not in page


def test_the_office_creates_opens_and_moderates_a_discussion(client, tree, people):
    client_for(client, people["staff"])
    response = client.post(reverse("insight:discussion_new", args=[tree.home.code]), {
        "title": "Саябақ қайда болуы керек?", "description": "", "statements": "Орталықта\nӨзен жағасында\n"})
    discussion = tree.home.discussions.get()
    assert response.status_code == 302 and discussion.statements.count() == 2
    client.post(reverse("insight:discussion_status", args=[discussion.pk]), {"status": "open"})
    discussion.refresh_from_db()
    assert discussion.status == DiscussionStatus.OPEN
    bad = client.post(reverse("insight:discussion_new", args=[tree.home.code]), {"title": "?", "statements": ""})
    assert bad.status_code == 200 and tree.home.discussions.count() == 1
    client.logout()
    client_for(client, people["far_staff"])
    assert client.get(reverse("insight:discussion_new", args=[tree.home.code])).status_code == 404


def test_the_themes_box_for_contest_and_poll_pages(rf, tree, people):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    from auyl.contests.tests.factories import make_contest

    contest = make_contest(tree.home, people["staff"])
    box = Template("{% load insight %}{% source_themes 'contest' cid %}")

    def render(user) -> str:
        request = rf.get("/")
        request.user = user
        return box.render(Context({"request": request, "cid": contest.pk}))

    assert "request/" in render(people["staff"]) and render(AnonymousUser()).strip() == ""
    theme_set = ThemeSet.objects.create(community=tree.home, source=Source.CONTEST, source_id=contest.pk,
                                        title="t", public=True, status="done")
    Theme.objects.create(theme_set=theme_set, position=0, key="k", label="Жарық", keywords=["шам"], size=4)
    public = render(AnonymousUser())
    assert "Жарық" in public and "шам" in public and f"/insight/themes/{theme_set.pk}/" in public


def test_missing_objects_answer_404(client, tree, people):
    client_for(client, people["staff"])
    for url in (reverse("insight:theme_set", args=[999]), reverse("insight:discussion", args=[999]),
                reverse("insight:source_themes", args=["contest", 999]),
                reverse("insight:source_themes", args=["nothing", 1])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("insight:merge", args=[999])).status_code == 404
