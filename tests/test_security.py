"""Security and operations baseline: deploy checks, headers, health, logs without personal data."""

import logging
import os
import subprocess
import sys

import pytest

from auyl.core.logging import mask


def test_production_settings_pass_check_deploy(tmp_path):
    # The browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE for the test process; a deployment never has it.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**env, "AUYL_ENV": "production", "SECRET_KEY": "x" * 60 + "-production-secret-key-for-tests",
           "ALLOWED_HOSTS": "auyl.example.kz", "AUYL_DATA_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "auyl.settings"}
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(AUYL_ENV="production", AUYL_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="auyl.settings")
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], capture_output=True,
                            text=True, env=env, timeout=60)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_pages_send_security_headers(client, tree):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_forms_need_csrf(tree):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/account/login/", {"username": "x", "password": "y"}).status_code == 403


@pytest.mark.django_db
def test_health_endpoint(client):
    response = client.get("/health/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_logs_never_carry_personal_data(caplog):
    from auyl.core.logging import PersonalDataFilter

    logger = logging.getLogger("auyl.test")
    logger.addFilter(PersonalDataFilter())
    with caplog.at_level(logging.INFO, logger="auyl.test"):
        logger.info("resident %s phone %s mail %s", "921029350851", "+7 701 234 56 78", "aigul@example.kz")
    text = caplog.records[-1].getMessage()
    assert "921029350851" not in text and "234 56 78" not in text and "aigul@example.kz" not in text
    assert mask("house 12, 2500 tenge, 4G") == "house 12, 2500 tenge, 4G"


@pytest.mark.django_db
def test_public_page_weight_stays_small(client, tree):
    """A public page and everything it loads stay under 100 KB for slow rural links."""
    from django.contrib.staticfiles import finders

    response = client.get(f"/c/{tree.home.territory.code}/")
    total = len(response.content)
    for asset in ("auyl/site.css", "auyl/vendor/htmx.min.js", "auyl/favicon.svg"):
        total += os.path.getsize(finders.find(asset))
    assert total < 100 * 1024, total


@pytest.mark.django_db
def test_nul_bytes_in_parameters_are_refused(client):
    assert client.get("/api/v1/communities/", {"q": "a\x00b"}).status_code == 400
    form = "username=a%00&password=x"
    assert client.post("/account/login/", form, content_type="application/x-www-form-urlencoded").status_code == 400
    body = '{"title": "a\\u0000b"}'
    assert client.post("/api/v1/proposals/", body, content_type="application/json").status_code == 400
    assert client.get("/communities/", {"q": "ok"}).status_code == 200
