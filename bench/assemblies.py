"""Benchmark of a gathering on PostgreSQL, bounded in time (a few minutes on a busy 2-core machine).

Creates a scratch database (``auyl_bench_assemblies``, or DATABASE_URL), a community of 3,000 adult members,
and a gathering in session, then measures:

* ``quorum_ms``: counting the electorate (adult, registered, not excluded) and the live quorum;
* ``attend_per_s`` and ``attend_p95_ms``: registering 400 people present from 8 parallel connections through
  ``services.register_attendance`` (entitlement check, unique constraint, audit entry); the count must be exact;
* ``duplicate_storm_ok``: one person registered from 16 connections at once is present once;
* ``decision_race_ok``: 16 connections recording the vote on one item leave exactly one decision;
* ``minutes_pdf_ms`` and ``minutes_pdf_kb``: rendering the signed minutes with the list of 400 names;
* ``minutes_page_kb``: the public minutes page (counts per settlement, no names).

    python bench/assemblies.py

The last printed line is one JSON object with the figures.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _scratch_db import create_database, drop_database  # noqa: E402

URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/auyl_bench_assemblies")
MEMBERS, PRESENT, THREADS = 3000, 400, 8
TIME_LIMIT_S = 600
SERIALS = itertools.count(1)


def make_members(community, count: int) -> list:
    """Adult residents of the registry, created in bulk (valid IINs, fictional people)."""
    from auyl.people import crypto
    from auyl.people.iin import make_iin
    from auyl.people.models import Resident

    settlements = list(community.settlements())
    residents = []
    while len(residents) < count:
        serial = next(SERIALS)
        born = date(1950, 1, 1) + timedelta(days=serial % 18000)
        iin = make_iin(born, "MF"[serial % 2], serial % 10000)
        if iin is None:
            continue
        residents.append(Resident(
            community=community, settlement=settlements[serial % len(settlements)], iin_hash=crypto.lookup_hash(iin),
            iin_encrypted="", iin_last4=iin[-4:], last_name="Бенчмарков", first_name=f"Тұрғын{serial}",
            birth_date=born, sex="MF"[serial % 2]))
    return Resident.objects.bulk_create(residents, batch_size=1000)


def parallel(calls, threads: int, expected_refusals: tuple[str, ...] = ()) -> list[float]:
    """Run the calls on ``threads`` worker threads (one connection each); returns each call's seconds."""
    from django.core.exceptions import ValidationError
    from django.db import connection

    queue, timings, lock = list(calls), [], threading.Lock()

    def worker():
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    call = queue.pop()
                started = time.perf_counter()
                try:
                    call()
                except ValidationError as error:  # a refusal is an outcome here, not a crash
                    if error.code not in expected_refusals:
                        raise
                timings.append(time.perf_counter() - started)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return timings


def main() -> dict:
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "auyl.settings")
    os.environ.setdefault("AUYL_DATA_DIR", "/tmp/auyl-bench-assemblies")
    create_database(URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from auyl.assemblies import minutes, selectors, services
    from auyl.assemblies.models import Attendance, Decision, Meeting
    from auyl.core.roles import Role
    from auyl.core.testing import make_tree, make_user

    deadline = time.monotonic() + TIME_LIMIT_S
    try:
        call_command("migrate", verbosity=0)
        tree = make_tree()
        residents = make_members(tree.home, MEMBERS)
        staff = make_user("bench-staff", role=Role.STAFF, territory=tree.home.territory)
        gathering = services.ensure_gathering(tree.home)
        meeting = services.convene(staff, gathering, starts_at=timezone.now() + timedelta(days=11), place="Клуб",
                                   items=[services.ItemInput("Бенчмарк мәселесі")])
        services.publish_notice(staff, meeting)
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now())
        meeting = services.open_meeting(staff, Meeting.objects.get(pk=meeting.pk), chair_name="Төраға",
                                        secretary_name="Хатшы")

        started = time.perf_counter()
        state = selectors.quorum(Meeting.objects.get(pk=meeting.pk))
        quorum_ms = (time.perf_counter() - started) * 1000
        entitled = selectors.entitled(gathering).count()
        assert entitled == MEMBERS and state.needed == MEMBERS // 10

        started = time.perf_counter()
        timings = parallel([(lambda r=r: services.register_attendance(staff, meeting, r))
                            for r in residents[:PRESENT]], THREADS)
        elapsed = time.perf_counter() - started
        present = Attendance.objects.filter(meeting=meeting).count()
        assert present == PRESENT, f"{present} present, {PRESENT} expected"
        if time.monotonic() > deadline:
            raise SystemExit("time limit reached")

        storm = residents[PRESENT]
        parallel([lambda: services.register_attendance(staff, meeting, storm)] * 16, 16, ("duplicate",))
        storm_ok = Attendance.objects.filter(meeting=meeting, resident=storm).count() == 1

        item = meeting.items.get()
        parallel([lambda: services.record_decision(staff, item, votes_for=300, votes_against=50, votes_abstain=10,
                                                   text="Қабылдансын")] * 16, 16, ("decided",))
        decision_ok = Decision.objects.filter(item=item).count() == 1

        services.close_meeting(staff, meeting)
        services.sign_minutes(staff, meeting)
        meeting = services.publish_minutes(staff, meeting)
        started = time.perf_counter()
        pdf = minutes.render_pdf(minutes.build(meeting, "kk", full=True))
        pdf_ms = (time.perf_counter() - started) * 1000
        page = Client(HTTP_HOST="127.0.0.1").get(f"/assemblies/meeting/{meeting.pk}/minutes/?lang=ru")
        assert page.status_code == 200 and "Тұрғын1" not in page.content.decode()
        return {
            "members": MEMBERS, "present": present + 1, "quorum_ms": round(quorum_ms, 1),
            "attend_per_s": round(PRESENT / elapsed, 1),
            "attend_p95_ms": round(statistics.quantiles(timings, n=20)[18] * 1000, 1),
            "duplicate_storm_ok": storm_ok, "decision_race_ok": decision_ok,
            "minutes_pdf_ms": round(pdf_ms, 1), "minutes_pdf_kb": round(len(pdf) / 1024, 1),
            "minutes_page_kb": round(len(page.content) / 1024, 1),
        }
    finally:
        drop_database(URL)


if __name__ == "__main__":
    figures = main()
    print(json.dumps(figures))
