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
def staff_cookie(db, tree):
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
