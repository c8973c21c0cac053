"""Refreshing registry copies: rows replaced per community, IINs hashed and linked, failures keep the old copy."""

import csv
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from auyl.core.roles import Role
from auyl.core.testing import make_resident, make_user
from auyl.registries import selectors, services
from auyl.registries.connectors import HttpConnector
from auyl.registries.models import Source, TaxAccount
from auyl.registries.tests.server import registry_server

TAX_COLUMNS = ["settlement_kato", "taxpayer_id", "payer_kind", "name", "tax_kind", "year", "assessed", "paid",
               "arrears"]


def write_taxes(directory, rows):
    with open(directory / "taxpayers.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TAX_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def registry_dir(tmp_path, settings):
    settings.AUYL_REGISTRY_DIR = tmp_path
    settings.AUYL_REGISTRIES = {source: {"url": ""} for source in Source.values}
    return tmp_path


@pytest.mark.django_db
def test_tax_file_is_loaded_hashed_linked_and_summarised(tree, registry_dir):
    person, iin = make_resident(tree.home, born=date(1970, 1, 1))
    settlement = tree.settlement().code
    write_taxes(registry_dir, [
        dict(settlement_kato=settlement, taxpayer_id=iin, payer_kind="individual", name="Ахметов Айдар",
             tax_kind="104102", year=2025, assessed="5000", paid="2000", arrears="3000"),
        dict(settlement_kato=settlement, taxpayer_id="", payer_kind="individual", name="",
             tax_kind="104302", year=2025, assessed="1000", paid="1000", arrears="0"),
        dict(settlement_kato=tree.settlement(tree.far).code, taxpayer_id="", payer_kind="legal", name="ТОО Алыс",
             tax_kind="104401", year=2025, assessed="9000", paid="0", arrears="9000"),
    ])
    status = services.refresh(Source.TAXPAYERS, tree.home)
    assert (status.records, status.unavailable_since, status.adapter) == (2, None, "file")
    account = TaxAccount.objects.get(tax_kind="104102")
    assert account.resident == person and account.holder_last4 == iin[-4:] and account.name == ""
    assert iin not in account.holder_hash
    summary = {row["tax_kind"]: row for row in selectors.tax_summary(tree.home)}
    assert summary["104102"]["total_arrears"] == 3000 and summary["104102"]["debtors"] == 1
    assert "104401" not in summary


@pytest.mark.django_db
def test_a_bad_record_or_a_dead_source_keeps_the_last_good_copy(tree, registry_dir, settings):
    settlement = tree.settlement().code
    good = dict(settlement_kato=settlement, taxpayer_id="", payer_kind="legal", name="ТОО Көкалажар",
                tax_kind="104401", year=2025, assessed="100", paid="0", arrears="100")
    write_taxes(registry_dir, [good])
    first = services.refresh(Source.TAXPAYERS, tree.home)
    write_taxes(registry_dir, [good, {**good, "tax_kind": "999999"}])
    status = services.refresh(Source.TAXPAYERS, tree.home)
    assert "record 3" in status.last_error and status.unavailable_since is not None
    assert status.last_success_at == first.last_success_at and TaxAccount.objects.count() == 1
    since = status.unavailable_since
    with registry_server(delay=1.0) as (url, _calls):
        connector = HttpConnector("taxpayers", url, timeout=0.1, retries=0)
        status = services.refresh(Source.TAXPAYERS, tree.home, connector=connector)
    assert status.unavailable_since == since and status.adapter == "http"
    assert TaxAccount.objects.count() == 1


@pytest.mark.django_db
def test_population_source_feeds_the_resident_registry(tree, registry_dir):
    from auyl.people.iin import make_iin
    from auyl.people.models import Resident

    iin = make_iin(date(1990, 2, 3), "F", 77)
    (registry_dir / "population.csv").write_text(
        "iin,last_name,first_name,patronymic,birth_date,sex,settlement_kato,address\n"
        f"{iin},Омарова,Әсел,,1990-02-03,F,{tree.settlement().code},Абай 1\n", encoding="utf-8")
    status = services.refresh(Source.POPULATION, tree.home)
    assert status.records == 1 and Resident.objects.get().last_name == "Омарова"


@pytest.mark.django_db
def test_only_the_office_may_ask_for_a_refresh(tree, registry_dir):
    other = make_user("akim-far", role=Role.AKIM, territory=tree.far.territory)
    with pytest.raises(PermissionDenied):
        services.refresh(Source.TAXPAYERS, tree.home, actor=other)
    akim = make_user("akim-home", role=Role.AKIM, territory=tree.home.territory)
    status = services.refresh(Source.VEHICLES, tree.home, actor=akim)
    assert "not found" in status.last_error  # no file yet: unavailable, no exception


@pytest.mark.django_db
def test_every_registry_file_loads(tree, registry_dir):
    settlement = tree.settlement().code
    files = {
        "legal_entities": "bin,name,form,activity,registered_on,active\n"
                          "123456789012,ТОО «Береке»,ТОО,Зерно,2010-03-01,1\n",
        "land_plots": "cadastral_number,area_ha,purpose,right,holder_id,holder_kind,registered\n"
                      "15-001,0.15,housing,ownership,,individual,0\n",
        "real_estate": "object_number,kind,area_m2,holder_id,holder_kind,registered\nRE-1,house,80,,individual,1\n",
    }
    for source, body in files.items():
        header, row = body.split("\n", 1)
        (registry_dir / f"{source}.csv").write_text(f"settlement_kato,{header}\n{settlement},{row}", "utf-8")
        status = services.refresh(source, tree.home)
        assert (status.records, status.last_error) == (1, ""), source
    assert selectors.legal_entity_summary(tree.home) == [{"form": "ТОО", "total": 1, "active": 1}]
    assert selectors.land_summary(tree.home)[0]["unregistered"] == 1
