"""Fixtures for the whole suite: the small territory tree, role users, PostgreSQL marker, a real browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent / "shared"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _django_active(config) -> bool:
    """False when the pure packages (auyl.pb, auyl.text) run alone with ``-p no:django``."""
    return config.pluginmanager.hasplugin("django")


@pytest.fixture(autouse=True)
def _fast_and_isolated(request):
    if not _django_active(request.config):
        return
    settings = request.getfixturevalue("settings")
    # Tests assert English source strings; test_languages covers the Kazakh default for real browsers.
    settings.AUYL_DEFAULT_LANGUAGE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture
def tree(db):
    from auyl.core.testing import make_tree

    return make_tree()


def pytest_collection_modifyitems(config, items):
    if not _django_active(config):
        return
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)


# --- the real browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    # bypass_csp lets the tests inject axe-core; the app itself keeps its Content-Security-Policy.
    context = browser.new_context(base_url=live_server.url, locale="ru-RU",
                                  viewport={"width": 412, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core in the page and return violations of the given impacts."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v.get("impact") in impacts]


@pytest.fixture
def axe():
    if not AXE.exists():
        pytest.fail("axe-core is missing: scripts/test.sh runs npm ci")
    return axe_violations


def login(page, username: str, password: str | None = None) -> None:
    """Log in as ``username`` in the browser, as whoever was logged in before is logged out."""
    from auyl.core.testing import PASSWORD

    page.context.clear_cookies()
    page.goto("/account/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def live_tree(transactional_db):
    """The territory tree for tests whose browser talks to ``live_server`` (another thread, another connection)."""
    from auyl.core.testing import make_tree

    return make_tree()


@pytest.fixture
def rq_queue(settings):
    """Tasks go to a real, emptied Redis queue (needs REDIS_URL); run them with a worker as `auyl worker` does:
    ``django_rq.get_worker("default", job_class=Job, worker_class=SimpleWorker)``."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs Redis (set REDIS_URL)")
    import django_rq
    from django_tasks_rq import Job

    settings.RQ_QUEUES = {"default": {"URL": os.environ["REDIS_URL"], "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = settings.RQ_TASKS
    queue = django_rq.get_queue("default", job_class=Job)
    queue.empty()
    for job_id in queue.scheduled_job_registry.get_job_ids():
        queue.scheduled_job_registry.remove(job_id)
    return queue
