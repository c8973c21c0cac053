"""The demo builder of this app, run on the small test tree (the full demo imports all of KATO)."""

from __future__ import annotations

import random

import pytest

from auyl.core import audit
from auyl.core.roles import Role
from auyl.core.testing import make_user
from auyl.demo.build import DemoContext
from auyl.initiatives import demo, selectors
from auyl.initiatives.models import Initiative, Poll, Status
from auyl.initiatives.tests.factories import members

pytestmark = pytest.mark.django_db


def test_demo_builds_every_stage(tree, django_capture_on_commit_callbacks):
    people = members(tree.home, 60)
    users = {f"resident{i}": user for i, user in enumerate(people[:5], start=1)}
    users.update(akim=make_user("akim", role=Role.AKIM, territory=tree.home.territory),
                 staff=make_user("staff", role=Role.STAFF, territory=tree.home.territory),
                 staff2=make_user("staff2", role=Role.STAFF, territory=tree.home.territory),
                 deputy=make_user("deputy", role=Role.DEPUTY, territory=tree.district))
    ctx = DemoContext(communities=[tree.home], home=tree.home, users=users, rng=random.Random(1))
    with django_capture_on_commit_callbacks(execute=True):
        demo.build(ctx)
    statuses = sorted(Initiative.objects.values_list("status", flat=True))
    assert statuses == sorted([Status.COLLECTING, Status.ANSWERED, Status.COLLECTING, Status.SUBMITTED])
    answered = Initiative.objects.get(status=Status.ANSWERED)
    assert selectors.signature_count(answered) >= answered.threshold and answered.answer
    assert answered.notices.filter(user=users["akim"]).exists()
    collecting = Initiative.objects.get(kind="assembly", status=Status.COLLECTING)
    assert 0 < selectors.signature_count(collecting) < collecting.threshold
    open_poll, closed = Poll.objects.order_by("-opens_at")
    assert open_poll.is_open() and closed.published_at and closed.result["ballots"] > 0
    assert audit.verify().ok
