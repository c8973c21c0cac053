from datetime import date, timedelta

import pytest

from auyl.contests import selectors
from auyl.core.roles import Role
from auyl.core.testing import make_user, make_verified_resident


@pytest.fixture
def people(tree):
    """Staff of the home community, two of them for double entry, and verified residents."""
    home = tree.home.territory
    return {
        "staff": make_user("staff", role=Role.STAFF, territory=home),
        "staff2": make_user("staff2", role=Role.STAFF, territory=home),
        "akim": make_user("akim", role=Role.AKIM, territory=home),
        "far_staff": make_user("far-staff", role=Role.STAFF, territory=tree.far.territory),
        "alice": make_verified_resident(tree.home, "alice", born=date(1980, 1, 2), sex="F"),
        "bob": make_verified_resident(tree.home, "bob", born=date(1975, 3, 4)),
        "minor": make_verified_resident(tree.home, "minor", born=date.today() - timedelta(days=16 * 365)),
        "stranger": make_verified_resident(tree.far, "stranger"),
    }


@pytest.fixture(autouse=True)
def _fresh_contest_caches():
    """Ids come back after a rolled-back test: no contest kept by an earlier test may answer for a new one."""
    selectors.forget_kept_contests()
