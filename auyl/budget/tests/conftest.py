import pytest

from auyl.core.roles import Role
from auyl.core.testing import make_user


@pytest.fixture
def people(tree):
    """Users with the roles of the budget procedure, in the home community or its district."""
    home, district = tree.home.territory, tree.district
    return {
        "staff": make_user("b-staff", role=Role.STAFF, territory=home),
        "akim": make_user("b-akim", role=Role.AKIM, territory=home),
        "assembly": make_user("b-assembly", role=Role.ASSEMBLY_MEMBER, territory=home),
        "resident": make_user("b-resident", role=Role.RESIDENT, territory=home),
        "district": make_user("b-district", role=Role.DISTRICT_OFFICIAL, territory=district),
        "far_staff": make_user("b-far-staff", role=Role.STAFF, territory=tree.far.territory),
        "far_district": make_user("b-far-district", role=Role.DISTRICT_OFFICIAL, territory=tree.far.district),
    }


@pytest.fixture
def classified(transactional_db):
    """Transactional tests (threads, live server) start from a flushed database: load the classification the
    data migration ships."""
    from auyl.budget import classification
    from auyl.budget.models import ProgrammeCode, RevenueCode, SpendingDirection

    classification.sync(RevenueCode, SpendingDirection, ProgrammeCode)
