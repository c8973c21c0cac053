import pytest

from auyl.appeals.catalogue import install_categories
from auyl.appeals.models import Category
from auyl.core.roles import Role
from auyl.core.testing import make_user, make_verified_resident


@pytest.fixture
def akim(tree):
    return make_user("akim-home", role=Role.AKIM, territory=tree.home.territory)


@pytest.fixture
def staff(tree):
    return make_user("staff-home", role=Role.STAFF, territory=tree.home.territory)


@pytest.fixture
def resident(tree):
    user = make_verified_resident(tree.home, "+77010000099", last_name="Сейітова", first_name="Гүлнар", sex="F")
    user.phone = user.username
    user.save(update_fields=["phone"])
    return user


@pytest.fixture
def water(db):
    return Category.objects.get(code="water")


@pytest.fixture(autouse=True)
def _appeal_categories(request):
    """The category catalogue comes with a data migration; a transactional test elsewhere may have flushed it."""
    if request.node.get_closest_marker("django_db"):
        install_categories()
