"""Demo books of the akim's office: the household register built from the demo residents' addresses, municipal
property with the state of its documents, fines, street-trade places and landscaping tasks."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from auyl.people.models import Resident
from auyl.workplace.models import (
    AdministrativeFine,
    FineArticle,
    Household,
    LandscapingTask,
    MunicipalProperty,
    TradePlace,
)

PROPERTY = [("Ауылдық клуб", "building"), ("Әкімдік ғимараты", "building"), ("Су құбыры желісі", "network"),
            ("Көше жарығы желісі", "network"), ("Орталық көше", "road"), ("Мектеп көшесі", "road"),
            ("Стадион", "land"), ("Трактор МТЗ-82", "equipment"), ("Зират аумағы", "land"), ("Моншa", "building")]
TASKS = ["Ағаш отырғызу", "Субботник: көшелерді тазалау", "Ойын алаңын жөндеу", "Қоқыс жәшіктерін орнату",
         "Гүлзар жасау", "Жаяу жүргіншілер жолын жөндеу", "Арықтарды тазалау"]


def build(ctx) -> None:
    today = timezone.localdate()
    rng = ctx.rng
    for community in ctx.communities:
        households, seen = [], {}
        for resident in Resident.objects.filter(community=community).order_by("birth_date").only(
                "id", "address", "settlement_id"):
            if resident.address in seen:
                seen[resident.address].members += 1
                continue
            household = Household(community=community, settlement_id=resident.settlement_id,
                                  book_number=f"{len(households) + 1:04d}", address=resident.address, head=resident,
                                  members=1, cattle=rng.choice([0, 0, 1, 2, 4, 8]), sheep_goats=rng.choice([0, 3, 10]),
                                  horses=rng.choice([0, 0, 1, 3]), poultry=rng.choice([0, 10, 25]),
                                  plot_ha=rng.choice(["0.10", "0.15", "0.25"]))
            seen[resident.address] = household
            households.append(household)
        Household.objects.bulk_create(households, batch_size=1000)
        settlements = list(community.settlements().order_by("code")) or [None]
        MunicipalProperty.objects.bulk_create([
            MunicipalProperty(community=community, settlement=settlements[i % len(settlements)], name=name, kind=kind,
                              inventory_number=f"ИН-{i + 1:03d}", book_value=rng.randint(1, 90) * 500_000,
                              document_state=rng.choice(["registered", "registered", "in_progress", "none"]))
            for i, (name, kind) in enumerate(PROPERTY)])
        articles = FineArticle.values
        AdministrativeFine.objects.bulk_create([
            AdministrativeFine(community=community, settlement=settlements[i % len(settlements)], number=f"АП-{i + 1}",
                               article=rng.choice(articles), issued_on=today - timedelta(days=rng.randint(1, 200)),
                               amount=rng.choice([3932, 7864, 19660]), status=rng.choice(["issued", "paid", "paid"]))
            for i in range(rng.randint(6, 16))])
        for fine in AdministrativeFine.objects.filter(community=community, status="paid"):
            fine.paid = fine.amount
            fine.save(update_fields=["paid"])
        TradePlace.objects.bulk_create([
            TradePlace(community=community, settlement=settlements[0], number=str(i + 1), location="Орталық алаң",
                       kind=rng.choice(["дүңгіршек", "сауда орны", "көшпелі сауда"]), area_m2=rng.choice([4, 6, 12]),
                       holder=rng.choice(["", "ЖК «Нұр»", "ЖК «Береке»"]),
                       permit_until=today + timedelta(days=rng.randint(-30, 300)), monthly_fee=rng.choice([5000, 8000]))
            for i in range(8)])
        LandscapingTask.objects.bulk_create([
            LandscapingTask(community=community, settlement=settlements[i % len(settlements)], title=title,
                            responsible="Әкім аппараты", due_on=today + timedelta(days=rng.randint(-20, 60)),
                            status=rng.choice(["planned", "in_progress", "done"]), cost=rng.randint(1, 30) * 100_000)
            for i, title in enumerate(TASKS)])
    ctx.say("Workplace books: households, property, fines, trade places, landscaping tasks")
