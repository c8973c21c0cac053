"""Load benchmark of ballots: gunicorn + PostgreSQL on loopback, many concurrent verified residents.

    python bench/ballots_load.py [--worker-class sync] [--workers 6] [--threads 1] [--clients 32] [--seconds 10]
                                 [--residents 1500] [--redis redis://127.0.0.1:6379/14 | --no-redis]

Creates a scratch database (``auyl_bench_ballots``, or DATABASE_URL; dropped at the end), a community with a
contest in its voting phase and verified residents with logged-in sessions; starts gunicorn on 127.0.0.1;
measures the bare ``/health/`` endpoint (the ceiling), then casts ballots through
``POST /api/v1/contests/<id>/ballot/`` from asyncio clients (every resident's first ballot, then changed
ballots). The server keeps sessions and its cache in Redis, as in production (its keys are removed at the end;
``--no-redis``: in the database and in process) and runs a queue worker (``auyl worker``) that chains the vote
log; at the end it checks that the log is whole.

gunicorn runs as ``auyl serve --gunicorn`` and docs/deployment.md run it: sync workers behind a proxy, one
connection per request (the server closes it; the clients reconnect), a worker taking a connection only when it is
free. ``--worker-class gthread --workers 4 --threads 2`` keeps connections alive instead; each connection then
stays with the worker that accepted it, and the load generator's 32 connections spread unevenly (seen: 20, 15, 8
and 4 open sockets on four workers, each count with the worker's own few database and Redis connections), which
lengthens the tail. Prints one JSON line last: ``ballots_per_s``, ``p50_ms``,
``p99_ms``, ``hello_per_s``, ``server_cpu_ms_per_ballot`` and ``hello_server_cpu_ms`` (CPU the gunicorn workers
spent per request: figures other jobs on the machine disturb less than the rates), the same for the queue
worker, the load generator itself and the whole machine (niced jobs excluded), ``db_cpu_ms_per_ballot`` (CPU of
the PostgreSQL backends serving the scratch database, when PostgreSQL runs on this machine), the 1-minute load
average before the run and at the end of the ballots (``load_during``), and details.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _scratch_db import create_database, drop_database  # noqa: E402

URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/auyl_bench_ballots")
CACHE_PREFIX = "auyl-bench-ballots"


SETUP = r"""
import json, sys
from datetime import date, timedelta
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from importlib import import_module
from django.conf import settings
from django.utils import timezone
from auyl.contests import services
from auyl.contests.models import Contest, Proposal
from auyl.core.roles import Role
from auyl.core.testing import make_tree, make_user
from auyl.people.models import Resident, RoleAssignment, User

count = int(sys.argv[1])
tree = make_tree()
staff = make_user("bench-staff", role=Role.STAFF, territory=tree.home.territory)
now = timezone.now()
day = timedelta(days=1)
contest = services.create_contest(staff, tree.home, title="Bench", budget_amount=10_000_000, max_choices=3,
                                  proposals_from=now + day, review_from=now + 2 * day, voting_from=now + 3 * day,
                                  voting_until=now + 4 * day, implementation_from=now + 5 * day)
settlement = tree.settlement()
ids = [Proposal.objects.create(contest=contest, author=staff, title=f"Project {i}", description="x",
                               settlement=settlement, location="x", estimated_cost=1_000_000,
                               final_cost=1_000_000, status="feasible").pk for i in range(6)]
Contest.objects.filter(pk=contest.pk).update(proposals_from=now - 3 * day, review_from=now - 2 * day,
                                             voting_from=now - day)
residents = Resident.objects.bulk_create([Resident(
    community=tree.home, settlement=settlement, iin_hash=f"bench{i:059d}", iin_encrypted="-", iin_last4="0000",
    last_name="Bench", first_name=str(i), birth_date=date(1980, 1, 1)) for i in range(count)], batch_size=1000)
users = [User(username=f"bench{i}", resident=r, contact_confirmed=True) for i, r in enumerate(residents)]
for user in users:
    user.set_unusable_password()
users = User.objects.bulk_create(users, batch_size=1000)
RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role=Role.RESIDENT, territory=tree.home.territory)
                                    for u in users], batch_size=1000)
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # as a log-in creates it (Redis: cached too)
sessions = []
for user in User.objects.filter(username__startswith="bench").exclude(username="bench-staff"):
    store = SessionStore()
    store[SESSION_KEY], store[BACKEND_SESSION_KEY] = str(user.pk), settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions.append(store.session_key)
print(json.dumps({"contest": contest.pk, "projects": ids, "sessions": sessions}))
"""


CHECK_LOG = r"""
import json, sys, time
import django
django.setup()
from auyl.contests import selectors
from auyl.contests.models import Contest

deadline = time.monotonic() + 30
while True:  # give the queue worker a moment for what the last ballots left waiting
    check = selectors.verify_vote_log(Contest.objects.get(pk=int(sys.argv[1])))
    if not check.waiting or time.monotonic() > deadline:
        break
    time.sleep(0.5)
print(json.dumps({"entries": check.entries, "ok": check.ok, "waiting": check.waiting}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def request(reader, writer, raw: bytes) -> tuple[int, bool]:
    """Send one request, read the whole response; returns (status, whether the connection stays open)."""
    writer.write(raw)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = {}
    for line in head.split(b"\r\n")[1:]:
        if b":" in line:
            key, value = line.split(b":", 1)
            headers[key.strip().lower()] = value.strip().lower()
    if b"content-length" in headers:
        await reader.readexactly(int(headers[b"content-length"]))
    elif headers.get(b"transfer-encoding") == b"chunked":
        while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    else:
        await reader.read()
        return status, False
    return status, headers.get(b"connection") != b"close"


async def client(port: int, jobs, deadline: float, latencies: list[float], statuses: dict) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < deadline:
            raw = jobs()
            start = time.perf_counter()
            try:
                status, keep = await request(reader, writer, raw)
            except (asyncio.IncompleteReadError, ConnectionError):
                status, keep = 0, False
            if status:
                latencies.append(time.perf_counter() - start)
                statuses[status] = statuses.get(status, 0) + 1
            if not keep:
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
    finally:
        writer.close()


async def run_load(port: int, clients: int, seconds: float, make_job) -> tuple[list[float], dict, float]:
    latencies: list[float] = []
    statuses: dict = {}
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(*(client(port, make_job(i), deadline, latencies, statuses) for i in range(clients)))
    return latencies, statuses, time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _processes():
    """(pid, parent pid, command line, CPU seconds so far) of every process (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        yield int(entry.name), int(fields[1]), command, (int(fields[11]) + int(fields[12])) / ticks


def machine_cpu_seconds() -> float:
    """CPU seconds so far of the whole machine at normal priority (/proc/stat; niced background jobs excluded)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, _nice, system, _idle, _iowait, irq, softirq = fields[:7]
    return (user + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def server_cpu_seconds(master: int) -> float:
    """CPU seconds so far of gunicorn's master and workers."""
    return sum(cpu for pid, parent, _, cpu in _processes() if master in (pid, parent))


def database_cpu_seconds() -> float:
    """CPU seconds so far of the PostgreSQL backends serving the scratch database (their process title names it)."""
    name = f" {urlparse(URL).path.lstrip('/')} "
    return sum(cpu for _, _, command, cpu in _processes() if command.startswith("postgres:") and name in command)


def services_cpu_seconds() -> dict[str, float]:
    """CPU seconds so far of Redis and of PostgreSQL's processes other than the scratch database's backends."""
    name = f" {urlparse(URL).path.lstrip('/')} "
    out = {"redis": 0.0, "postgres_other": 0.0}
    for _, _, command, cpu in _processes():
        if command.startswith("redis-server"):
            out["redis"] += cpu
        elif command.startswith("postgres") and name not in command:
            out["postgres_other"] += cpu
    return out


def forget_redis_keys(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    for pattern in (f"{CACHE_PREFIX}:*", "rq:*"):  # the benchmark's cache and queue
        for key in client.scan_iter(pattern, count=1000):
            client.delete(key)


def wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET /health/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--workers", type=int, default=6, help="3 per core: requests wait on PostgreSQL and Redis")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--residents", type=int, default=1500)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14", help="Redis for sessions and cache")
    parser.add_argument("--no-redis", dest="redis", action="store_const", const="",
                        help="sessions in the database, cache in process")
    args = parser.parse_args()

    data_dir = Path("/tmp/auyl-bench-ballots")
    data_dir.mkdir(exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "auyl.settings")
    env = {**os.environ, "DATABASE_URL": URL, "AUYL_DATA_DIR": str(data_dir), "DB_CONN_MAX_AGE": "600",
           "LOG_LEVEL": "WARNING", "REDIS_URL": args.redis, "CACHE_PREFIX": CACHE_PREFIX,
           "AUYL_QUEUE": "rq" if args.redis else "immediate"}
    load_before = os.getloadavg()[0]
    create_database(URL)
    server = worker = None
    try:
        print("migrating the scratch database…", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO, env=env, check=True)
        print(f"creating {args.residents} verified residents…", file=sys.stderr, flush=True)
        out = subprocess.run([sys.executable, "-c", SETUP, str(args.residents)], cwd=REPO, env=env, check=True,
                             capture_output=True, text=True).stdout
        setup = json.loads(out.strip().splitlines()[-1])
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "auyl.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--threads", str(args.threads), "--worker-class", args.worker_class,
             "--keep-alive", "30", "--log-level", "warning"], cwd=REPO, env=env, process_group=0)
        if args.redis:  # as in production: what a busy vote log leaves waiting is chained by a queue worker
            worker = subprocess.Popen([str(Path(sys.executable).parent / "auyl"), "worker"], cwd=REPO, env=env,
                                      process_group=0, stdout=subprocess.DEVNULL)
        wait_until_up(port)

        hello = (f"GET /health/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").encode()
        asyncio.run(run_load(port, args.clients, 2, lambda i: lambda: hello))  # warm-up
        cpu_start = server_cpu_seconds(server.pid)
        hello_lat, hello_status, hello_time = asyncio.run(
            run_load(port, args.clients, args.seconds, lambda i: lambda: hello))
        hello_cpu = server_cpu_seconds(server.pid) - cpu_start

        contest, projects, sessions = setup["contest"], setup["projects"], setup["sessions"]
        csrf = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret as token
        path = f"/api/v1/contests/{contest}/ballot/"

        def ballots_for(i: int):
            mine = sessions[i::args.clients]
            state = {"n": 0}

            def next_request() -> bytes:
                session = mine[state["n"] % len(mine)]
                state["n"] += 1
                picks = {str(p): 1 for p in projects[(state["n"] % 4):(state["n"] % 4) + 2]}
                body = json.dumps({"choices": picks}).encode()
                return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                        f"Content-Length: {len(body)}\r\nCookie: sessionid={session}; csrftoken={csrf}\r\n"
                        f"X-CSRFToken: {csrf}\r\nReferer: http://127.0.0.1:{port}/\r\n\r\n").encode() + body
            return next_request

        cpu_start, db_start = server_cpu_seconds(server.pid), database_cpu_seconds()
        worker_start = server_cpu_seconds(worker.pid) if worker else 0.0
        client_start, machine_start, services_start = time.process_time(), machine_cpu_seconds(), services_cpu_seconds()
        lat, statuses, elapsed = asyncio.run(run_load(port, args.clients, args.seconds, ballots_for))
        client_cpu, machine_cpu = time.process_time() - client_start, machine_cpu_seconds() - machine_start
        services_cpu = {k: v - services_start[k] for k, v in services_cpu_seconds().items()}
        server_cpu, db_cpu = server_cpu_seconds(server.pid) - cpu_start, database_cpu_seconds() - db_start
        worker_cpu = server_cpu_seconds(worker.pid) - worker_start if worker else 0.0
        load_during = os.getloadavg()[0]
        log = json.loads(subprocess.run([sys.executable, "-c", CHECK_LOG, str(contest)], cwd=REPO, env=env,
                                        check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(15)
        if server is not None:
            os.killpg(server.pid, signal.SIGINT)  # quick shutdown: keep-alive connections need not drain
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        drop_database(URL)
        if args.redis:
            forget_redis_keys(args.redis)
    ok = statuses.get(201, 0) + statuses.get(200, 0)
    hellos = hello_status.get(200, 0)
    result = {
        "ballots_per_s": round(ok / elapsed, 1),
        "p50_ms": round(percentile(lat, 0.50) * 1000, 1),
        "p99_ms": round(percentile(lat, 0.99) * 1000, 1),
        "hello_per_s": round(hellos / hello_time, 1),
        "hello_p99_ms": round(percentile(hello_lat, 0.99) * 1000, 1),
        "hello_server_cpu_ms": round(hello_cpu / hellos * 1000, 2) if hellos else 0.0,
        "ballots": ok, "first_ballots": statuses.get(201, 0), "errors": {str(k): v for k, v in statuses.items()
                                                                          if k not in (200, 201)},
        "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else 0.0,
        "server_cpu_ms_per_ballot": round(server_cpu / ok * 1000, 2) if ok else 0.0,
        "queue_worker_cpu_ms_per_ballot": round(worker_cpu / ok * 1000, 2) if ok else 0.0,
        "client_cpu_ms_per_ballot": round(client_cpu / ok * 1000, 2) if ok else 0.0,
        "machine_cpu_ms_per_ballot": round(machine_cpu / ok * 1000, 2) if ok else 0.0,
        **{f"{k}_cpu_ms_per_ballot": round(v / ok * 1000, 2) if ok else 0.0 for k, v in services_cpu.items()},
        "log_entries": log["entries"], "log_intact": log["ok"], "log_waiting": log["waiting"],
        "db_cpu_ms_per_ballot": round(db_cpu / ok * 1000, 2) if ok else 0.0,
        "worker_class": args.worker_class, "workers": args.workers, "threads": args.threads,
        "clients": args.clients, "seconds": args.seconds,
        "redis": bool(args.redis), "cpus": os.cpu_count(), "load_before": round(load_before, 1),
        "load_during": round(load_during, 1),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
