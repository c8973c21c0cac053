"""The oversight demo on the small tree: the demo akim is elected in 2025 for four years as a first-time akim."""

import random
from datetime import date

import pytest

from auyl.core.roles import Role
from auyl.core.testing import make_user
from auyl.demo.build import DemoContext
from auyl.oversight import demo
from auyl.oversight.models import AkimTerm, Audit, Enrolment, Figure, PowerReview
from auyl.people.models import RoleAssignment


@pytest.mark.django_db
def test_demo_builds_elections_audit_school_and_powers(tree):
    users = {
        "admin": make_user("admin", is_superuser=True),
        "akim": make_user("akim", role=Role.AKIM, territory=tree.home.territory),
        "auditor": make_user("auditor", role=Role.AUDITOR, territory=tree.district),
        "district": make_user("district", role=Role.DISTRICT_OFFICIAL, territory=tree.district),
        "assembly": make_user("assembly", role=Role.ASSEMBLY_MEMBER, territory=tree.home.territory),
    }
    ctx = DemoContext(communities=[tree.home, tree.neighbour, tree.far], home=tree.home, users=users,
                      rng=random.Random(1))
    demo.build(ctx)
    term = AkimTerm.objects.get(user=users["akim"])
    assert term.starts_on == date(2025, 9, 14) and term.ends_on == date(2029, 9, 13) and term.is_first_time
    assert RoleAssignment.objects.get(user=users["akim"], role=Role.AKIM).valid_until == date(2029, 9, 13)
    assert AkimTerm.objects.filter(community=tree.neighbour, starts_on__year=2025, is_first_time=False).exists()
    item = Audit.objects.get()
    assert item.is_public and item.findings.filter(status="resolved").count() == 1
    assert item.findings.filter(status="responded").count() == 1
    assert Enrolment.objects.get(term=term).completed_on is not None
    assert PowerReview.objects.count() == 6
    assert Figure.objects.filter(scope="", period=2025, metric="first_time_akims").exists()
    assert Figure.objects.filter(scope="", period=2021, metric="elections_held").get().value == 3
