"""The demo builder of this app on the small test tree."""

import random

import pytest

from auyl.assemblies import demo, minutes
from auyl.assemblies.models import Body, BodyKind, Meeting, MeetingStatus, ProgrammeStatus
from auyl.assemblies.tests.factories import adults
from auyl.core.roles import Role
from auyl.core.testing import make_user, make_verified_resident
from auyl.demo.build import DemoContext

pytestmark = pytest.mark.django_db


def test_demo_builds_assembly_past_minutes_and_notices(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    adults(tree.home, 30)
    territory = tree.home.territory
    users = {"staff": make_user("staff", role=Role.STAFF, territory=territory),
             "akim": make_user("akim", role=Role.AKIM, territory=territory),
             "assembly": make_user("assembly", role=Role.ASSEMBLY_MEMBER, territory=territory),
             "resident1": make_verified_resident(tree.home, "+77010000001")}
    ctx = DemoContext(communities=[tree.home], home=tree.home, users=users, rng=random.Random(1))
    demo.build(ctx)
    assembly = Body.objects.get(kind=BodyKind.ASSEMBLY)
    assert assembly.memberships.count() == 15
    assert assembly.memberships.filter(resident=users["assembly"].resident).exists()
    past = Meeting.objects.get(status=MeetingStatus.PUBLISHED)
    assert minutes.build(past, "ru").present == 11
    assert tree.home.development_programmes.get().status == ProgrammeStatus.AGREED
    assert Meeting.objects.filter(status=MeetingStatus.NOTIFIED).count() == 2
    demo.build(ctx)  # a second run adds nothing
    assert Meeting.objects.count() == 3
