import pytest

from auyl.appeals.catalogue import install_categories
from auyl.core.roles import Role
from auyl.core.testing import make_user
from auyl.registries.models import Source


@pytest.fixture
def akim(tree):
    return make_user("akim-home", role=Role.AKIM, territory=tree.home.territory)


@pytest.fixture
def staff_client(client, tree):
    client.force_login(make_user("staff-home", role=Role.STAFF, territory=tree.home.territory))
    return client


@pytest.fixture
def registry_dir(tmp_path, settings):
    settings.AUYL_REGISTRY_DIR = tmp_path
    settings.AUYL_REGISTRIES = {source: {"url": ""} for source in Source.values}
    return tmp_path


@pytest.fixture(autouse=True)
def _appeal_categories(request):
    """The category catalogue comes with a data migration; a transactional test elsewhere may have flushed it."""
    if request.node.get_closest_marker("django_db"):
        install_categories()
