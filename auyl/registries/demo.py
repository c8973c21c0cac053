"""Demo registry files (CSV, and JSON for vehicles) for the demo communities, written to AUYL_REGISTRY_DIR and
loaded through the file adapters, exactly as an export from the state registries would be."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.conf import settings

from auyl.people.models import Resident
from auyl.registries import services
from auyl.registries.connectors import COLUMNS
from auyl.registries.models import Source

ACTIVITIES = [("ТОО", "Выращивание зерновых культур"), ("КХ", "Разведение крупного рогатого скота"),
              ("ИП", "Розничная торговля продуктами"), ("ИП", "Ремонт автомобилей"), ("ТОО", "Строительство"),
              ("ГУ", "Общее среднее образование"), ("КХ", "Разведение овец"), ("ИП", "Пекарня")]


def _bin(rng) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(12))


def _rows(ctx, community) -> dict[str, list[dict]]:
    rng = ctx.rng
    settlements = [t.code for t in community.settlements().order_by("code")] or [community.territory.code]
    residents = list(Resident.objects.filter(community=community, birth_date__year__lte=2004)
                     .values_list("iin_encrypted", "settlement__code")[:900])
    from auyl.people.crypto import decrypt

    people = [(decrypt(token), settlement) for token, settlement in residents]
    entities = [(_bin(rng), form, activity, rng.choice(settlements))
                for form, activity in (rng.choice(ACTIVITIES) for _ in range(rng.randint(12, 20)))]
    rows: dict[str, list[dict]] = {key: [] for key in COLUMNS if key != "population"}
    for number, (bin_, form, activity, settlement) in enumerate(entities, start=1):
        name = f"{form} «{rng.choice(['Береке', 'Ақбидай', 'Нұр', 'Достық', 'Жұлдыз', 'Колос'])}-{number}»"
        rows["legal_entities"].append(dict(settlement_kato=settlement, bin=bin_, name=name, form=form,
                                           activity=activity, registered_on=f"{rng.randint(2001, 2024)}-03-01",
                                           active="1" if rng.random() > 0.1 else "0"))
        assessed = rng.randint(20, 400) * 1000
        paid = assessed if rng.random() > 0.3 else rng.randint(0, assessed)
        for tax in ("104401", "104302"):
            rows["taxpayers"].append(dict(settlement_kato=settlement, taxpayer_id=bin_, payer_kind="legal",
                                          name=name, tax_kind=tax, year=2025, assessed=assessed, paid=paid,
                                          arrears=assessed - paid))
        if form in ("КХ", "ТОО"):
            rows["land_plots"].append(dict(settlement_kato=settlement,
                                           cadastral_number=f"15-{number:03d}-{rng.randint(100, 999)}",
                                           area_ha=rng.randint(50, 3000), purpose=rng.choice(["farming", "pasture"]),
                                           right="lease", holder_id=bin_, holder_kind="legal", registered="1"))
    for index, (iin, settlement) in enumerate(people):
        assessed = rng.randint(1, 12) * 500
        paid = assessed if rng.random() > 0.25 else rng.randint(0, assessed)
        rows["taxpayers"].append(dict(settlement_kato=settlement, taxpayer_id=iin, payer_kind="individual", name="",
                                      tax_kind=rng.choice(["104102", "104302", "104402"]), year=2025,
                                      assessed=assessed, paid=paid, arrears=assessed - paid))
        if index % 3 == 0:
            registered = "1" if rng.random() > 0.15 else "0"
            rows["land_plots"].append(dict(settlement_kato=settlement, cadastral_number=f"15-2{index:05d}",
                                           area_ha=f"0.{rng.randint(8, 25):02d}",
                                           purpose=rng.choice(["housing", "subsidiary"]),
                                           right="ownership", holder_id=iin, holder_kind="individual",
                                           registered=registered))
            rows["real_estate"].append(dict(settlement_kato=settlement, object_number=f"RE-{index:05d}",
                                            kind=rng.choice(["house", "house", "apartment", "barn"]),
                                            area_m2=rng.randint(40, 160), holder_id=iin, holder_kind="individual",
                                            registered=registered))
        if index % 4 == 0:
            rows["vehicles"].append(dict(settlement_kato=settlement, kind=rng.choice(["car", "car", "truck",
                                                                                     "tractor", "motorcycle"]),
                                         year_made=rng.randint(1985, 2024), owner_id=iin, owner_kind="individual"))
    return rows


def write_files(directory: Path, rows: dict[str, list[dict]]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for source, items in rows.items():
        if source == Source.VEHICLES:  # one registry as JSON, to show both documented formats
            (directory / f"{source}.json").write_text(json.dumps({"records": items}, ensure_ascii=False), "utf-8")
            continue
        with open(directory / f"{source}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["settlement_kato", *COLUMNS[source]])
            writer.writeheader()
            writer.writerows(items)


def build(ctx) -> None:
    everything: dict[str, list[dict]] = {}
    for community in ctx.communities:
        for source, items in _rows(ctx, community).items():
            everything.setdefault(source, []).extend(items)
    write_files(Path(settings.AUYL_REGISTRY_DIR), everything)
    for community in ctx.communities:
        services.record_loaded(Source.POPULATION, community, Resident.objects.filter(community=community).count())
        for source in everything:
            services.refresh(source, community)
    ctx.say(f"Registry files written to {settings.AUYL_REGISTRY_DIR} and loaded")
