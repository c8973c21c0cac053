"""Benchmark: the akim's workplace page for a community of 15,000 residents on PostgreSQL.

Creates a scratch database (auyl_bench_workplace_page), fills one community with 15,000 residents, ~4,300
households, tax accounts, land plots, vehicles, 1,500 appeals and the office's books, then renders the page
as the akim repeatedly. Prints one line of JSON last: page_ms (median), queries (per page), and the sizes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/workplace_page.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

RESIDENTS = 15_000
APPEALS = 1_500
RUNS = 15
SCRATCH = "auyl_bench_workplace_page"

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _scratch_db import create_database, drop_database  # noqa: E402

server = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
if not server.scheme.startswith("postgres"):
    sys.exit("the benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
URL = urlunparse(server._replace(path=f"/{SCRATCH}"))
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("AUYL_DATA_DIR", tempfile.mkdtemp(prefix="auyl-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "auyl.settings"


def populate():
    from django.utils import timezone

    from auyl.appeals.catalogue import install_categories
    from auyl.appeals.models import Appeal, Category
    from auyl.core.roles import Role
    from auyl.core.testing import make_tree, make_user
    from auyl.people import crypto
    from auyl.people.iin import make_iin
    from auyl.people.models import Resident
    from auyl.registries.models import LandPlot, TaxAccount, Vehicle
    from auyl.workplace.models import AdministrativeFine, Household, LandscapingTask, MunicipalProperty

    tree = make_tree()
    community = tree.home
    settlements = list(community.settlements())
    token = crypto.encrypt("000000000000")  # the same ciphertext for all: encryption is not what is measured
    residents, serial = [], 0
    while len(residents) < RESIDENTS:
        serial += 1
        born = date(1940, 1, 1) + timedelta(days=serial % 30_000)
        iin = make_iin(born, "M" if serial % 2 else "F", serial)
        if iin is None:
            continue
        residents.append(Resident(community=community, settlement=settlements[serial % len(settlements)],
                                  iin_hash=f"{serial:064d}", iin_encrypted=token, iin_last4=iin[-4:],
                                  last_name="Тұрғын", first_name=str(serial), birth_date=born, sex="M",
                                  address=f"Көше {serial // 3}"))
    Resident.objects.bulk_create(residents, batch_size=2000)
    heads = list(Resident.objects.filter(community=community).values_list("id", "settlement_id")[::3])
    Household.objects.bulk_create([Household(community=community, settlement_id=s, book_number=str(i), address="x",
                                             head_id=r, members=3, cattle=i % 5) for i, (r, s) in enumerate(heads)],
                                  batch_size=2000)
    TaxAccount.objects.bulk_create([TaxAccount(community=community, settlement_id=s, holder_hash=str(r),
                                               holder_last4="0000", resident_id=r, year=2026, assessed=5000,
                                               paid=2500 * (i % 3), arrears=max(0, 5000 - 2500 * (i % 3)),
                                               tax_kind=("104102", "104302", "104402")[i % 3])
                                    for i, (r, s) in enumerate(heads * 2)], batch_size=2000)
    LandPlot.objects.bulk_create([LandPlot(community=community, settlement_id=s, cadastral_number=str(i), area_ha=0.15,
                                           purpose="housing", right="ownership", registered=i % 7 > 0, resident_id=r)
                                  for i, (r, s) in enumerate(heads)], batch_size=2000)
    Vehicle.objects.bulk_create([Vehicle(community=community, settlement_id=s, kind="car", year_made=2010)
                                 for _r, s in heads[::2]], batch_size=2000)
    for i in range(40):
        MunicipalProperty.objects.create(community=community, name=f"Объект {i}", kind="building",
                                         document_state=("registered", "none")[i % 2])
        AdministrativeFine.objects.create(community=community, number=str(i), article="505",
                                          issued_on=date.today() - timedelta(days=i), amount=3932)
        LandscapingTask.objects.create(community=community, title=f"Task {i}", due_on=date.today() + timedelta(i - 20))
    install_categories()
    categories = list(Category.objects.all())
    now, today = timezone.now(), timezone.localdate()
    Appeal.objects.bulk_create([Appeal(
        community=community, number=f"B-{i}", category=categories[i % len(categories)], subject="Су", text="Су жоқ",
        applicant_name="A", received_at=now - timedelta(days=i % 60), registered_on=today - timedelta(days=i % 60),
        due_on=today + timedelta(days=21 - i % 60), forward_by=today, deadline=today + timedelta(days=21 - i % 60),
        status=("registered", "in_progress", "answered", "answered")[i % 4]) for i in range(APPEALS)],
        batch_size=2000)
    return make_user("bench-akim", role=Role.AKIM, territory=community.territory)


def main() -> None:
    create_database(URL)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        call_command("migrate", verbosity=0)
        akim = populate()
        connection.cursor().execute("ANALYZE")
        client = Client()
        client.force_login(akim)
        assert client.get("/workplace/596644000/").status_code == 200  # warm-up
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            response = client.get("/workplace/596644000/")
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as captured:
            client.get("/workplace/596644000/")
        if os.environ.get("BENCH_VERBOSE"):
            for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:6]:
                print(query["time"], query["sql"][:160], file=sys.stderr)
        result = {"page_ms": round(statistics.median(timings), 1), "page_ms_max": round(max(timings), 1),
                  "queries": len(captured.captured_queries), "residents": RESIDENTS, "appeals": APPEALS,
                  "page_kb": round(len(response.content) / 1024, 1), "runs": RUNS}
    finally:
        drop_database(URL)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
