"""schemathesis generates requests from the OpenAPI document for every operation: no server error anywhere.

It runs against the WSGI app in-process, on the test database with the small territory tree and a logged-in
staff member's session cookie, so authenticated endpoints are exercised too, not only their 401/403 paths.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from auyl.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: requests must not close the test's database connection.

    The real WSGI handler runs ``close_old_connections`` on every request; inside the test transaction on
    PostgreSQL that would close the connection the whole test runs in.
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def staff_cookie(db, tree, keep_test_connection):
    from django.test import Client

    from auyl.core.roles import Role
    from auyl.core.testing import make_resident, make_user

    make_resident(tree.home)
    client = Client()
    client.force_login(make_user("fuzz-staff", role=Role.STAFF, territory=tree.home.territory))
    return f"sessionid={client.cookies['sessionid'].value}"


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case, staff_cookie):
    case.call_and_validate(headers={"Cookie": staff_cookie}, checks=[not_a_server_error])
