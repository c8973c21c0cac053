"""The demo builder of this app, run on the small test tree (the full demo imports all of KATO)."""

from __future__ import annotations

import random

import pytest

from auyl.contests.tests.factories import make_contest
from auyl.core import audit
from auyl.core.roles import Role
from auyl.core.testing import make_user
from auyl.demo.build import DemoContext
from auyl.initiatives.tests.factories import members
from auyl.insight import demo, selectors
from auyl.insight.models import AppealSuggestion, Discussion, Source, ThemeSet

pytestmark = pytest.mark.django_db


def test_demo_routes_themes_and_maps_two_opinion_groups(tree, django_capture_on_commit_callbacks):
    people = members(tree.home, 100)
    users = {f"resident{i}": user for i, user in enumerate(people[:5], start=1)}
    users["staff"] = make_user("staff", role=Role.STAFF, territory=tree.home.territory)
    contest = make_contest(tree.home, users["staff"])
    ctx = DemoContext(communities=[tree.home], home=tree.home, users=users, rng=random.Random(1))
    with django_capture_on_commit_callbacks(execute=True):
        demo.build(ctx)
    assert AppealSuggestion.objects.count() == demo.APPEALS_WANTED
    appeals = ThemeSet.objects.get(source=Source.APPEALS)
    assert appeals.text_count == demo.APPEALS_WANTED and appeals.themes.count() >= 3
    themes = ThemeSet.objects.get(source=Source.CONTEST, source_id=contest.pk)
    assert themes.is_public and themes.themes.count() >= 3
    view = selectors.opinion_view(Discussion.objects.get())
    assert len(view.groups) == 2 and view.consensus
    assert audit.verify().ok
