"""The real KATO classifier is imported, counted and re-imported without changes."""

import csv
from collections import Counter

import pytest

from auyl.territory.kato import shipped_path
from auyl.territory.models import Community, Kind, Territory
from auyl.territory.services import import_kato


def file_counts() -> Counter:
    with open(shipped_path(), encoding="utf-8") as handle:
        return Counter(row["level"] for row in csv.DictReader(handle))


@pytest.mark.django_db
def test_import_counts_match_the_file_and_reimport_changes_nothing():
    first = import_kato()
    counts = file_counts()
    print("KATO counts:", first.counts)
    assert first.created == sum(counts.values()) == 15594
    assert first.counts["oblasts"] == counts["oblast"] == 20
    assert first.counts["districts"] == counts["district"] == 209
    assert first.counts["settlements"] == counts["settlement"] == 12986
    # 4th-level self-government units, told apart by the name suffix (domain reference §1.3).
    assert first.counts["communities"] == 2337
    assert first.counts["rural_okrugs"] == 2108
    assert Community.objects.filter(kind=Kind.VILLAGE).count() == 110
    assert Community.objects.filter(kind=Kind.SETTLEMENT_ADMIN).count() == 71
    assert Community.objects.filter(kind=Kind.TOWN).count() == 48

    second = import_kato()
    assert (second.created, second.updated, second.communities_created) == (0, 0, 0)
    assert second.unchanged == 15594


@pytest.mark.django_db
def test_hierarchy_links_settlements_to_their_okrug():
    import_kato()
    village = Territory.objects.get(code="596644100")  # с. Кокалажар
    assert village.parent.code == "596644000"
    assert village.parent.parent.code == "596600000"
    assert village.parent.parent.parent.code == "590000000"
    community = Community.objects.get(territory__code="596644000")
    assert community.district.code == "596600000" and community.oblast.code == "590000000"
    assert village in community.settlements()
    assert Territory.objects.get(code="113641000").community.kind == Kind.VILLAGE
    assert Territory.objects.get(code="751710000").kind == Kind.CITY_ITSELF  # a city district of Almaty
    assert not Community.objects.filter(territory__code__startswith="75").exists()
