"""Fixtures of the helper's tests: officials and residents of the home and far communities, appeals."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from auyl.core.roles import Role
from auyl.core.testing import make_user, make_verified_resident

_numbers = itertools.count(1)


def make_appeal(community, subject: str, text: str, *, settlement=None, is_public: bool = False,
                received: datetime | None = None, category: str = "other", author=None):
    from auyl.appeals.models import Appeal, Category

    received = received or timezone.now()
    day = timezone.localdate(received)
    return Appeal.objects.create(
        community=community, number=f"T-{next(_numbers)}", category=Category.objects.get(code=category),
        subject=subject, text=text, settlement=settlement or community.settlements().order_by("code").first(),
        applicant_user=author, applicant_name="Applicant", received_at=received, registered_on=day,
        due_on=day + timedelta(days=15), forward_by=day + timedelta(days=3), deadline=day + timedelta(days=15),
        is_public=is_public)


@pytest.fixture
def people(tree):
    return {
        "staff": make_user("staff", role=Role.STAFF, territory=tree.home.territory),
        "akim": make_user("akim", role=Role.AKIM, territory=tree.home.territory),
        "far_staff": make_user("far_staff", role=Role.STAFF, territory=tree.far.territory),
        "alice": make_verified_resident(tree.home, "alice", first_name="Алия", last_name="Ахметова", sex="F",
                                        born=date(1990, 2, 3)),
        "bob": make_verified_resident(tree.home, "bob", born=date(1980, 5, 6)),
        "far_resident": make_verified_resident(tree.far, "far_resident", born=date(1975, 1, 9)),
        "nobody": make_user("nobody"),
    }
