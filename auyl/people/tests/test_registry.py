"""The registry file adapter: a file with a bad row saves nothing; IINs are never stored in clear."""

from datetime import date

import pytest

from auyl.people import crypto
from auyl.people.iin import make_iin
from auyl.people.models import Resident
from auyl.people.registry import CsvPopulationRegistry, write_registry_csv
from auyl.people.services import import_registry


def row(iin, settlement, **extra):
    values = dict(iin=iin, last_name="Оспанов", first_name="Ерлан", patronymic="", birth_date="1980-05-06",
                  sex="M", settlement_kato=settlement, address="Абай 5", registered="1", excluded="0")
    values.update(extra)
    return values


@pytest.fixture
def good_rows(tree):
    settlement = tree.settlement().code
    return [row(make_iin(date(1980, 5, 6), "M", n), settlement) for n in (11, 12, 13)]


@pytest.mark.django_db
def test_valid_file_imports_and_reimport_updates(tmp_path, good_rows, tree):
    path = tmp_path / "registry.csv"
    write_registry_csv(path, good_rows)
    report = import_registry(CsvPopulationRegistry(path))
    assert (report.ok, report.created, report.updated) == (True, 3, 0)
    resident = Resident.objects.get(iin_hash=crypto.lookup_hash(good_rows[0]["iin"]))
    assert resident.reveal_iin() == good_rows[0]["iin"]
    assert good_rows[0]["iin"] not in resident.iin_encrypted
    tree.home.refresh_from_db()
    assert tree.home.population == 3
    good_rows[0]["address"] = "Мектеп 1"
    write_registry_csv(path, good_rows)
    report = import_registry(CsvPopulationRegistry(path))
    assert (report.created, report.updated) == (0, 3)
    assert Resident.objects.get(pk=resident.pk).address == "Мектеп 1"


@pytest.mark.django_db
def test_one_bad_row_saves_nothing_and_names_every_bad_line(tmp_path, good_rows, tree):
    bad = [*good_rows,
           row("921029350852", tree.settlement().code),                     # checksum
           row(make_iin(date(1980, 5, 6), "M", 14), "999999999"),          # unknown settlement
           row(make_iin(date(1980, 5, 6), "M", 15), tree.settlement().code, sex="F")]  # sex mismatch
    path = tmp_path / "registry.csv"
    write_registry_csv(path, bad)
    report = import_registry(CsvPopulationRegistry(path))
    assert not report.ok
    assert [e.split(":")[0] for e in report.errors] == ["line 5", "line 6", "line 7"]
    assert Resident.objects.count() == 0
