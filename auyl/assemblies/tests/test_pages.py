"""Pages: the journey through forms, what the public sees, and who is refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from auyl.assemblies import services
from auyl.assemblies.models import Decision, Meeting, MeetingStatus
from auyl.assemblies.tests.factories import adults
from auyl.core.roles import Role
from auyl.core.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(tree):
    return make_user("staff", role=Role.STAFF, territory=tree.home.territory)


def client_for(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def ballot(pk: int, votes_for: int, text: str) -> dict:
    return {f"i{pk}-motion": "agree", f"i{pk}-text": text, f"i{pk}-votes_for": votes_for,
            f"i{pk}-votes_against": 0, f"i{pk}-votes_abstain": 0}


def test_journey_through_the_pages(client, tree, staff, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    people = adults(tree.home, 20)
    client_for(client, staff)
    code = tree.home.territory.code
    services.ensure_gathering(tree.home)
    page = client.get(reverse("assemblies:convene", args=[code]))
    assert page.status_code == 200
    gathering = page.context["form"].fields["body"].queryset.get()
    when = timezone.localtime(timezone.now() + timedelta(days=12)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("assemblies:convene", args=[code]), {
        "body": gathering.pk, "kind": "regular", "starts_at": when, "place": "Мәдениет үйі",
        "convened_by": "akim", "questions": "Көше жарығы\nСу құбыры"})
    meeting = Meeting.objects.get()
    assert response.url == reverse("assemblies:meeting", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assemblies:publish_notice", args=[meeting.pk]), {"text": "Барлығын шақырамыз"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.NOTIFIED
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now())  # the day has come
    client.post(reverse("assemblies:open", args=[meeting.pk]), {"chair_name": "Ержан", "secretary_name": "Гүлнұр"})
    found = client.get(reverse("assemblies:meeting", args=[meeting.pk]), {"q": people[0].last_name})
    assert people[0] in found.context["found"]
    for person in people[:2]:
        client.post(reverse("assemblies:register", args=[meeting.pk]), {"resident": person.pk})
    assert meeting.attendances.count() == 2
    first, second = meeting.items.order_by("position")
    client.post(reverse("assemblies:vote", args=[first.pk]), ballot(first.pk, 2, "Жарық орнатылсын"))
    assert Decision.objects.get().adopted
    refused = client.post(reverse("assemblies:vote", args=[second.pk]), ballot(second.pk, 5, "x"), follow=True)
    assert Decision.objects.count() == 1
    assert [str(m) for m in refused.context["messages"]]
    client.post(reverse("assemblies:close", args=[meeting.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assemblies:sign", args=[meeting.pk]))
    client.post(reverse("assemblies:publish_minutes", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED

    client.logout()
    public = client.get(reverse("assemblies:minutes", args=[meeting.pk]), {"lang": "ru"})
    assert public.status_code == 200
    html = public.content.decode()
    assert "Мәдениет үйі" in html and "Ержан" in html and people[0].first_name not in html
    assert len(public.content) < 100_000
    pdf = client.get(reverse("assemblies:minutes_pdf", args=[meeting.pk, "kk"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("assemblies:minutes", args=[meeting.pk]), {"full": "1"}).status_code in (302, 403)
    assert client.get(reverse("assemblies:attendance", args=[meeting.pk])).status_code == 302
    community = client.get(reverse("assemblies:community", args=[code]))
    assert community.status_code == 200 and "Көше жарығы" not in community.content.decode()


def test_drafts_are_hidden_and_other_communities_refused(client, tree, staff):
    adults(tree.home, 3)
    meeting = services.convene(staff, services.ensure_gathering(tree.home), place="Клуб",
                               starts_at=timezone.now() + timedelta(days=12),
                               items=[services.ItemInput("Жол")])
    assert client.get(reverse("assemblies:meeting", args=[meeting.pk])).status_code == 404
    stranger = make_user("far-staff", role=Role.STAFF, territory=tree.far.territory)
    client_for(client, stranger)
    assert client.get(reverse("assemblies:convene", args=[tree.home.territory.code])).status_code == 403
    assert client.post(reverse("assemblies:publish_notice", args=[meeting.pk])).status_code == 404
    services.publish_notice(staff, meeting)
    assert client.post(reverse("assemblies:publish_notice", args=[meeting.pk])).status_code == 403
    page = client.get(reverse("assemblies:meeting", args=[meeting.pk]))
    assert page.status_code == 200 and "open_form" not in page.context


def test_community_page_in_three_languages(client, tree):
    for language in ("kk", "ru", "en"):
        client.cookies["django_language"] = language
        response = client.get(reverse("assemblies:community", args=[tree.home.territory.code]),
                              HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
