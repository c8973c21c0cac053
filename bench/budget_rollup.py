"""Benchmark of the budget roll-ups on PostgreSQL, bounded in time (a few minutes on 2 cores).

Creates a scratch database (``auyl_bench_budget_rollup``, or BENCH_DATABASE_URL), generates the whole country:
17 oblasts, 170 districts, 2,337 communities, each with a budget in force for 5 years (2021–2025) carrying
every revenue code and every programme for its three years (~1.15 million plan rows, written with COPY), then
measures:

* ``build_s``: ``services.rebuild_rollups`` for the 5 years (country, oblasts, districts, communities);
* ``national_ms``: the national indicators page (``/budget/indicators/?year=2025``) rendered through Django,
  median of 15 requests (target < 300 ms);
* ``oblast_ms``: one oblast's indicators page (``/budget/indicators/59/?year=2025``), median of 15.

    python bench/budget_rollup.py

The last printed line is one JSON object with the figures.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _scratch_db import create_database, drop_database  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/auyl_bench_budget_rollup")
OBLASTS = ["10", "11", "15", "19", "23", "27", "31", "33", "35", "39", "43", "47", "51", "55", "59", "61", "63"]
DISTRICTS_PER_OBLAST, COMMUNITIES, YEARS, REPEAT = 10, 2337, [2021, 2022, 2023, 2024, 2025], 15
TIME_LIMIT_S = 900


def make_country(rng: random.Random) -> list:
    """Oblasts, districts and 2,337 communities with log-normal populations (median ≈ 3,000)."""
    from auyl.territory.models import Community, Kind, Level, Territory

    def unit(code, level, kind, parent, prefix):
        return Territory(code=code, level=level, kind=kind, type_code=2, name_kk=f"Бірлік {code}",
                         name_ru=f"Единица {code}", parent=parent, prefix=prefix, kato_version="bench")

    oblasts = Territory.objects.bulk_create([unit(f"{ab}0000000", Level.OBLAST, Kind.OBLAST, None, ab)
                                             for ab in OBLASTS])
    districts = Territory.objects.bulk_create([
        unit(f"{o.prefix}{20 + d:02d}00000", Level.DISTRICT, Kind.DISTRICT, o, f"{o.prefix}{20 + d:02d}")
        for o in oblasts for d in range(DISTRICTS_PER_OBLAST)])
    units = [unit(f"{districts[i % len(districts)].prefix}{20 + i // len(districts):02d}000", Level.SUB_DISTRICT,
                  Kind.RURAL_OKRUG, districts[i % len(districts)],
                  f"{districts[i % len(districts)].prefix}{20 + i // len(districts):02d}") for i in range(COMMUNITIES)]
    units = Territory.objects.bulk_create(units, batch_size=1000)
    by_id = {o.pk: o for o in oblasts}
    return Community.objects.bulk_create([
        Community(territory=t, district=t.parent, oblast=by_id[t.parent.parent_id], kind=Kind.RURAL_OKRUG,
                  population=int(min(15000, max(500, rng.lognormvariate(8.0, 0.6)))), is_active=True)
        for t in units], batch_size=1000)


def make_budgets(communities: list, rng: random.Random) -> int:
    """A budget in force for every community and year, every code and programme for its three years."""
    from django.db import connection

    from auyl.budget.models import Budget, BudgetVersion, ProgrammeCode, RevenueCode, SpendingLine, State

    codes = list(RevenueCode.objects.values_list("pk", "code"))
    programmes = list(ProgrammeCode.objects.values_list("pk", flat=True))
    lines = SpendingLine.objects.bulk_create(
        [SpendingLine(community=c, programme_id=p) for c in communities for p in programmes], batch_size=5000)
    lines_of: dict[int, list[int]] = {}
    for line in lines:
        lines_of.setdefault(line.community_id, []).append(line.pk)
    budgets = Budget.objects.bulk_create([Budget(community=c, first_year=y) for c in communities for y in YEARS],
                                         batch_size=5000)
    versions = BudgetVersion.objects.bulk_create(
        [BudgetVersion(budget=b, number=1, state=State.CLOSED if b.first_year < YEARS[-1] else State.IN_EXECUTION,
                       assembly_reference="№ 1", maslikhat_reference="№ 1") for b in budgets], batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE budget_budget b SET in_force_id = v.id FROM budget_budgetversion v "
                       "WHERE v.budget_id = b.id")
    rows = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy("COPY budget_revenueplan (version_id, code_id, year, amount) FROM STDIN") as copy:
            for budget, version in zip(budgets, versions, strict=True):
                total = rng.randrange(60_000, 200_000) * 1000
                own = total * rng.uniform(0.03, 0.15)
                for offset in range(3):
                    for pk, code in codes:
                        share = 0.85 if code == "402303" else 0.15 if code[0] == "4" else 1 / (len(codes) - 3)
                        base = own if code[0] != "4" else total - own
                        copy.write_row((version.pk, pk, budget.first_year + offset,
                                        Decimal(base * share).quantize(Decimal("0.01"))))
                        rows += 1
        with cursor.cursor.copy("COPY budget_expenditureplan (version_id, line_id, year, amount) FROM STDIN") as copy:
            for budget, version in zip(budgets, versions, strict=True):
                mine = lines_of[budget.community_id]
                for offset in range(3):
                    for line in mine:
                        copy.write_row((version.pk, line, budget.first_year + offset,
                                        Decimal(rng.randrange(1_000, 20_000) * 1000)))
                        rows += 1
        cursor.execute("ANALYZE")
    return rows


def median_ms(client, path: str) -> float:
    assert client.get(path).status_code == 200  # warm-up (and a check that the page renders)
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return round(statistics.median(timings), 1)


def main() -> None:
    started = time.perf_counter()
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("AUYL_DATA_DIR", tempfile.mkdtemp(prefix="auyl-bench-budget-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "auyl.settings"
    create_database(URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from auyl.budget import services
    from auyl.budget.models import Rollup

    try:
        call_command("migrate", verbosity=0)
        rng = random.Random(2337)
        communities = make_country(rng)
        rows = make_budgets(communities, rng)
        generated_s = time.perf_counter() - started
        print(f"generated {len(communities)} communities, {rows} plan rows in {generated_s:.0f} s", flush=True)
        build_started = time.perf_counter()
        for year in YEARS:
            services.rebuild_rollups(year)
        build_s = round(time.perf_counter() - build_started, 1)
        national = Rollup.objects.get(prefix="", year=YEARS[-1])
        assert national.communities == COMMUNITIES and national.own_growth is not None
        client = Client()
        national_ms = median_ms(client, f"/budget/indicators/?year={YEARS[-1]}")
        oblast_ms = median_ms(client, f"/budget/indicators/59/?year={YEARS[-1]}")
        if time.perf_counter() - started > TIME_LIMIT_S:
            print(f"warning: the benchmark took longer than {TIME_LIMIT_S} s", flush=True)
        result = {"communities": COMMUNITIES, "years": len(YEARS), "plan_rows": rows,
                  "rollup_rows": Rollup.objects.count(), "build_s": build_s, "national_ms": national_ms,
                  "oblast_ms": oblast_ms, "national_target_ms": 300,
                  "self_sufficiency_2025": str(national.self_sufficiency)}
    finally:
        drop_database(URL)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
