"""Minutes carry every element of art. 39-3 p.10, in Kazakh and Russian; the PDF embeds the Kazakh letters."""

import re
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from auyl.assemblies import minutes, services
from auyl.assemblies.models import MeetingStatus
from auyl.assemblies.tests.factories import adults, opened
from auyl.core.roles import Role
from auyl.core.testing import make_user

pytestmark = pytest.mark.django_db
KAZAKH = "әғқңөұүһі"


@pytest.fixture
def held(tree, django_capture_on_commit_callbacks, settings, tmp_path):
    """A gathering of 20 entitled, 3 present (quorum 2), two questions decided, closed and signed."""
    settings.MEDIA_ROOT = tmp_path
    staff = make_user("staff", role=Role.STAFF, territory=tree.home.territory)
    people = adults(tree.home, 20)
    meeting = opened(staff, services.ensure_gathering(tree.home), items=("Көшені жарықтандыру", "Су құбыры"))
    for person in people[:3]:
        services.register_attendance(staff, meeting, person)
    lights, water = meeting.items.order_by("position")
    services.record_speeches(staff, lights, "Әкім: шамдар ауыстырылады. Тұрғын: Қаратал көшесі қараңғы; "
                                            "шаһардағыдай әр үйдің алды жарық болсын.")
    services.record_decision(staff, lights, votes_for=2, votes_against=1, votes_abstain=0,
                             text="Жарықтандыру жоспарға енгізілсін")
    services.record_decision(staff, water, votes_for=1, votes_against=1, votes_abstain=1, text="Су құбыры жөнделсін")
    services.close_meeting(staff, meeting)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.sign_minutes(staff, meeting)
    meeting.refresh_from_db()
    return staff, meeting, people


def test_minutes_contain_every_element_the_law_requires(held):
    _staff, meeting, people = held
    for language in ("kk", "ru"):
        doc = minutes.build(meeting, language, full=True)
        assert doc.date == timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y")
        assert doc.place == "Мәдениет үйі"
        assert (doc.entitled, doc.present, doc.quorum_needed, doc.quorate) == (20, 3, 2, True)
        assert set(doc.attendees) == {p.full_name for p in people[:3]}
        assert (doc.chair, doc.secretary) == ("Ержан Сұлтанов", "Гүлнұр Әбенова")
        assert [i.title for i in doc.items] == ["Көшені жарықтандыру", "Су құбыры"]
        assert "шамдар" in doc.items[0].speeches
        assert (doc.items[0].votes_for, doc.items[0].votes_against, doc.items[0].adopted) == (2, 1, True)
        assert doc.items[1].adopted is False
        assert doc.fingerprint == meeting.minutes_sha256 and len(doc.fingerprint) == 64
    assert minutes.build(meeting, "kk").items[0].motion == "келісу / мақұлдау"
    assert minutes.build(meeting, "ru").title == "Протокол № 1: сход местного сообщества"
    kk, ru = minutes.build(meeting, "kk").labels, minutes.build(meeting, "ru").labels
    assert kk["chair"] != ru["chair"] and kk["agenda"] != ru["agenda"]


def test_public_gathering_minutes_show_counts_not_names(held):
    _staff, meeting, people = held
    doc = minutes.build(meeting, "ru")
    assert doc.attendees is None
    assert sum(count for _, count in doc.by_settlement) == 3
    pdf = _text_of(minutes.render_pdf(doc))
    assert people[0].first_name not in pdf


def _text_of(pdf: bytes) -> str:
    """The Unicode text an extractor would recover: every ToUnicode CMap entry of the embedded fonts."""
    text = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            data = stream
        if b"beginbfchar" in data or b"beginbfrange" in data:
            for hexcode in re.findall(rb"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]{4,})>", data):
                text.append(bytes.fromhex(hexcode.decode()).decode("utf-16-be"))
    return "".join(text)


def test_signed_pdfs_render_kazakh_letters(held):
    _staff, meeting, _people = held
    assert meeting.minutes_pdf_kk.name and meeting.minutes_pdf_ru.name
    content = meeting.minutes_pdf_kk.read()
    assert content.startswith(b"%PDF")
    assert b"DejaVu" in content
    assert set(KAZAKH) <= set(_text_of(content))
    assert "Ж" in set(_text_of(meeting.minutes_pdf_ru.read()))


def test_signed_minutes_are_frozen_and_published_in_order(held):
    staff, meeting, _people = held
    item = meeting.items.first()
    with pytest.raises(ValidationError):
        services.record_speeches(staff, item, "кейін өзгерту")
    assert minutes.fingerprint(meeting) == meeting.minutes_sha256
    meeting = services.publish_minutes(staff, meeting)
    assert meeting.status == MeetingStatus.PUBLISHED
    with pytest.raises(ValidationError):
        services.publish_minutes(staff, meeting)


def test_minutes_cannot_be_signed_before_the_meeting_closes(tree):
    staff = make_user("staff", role=Role.STAFF, territory=tree.home.territory)
    adults(tree.home, 3)
    meeting = opened(staff, services.ensure_gathering(tree.home))
    with pytest.raises(ValidationError):
        services.sign_minutes(staff, meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.OPEN and not meeting.minutes_sha256
