"""Helpers for the assemblies tests: an electorate of a given size, a meeting brought to the day it opens."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from auyl.assemblies import services
from auyl.assemblies.models import Body, Meeting
from auyl.core.testing import make_resident
from auyl.people.models import Resident
from auyl.territory.models import Community

SURNAMES = ["Әлиев", "Ғалымов", "Қасымов", "Ңұрлан", "Өмірзақов", "Ұлықбек", "Үсенов", "Һашимов", "Ізбасар"]


def adults(community: Community, count: int, **fields) -> list[Resident]:
    return [make_resident(community, last_name=SURNAMES[i % len(SURNAMES)], first_name=f"Адам{i}", **fields)[0]
            for i in range(count)]


def convened(actor, body: Body, *, items=("Ауыл көшелерін жарықтандыру",), **extra) -> Meeting:
    """A meeting convened 11 days ahead with its notice published."""
    meeting = services.convene(actor, body, starts_at=timezone.now() + timedelta(days=11), place="Мәдениет үйі",
                               items=[services.ItemInput(title) for title in items], **extra)
    return services.publish_notice(actor, meeting)


def arrive(meeting: Meeting) -> Meeting:
    """Let the announced day come (the notice period has passed)."""
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    meeting.refresh_from_db()
    return meeting


def opened(actor, body: Body, **extra) -> Meeting:
    meeting = arrive(convened(actor, body, **extra))
    return services.open_meeting(actor, meeting, chair_name="Ержан Сұлтанов", secretary_name="Гүлнұр Әбенова")


def minor_born() -> date:
    return date.today().replace(year=date.today().year - 10)
