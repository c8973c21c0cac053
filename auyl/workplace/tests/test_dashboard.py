"""The morning page: what it shows, who may see it, its bounded queries, and a dead registry degrading it."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from auyl.appeals import services as appeals
from auyl.appeals.models import Category
from auyl.core.roles import Role
from auyl.core.testing import make_resident, make_user, make_verified_resident
from auyl.registries import services as registries
from auyl.registries.models import Source, SourceStatus, TaxAccount
from auyl.registries.tests.server import registry_server
from auyl.workplace.models import DocumentState, Household, LandscapingTask, MunicipalProperty

URL = "/workplace/596644000/"


def populate(tree, size: int = 3, start: int = 0):
    settlement = tree.settlement()
    for index in range(start, start + size):
        person, _ = make_resident(tree.home, last_name=f"Тұрғын{index}")
        Household.objects.create(community=tree.home, settlement=settlement, book_number=f"K-{index}",
                                 address=f"Абай {index}", head=person, members=4, cattle=2)
        TaxAccount.objects.create(community=tree.home, settlement=settlement, holder_hash=f"h{index}",
                                  holder_last4="1234", tax_kind="104102", year=2026, assessed=1000, paid=400,
                                  arrears=600, resident=person)
        MunicipalProperty.objects.create(community=tree.home, name=f"Клуб {index}", kind="building",
                                         document_state=DocumentState.NONE if index else DocumentState.REGISTERED)
        LandscapingTask.objects.create(community=tree.home, title=f"Ағаш отырғызу {index}",
                                       due_on=date.today() - timedelta(days=index))
    author = make_verified_resident(tree.home, f"+7701555{size:04d}")
    water = Category.objects.get(code="water")
    for days_ago in (40, 19, 0):
        appeals.file_appeal(actor=author, community=tree.home, category=water, subject=f"Су {days_ago}",
                            text="Су жоқ", received_at=timezone.now() - timedelta(days=days_ago))


@pytest.mark.django_db
def test_the_akim_sees_the_morning_page(client, tree, akim, registry_dir):
    populate(tree)
    client.force_login(akim)
    page = client.get(URL).content.decode()
    assert "Көкалажар а.о." in page
    assert 'id="count-open">3<' in page and 'id="count-overdue">1<' in page
    assert 'id="total-residents">4<' in page  # 3 residents + the appeal's author
    assert "(104102)" in page and re.search(r"1\D?800 ₸", page)
    assert "No budget in force for this year yet." in page or "Budget execution" in page
    assert "Тұрғын0" not in page  # no names of residents on the overview


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.RESIDENT, Role.ASSEMBLY_MEMBER, Role.DEPUTY, Role.DISTRICT_OFFICIAL,
                                  Role.NATIONAL_OBSERVER])
def test_nobody_but_the_office_opens_it(client, tree, role):
    client.force_login(make_user(f"u-{role}", role=role, territory=tree.home.territory))
    assert client.get(URL).status_code == 404


@pytest.mark.django_db
def test_staff_of_another_community_get_nothing(client, tree):
    client.force_login(make_user("akim-far", role=Role.AKIM, territory=tree.far.territory))
    assert client.get(URL).status_code == 404
    assert client.get(URL + "list/households/").status_code == 404
    assert client.get("/workplace/").status_code == 302  # to their own community


@pytest.mark.django_db
def test_bounded_number_of_queries_whatever_the_size(client, tree, akim, registry_dir,
                                                     django_assert_max_num_queries):
    client.force_login(akim)
    populate(tree, size=2)
    with django_assert_max_num_queries(45) as small:
        assert client.get(URL).status_code == 200
    populate(tree, size=12, start=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(URL).status_code == 200


@pytest.mark.django_db
def test_a_registry_that_times_out_shows_unavailable_and_the_rest_renders(client, tree, akim, registry_dir,
                                                                         settings):
    populate(tree)
    with registry_server(delay=2.0) as (url, calls):
        settings.AUYL_REGISTRIES = {**settings.AUYL_REGISTRIES, "taxpayers": {"url": url}}
        settings.AUYL_REGISTRY_HTTP = {"timeout": 0.2, "retries": 1, "backoff": 0, "breaker_failures": 3,
                                       "breaker_reset": 60}
        client.force_login(akim)
        status = registries.refresh(Source.TAXPAYERS, tree.home, actor=akim)
        assert len(calls) == 2 and status.unavailable_since is not None
    page = client.get(URL)
    text = page.content.decode()
    assert page.status_code == 200
    since = timezone.localtime(status.unavailable_since).strftime("%d.%m.%Y %H:%M")
    assert f"Source unavailable since {since}" in text
    assert 'id="count-open">3<' in text and "Municipal property" in text
    assert SourceStatus.objects.get(source="taxpayers").adapter == "http"


@pytest.mark.django_db
def test_the_refresh_button_loads_registry_files(client, tree, akim, registry_dir,
                                                 django_capture_on_commit_callbacks):
    (registry_dir / "vehicles.csv").write_text(
        f"settlement_kato,kind,year_made,owner_id,owner_kind\n{tree.settlement().code},tractor,1988,,legal\n",
        encoding="utf-8")
    client.force_login(akim)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL + "refresh/").status_code == 302
    page = client.get(URL).content.decode()
    assert "tractor: 1" in page
    assert SourceStatus.objects.get(source="vehicles").records == 1
    assert SourceStatus.objects.get(source="land_plots").unavailable_since is not None  # no file: degraded
