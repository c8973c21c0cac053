"""Benchmark: the national oversight view for every local community (~2,337) with 5 years of generated data.

Creates a scratch PostgreSQL database (``auyl_bench_oversight_rollup``, or DATABASE_URL), imports the real KATO
classifier, generates elections, terms, audits and School enrolments for 2021–2025, precomputes the figures and
renders the national view as a national observer. Prints one line of JSON last; ``national_ms`` is the median
time to render the national page from precomputed figures (target: under 500 ms).

    python bench/oversight_rollup.py
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _scratch_db import create_database, drop_database  # noqa: E402

URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/auyl_bench_oversight_rollup")
YEARS = [2021, 2022, 2023, 2024, 2025]


def main() -> dict:
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "auyl.settings")
    os.environ.setdefault("AUYL_DATA_DIR", "/tmp/auyl-bench-oversight")
    create_database(URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from auyl.core.roles import Role
    from auyl.oversight import services, synthetic
    from auyl.oversight.models import Figure
    from auyl.people.models import RoleAssignment, User
    from auyl.territory.models import Community
    from auyl.territory.services import import_kato

    try:
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        import_kato()
        communities = list(Community.objects.select_related("territory"))
        auditor = User.objects.create_user("bench-auditor", password="bench-password-1")
        counts = synthetic.generate(communities, YEARS, rng=random.Random(2026), auditor=auditor)
        generate_s = time.monotonic() - started
        refresh_started = time.monotonic()
        for year in YEARS:
            services.refresh_figures(year)
        refresh_s = time.monotonic() - refresh_started
        observer = User.objects.create_user("bench-observer", password="bench-password-1")
        RoleAssignment.objects.create(user=observer, role=Role.NATIONAL_OBSERVER)
        client = Client(HTTP_ACCEPT_LANGUAGE="ru")
        client.force_login(observer)

        def timed(url: str, runs: int = 15) -> tuple[float, int]:
            client.get(url)  # warm-up
            times, size = [], 0
            for _ in range(runs):
                t0 = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, response.status_code
                size = len(response.content)
            return statistics.median(times), size

        national_ms, national_bytes = timed("/oversight/t/kz/?year=2025&group=akims")
        ranking_ms, _ = timed("/oversight/t/kz/rank/turnout/?year=2025")
        district_ms, _ = timed(f"/oversight/t/{communities[0].code[:4]}/?year=2025&group=akims")
        return {
            "communities": len(communities), "years": len(YEARS), **counts,
            "figures": Figure.objects.count(), "generate_s": round(generate_s, 1), "refresh_s": round(refresh_s, 1),
            "national_ms": round(national_ms, 1), "national_bytes": national_bytes,
            "ranking_ms": round(ranking_ms, 1), "district_ms": round(district_ms, 1),
        }
    finally:
        drop_database(URL)


if __name__ == "__main__":
    print(json.dumps(main()))
