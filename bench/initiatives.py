"""Benchmark of signatures and poll counting on PostgreSQL, bounded in time (a few minutes on a busy 2-core machine).

Creates a scratch database (``auyl_bench_initiatives``, or DATABASE_URL), a community of 3,000 adult members
with accounts, then measures:

* ``sign_per_s`` and ``sign_p95_ms``: 600 residents signing one initiative from 8 parallel connections through
  ``services.sign`` (row lock, unique constraint, hash-chained log, audit entry); the count must come out exact;
* ``duplicate_storm_ok``: one resident signing from 16 connections at once leaves exactly one signature;
* ``verify_log_ms``: recomputing the initiative's 600-entry hash chain;
* ``publish_10k_ms``: counting and publishing a 4-question poll with 10,000 ballots (recount + turnout), and
  ``result_equals_recount``.

    python bench/initiatives.py

The last printed line is one JSON object with the figures.
"""

from __future__ import annotations

import itertools
import json
import os
import random
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

URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/auyl_bench_initiatives")
MEMBERS, SIGNERS, THREADS, BALLOTS = 3000, 600, 8, 10_000
TIME_LIMIT_S = 600
SERIALS = itertools.count(1)


def make_members(community, count: int) -> list:
    """Adult residents with verified accounts, created in bulk (valid IINs, fictional people)."""
    from auyl.core.roles import Role
    from auyl.people import crypto
    from auyl.people.iin import make_iin
    from auyl.people.models import Resident, RoleAssignment, User

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
            iin_encrypted="", iin_last4=iin[-4:], last_name="Бенчмарков", first_name="Тест", birth_date=born,
            sex="MF"[serial % 2]))
    residents = Resident.objects.bulk_create(residents, batch_size=1000)
    users = User.objects.bulk_create([User(username=f"bench-{r.pk}", resident=r, contact_confirmed=True,
                                           password="!") for r in residents], batch_size=1000)
    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role=Role.RESIDENT, territory=community.territory)
                                        for u in users], batch_size=1000)
    return users


def parallel(calls, threads: int) -> list[float]:
    """Run the calls on ``threads`` worker threads (one connection each); returns each call's seconds."""
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
                except Exception as error:  # a refusal is an outcome here, not a crash
                    if getattr(error, "code", None) not in ("already_signed",):
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


def store_ballots(poll, residents, rng: random.Random) -> None:
    from auyl.initiatives.models import Answer, Ballot, QuestionKind

    questions = list(poll.questions.prefetch_related("options"))
    ballots = Ballot.objects.bulk_create([Ballot(poll=poll, resident=r, settlement_id=r.settlement_id)
                                          for r in residents], batch_size=2000)
    answers = []
    for ballot in ballots:
        for question in questions:
            options = [o.pk for o in question.options.all()]
            if question.kind == QuestionKind.SINGLE:
                answers.append(Answer(ballot=ballot, question=question, option_id=rng.choice(options)))
            elif question.kind == QuestionKind.MULTIPLE:
                answers += [Answer(ballot=ballot, question=question, option_id=o) for o in rng.sample(options, 2)]
            elif question.kind == QuestionKind.RANKING:
                answers += [Answer(ballot=ballot, question=question, option_id=o, rank=i)
                            for i, o in enumerate(rng.sample(options, len(options)), start=1)]
            elif rng.random() < 0.3:
                answers.append(Answer(ballot=ballot, question=question, text="Бенчмарк пікірі"))
    Answer.objects.bulk_create(answers, batch_size=5000)


def main() -> dict:
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "auyl.settings")
    os.environ.setdefault("AUYL_DATA_DIR", "/tmp/auyl-bench-initiatives")
    create_database(URL)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from auyl.core.roles import Role
    from auyl.core.testing import make_tree, make_user
    from auyl.initiatives import selectors, services
    from auyl.initiatives.models import Initiative, Kind, Poll, QuestionKind, Signature
    from auyl.people.models import Resident

    settings.AUYL_INITIATIVE_LIMITS = {"sign": (10**6, 3600), "draft": (10**6, 3600)}
    deadline = time.monotonic() + TIME_LIMIT_S
    try:
        call_command("migrate", verbosity=0)
        tree = make_tree()
        members = make_members(tree.home, MEMBERS)
        staff = make_user("bench-staff", role=Role.STAFF, territory=tree.home.territory)
        initiative = services.draft(members[0], tree.home, kind=Kind.MASLIKHAT_PROPOSAL,
                                    title="Бенчмарк бастамасы: қол жинау жылдамдығы",
                                    text="Қол қоюдың өнімділігін өлшеу үшін жасалған бастама мәтіні.",
                                    request="Өнімділікті өлшеу", collection_days=30)
        services.submit(members[0], initiative)
        services.check_form(staff, initiative, accept=True)
        Initiative.objects.filter(pk=initiative.pk).update(threshold=10**6)  # keep collecting for the bench

        signers = members[:SIGNERS]
        started = time.perf_counter()
        timings = parallel([(lambda u=u: services.sign(u, initiative)) for u in signers], THREADS)
        elapsed = time.perf_counter() - started
        count = selectors.signature_count(initiative)
        assert count == SIGNERS, f"{count} signatures counted, {SIGNERS} expected"
        if time.monotonic() > deadline:
            raise SystemExit("time limit reached")

        storm_user = members[SIGNERS]
        parallel([lambda: services.sign(storm_user, initiative)] * 16, 16)
        storm_ok = Signature.objects.filter(initiative=initiative, resident_id=storm_user.resident_id).count() == 1

        started = time.perf_counter()
        problems = selectors.verify_signature_log(initiative)
        verify_ms = (time.perf_counter() - started) * 1000
        assert problems == [], problems

        now = timezone.now()
        poll = services.create_poll(staff, tree.home, title="Бенчмарк сауалнамасы: 10 000 жауап",
                                    opens_at=now - timedelta(hours=1), closes_at=now + timedelta(hours=1))
        services.add_question(staff, poll, text="Қолдайсыз ба?", kind=QuestionKind.SINGLE, options=["Иә", "Жоқ"])
        services.add_question(staff, poll, text="Не керек?", kind=QuestionKind.MULTIPLE,
                              options=["Жол", "Жарық", "Су", "Спорт"])
        services.add_question(staff, poll, text="Ретімен", kind=QuestionKind.RANKING,
                              options=["Мектеп", "Саябақ", "Көпір", "Клуб"])
        services.add_question(staff, poll, text="Пікір", kind=QuestionKind.TEXT)
        services.publish_poll(staff, poll)
        voters = list(Resident.objects.filter(community=tree.home).order_by("pk"))
        more = BALLOTS - len(voters)
        if more > 0:
            voters += [u.resident for u in make_members(tree.home, more)]
        store_ballots(poll, voters[:BALLOTS], random.Random(7))
        Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now())
        started = time.perf_counter()
        services.publish_results(poll.pk)
        publish_ms = (time.perf_counter() - started) * 1000
        poll.refresh_from_db()
        recount = services.recount(poll)
        equal = {key: poll.result[key] for key in recount} == recount and poll.result["ballots"] == BALLOTS
        return {
            "signatures": count,
            "threads": THREADS,
            "sign_per_s": round(SIGNERS / elapsed, 1),
            "sign_p50_ms": round(statistics.median(timings) * 1000, 1),
            "sign_p95_ms": round(statistics.quantiles(timings, n=20)[18] * 1000, 1),
            "duplicate_storm_ok": storm_ok,
            "verify_log_ms": round(verify_ms, 1),
            "ballots": BALLOTS,
            "publish_10k_ms": round(publish_ms, 1),
            "result_equals_recount": equal,
        }
    finally:
        drop_database(URL)


if __name__ == "__main__":
    figures = main()
    print(json.dumps(figures))
