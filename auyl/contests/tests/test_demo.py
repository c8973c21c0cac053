"""The demo builder of contests runs on the small test tree and leaves a counted and an open contest."""

import random

import pytest

from auyl.contests import demo
from auyl.contests.models import Contest, FundedProject, Phase, ProposalStatus
from auyl.core.roles import Role
from auyl.core.testing import make_resident, make_user, make_verified_resident
from auyl.demo.build import DemoContext


@pytest.mark.django_db
def test_demo_contests(tree):
    staff = make_user("staff", role=Role.STAFF, territory=tree.home.territory)
    users = {"staff": staff, **{f"resident{i}": make_verified_resident(tree.home, f"r{i}") for i in range(1, 3)}}
    for _ in range(40):
        make_resident(tree.home)
    demo.build(DemoContext(communities=[tree.home], home=tree.home, users=users, rng=random.Random(1)))
    past, current = Contest.objects.order_by("voting_from")
    assert past.phase == Phase.IMPLEMENTATION and past.result.num_ballots > 0
    assert current.phase == Phase.VOTING and current.ballots.exists()
    assert set(current.proposals.values_list("status", flat=True)) == set(ProposalStatus.values) - {"submitted"}
    assert FundedProject.objects.filter(status="in_progress").exists()
