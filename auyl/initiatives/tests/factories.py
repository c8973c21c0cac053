"""Helpers for the initiatives tests: a community with members, an initiative at any stage, a poll."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from auyl.core.roles import Role
from auyl.core.testing import make_resident, make_user, make_verified_resident
from auyl.initiatives import services
from auyl.initiatives.models import Initiative, Kind, Poll, QuestionKind

TEXT = "Жолдың жағдайы нашар, көктемде балалар мектепке бара алмайды. Дорогу нужно отремонтировать."


def members(community, count: int, *, prefix: str = "m") -> list:
    """``count`` verified adult residents with accounts, spread over the community's settlements."""
    settlements = list(community.settlements().order_by("code"))
    return [make_verified_resident(community, f"{prefix}{community.pk}-{i}",
                                   settlement=settlements[i % len(settlements)]) for i in range(count)]


def officials(tree) -> dict:
    home = tree.home.territory
    return {"akim": make_user("akim", role=Role.AKIM, territory=home),
            "staff": make_user("staff", role=Role.STAFF, territory=home),
            "staff2": make_user("staff2", role=Role.STAFF, territory=home),
            "assembly": make_user("assembly", role=Role.ASSEMBLY_MEMBER, territory=home),
            "deputy": make_user("deputy", role=Role.DEPUTY, territory=tree.district)}


def collecting(author, staff, community, *, kind: str = Kind.CONVENE_GATHERING, now: datetime | None = None,
               days: int = 30) -> Initiative:
    initiative = services.draft(author, community, kind=kind, title="Жөндеу керек: Мектеп жолы",
                                text=TEXT, request="Жиын шақыру және жолды жөндеу", collection_days=days)
    services.submit(author, initiative, now=now)
    return services.check_form(staff, initiative, accept=True, now=now)


def poll_with_questions(staff, community, *, opens: datetime | None = None, hours: int = 48) -> Poll:
    opens = opens or timezone.now() - timedelta(hours=1)
    poll = services.create_poll(staff, community, title="Спорт алаңына 12 млн теңге жұмсаймыз ба?",
                                subject_key="124-011", opens_at=opens, closes_at=opens + timedelta(hours=hours))
    services.add_question(staff, poll, text="Қолдайсыз ба?", kind=QuestionKind.SINGLE, options=["Иә", "Жоқ"])
    services.add_question(staff, poll, text="Не керек?", kind=QuestionKind.MULTIPLE,
                          options=["Жол", "Жарық", "Су"], max_choices=2)
    services.add_question(staff, poll, text="Ретімен қойыңыз", kind=QuestionKind.RANKING,
                          options=["Мектеп", "Саябақ", "Көпір"])
    services.add_question(staff, poll, text="Пікіріңіз", kind=QuestionKind.TEXT)
    return services.publish_poll(staff, poll)


__all__ = ["collecting", "make_resident", "members", "officials", "poll_with_questions"]
