"""The ``auyl`` console command: everything a person runs (serve, demo, import, tally, evaluate, …).

Domain command groups (``pb``, ``ai``, …) register themselves through ``add_parser(subparsers)`` in their
package's ``cli`` module; Django management commands stay reachable through ``auyl manage``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# Command groups provided by packages: (module, description). Pure ones do not start Django.
GROUPS = ["auyl.pb.cli", "auyl.text.cli"]


def _django(*argv: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "auyl.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["auyl", *argv])


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "auyl.settings")
    import django

    django.setup()


def cmd_serve(args: argparse.Namespace) -> int:
    """Prepare the database (migrate, KATO, demo unless refused) and run the web server."""
    _django("migrate", "--no-input", "-v", "0")
    if not args.no_demo:
        _setup_django()
        from auyl.demo.build import build_demo, demo_exists

        if not demo_exists():
            print("Building the demo data (first run only)…", flush=True)
            build_demo(stdout=sys.stdout)
    address = f"{args.host}:{args.port}"
    if args.gunicorn:
        from gunicorn.app.wsgiapp import run

        sys.argv = ["gunicorn", "auyl.wsgi:application", "--bind", address, "--workers", str(args.workers)]
        run()
        return 0
    print(f"Auyl runs on http://{address}/ (Ctrl+C stops it)", flush=True)
    _django("runserver", "--noreload", address)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _django("migrate", "--no-input", "-v", "0")
    _setup_django()
    from auyl.demo.build import build_demo

    build_demo(stdout=sys.stdout, residents_per_community=args.residents)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    if args.what == "kato":
        _django("import_kato", *(["--file", args.file] if args.file else []))
    else:
        if not args.file:
            print("auyl import residents needs a FILE", file=sys.stderr)
            return 2
        _django("import_residents", args.file)
    return 0


def cmd_verify_audit(args: argparse.Namespace) -> int:
    _django("verify_audit")
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """A queue worker (needs AUYL_QUEUE=rq and REDIS_URL). Jobs run in the worker's own process: forking a process
    and opening a database connection for each job cost more than the short jobs (chaining a vote log) themselves.
    The worker also runs the scheduler that queues deferred jobs when they are due (one per queue among all
    workers, checking every second)."""
    os.environ.setdefault("AUYL_QUEUE", "rq")
    _django("rqworker", "default", "--job-class", "django_tasks_rq.Job", "--worker-class", "rq.worker.SimpleWorker",
            "--with-scheduler")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _django(*args.rest)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="auyl", description="Auyl: platform for rural local self-government")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the platform (SQLite and demo data by default)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", default="8000")
    serve.add_argument("--no-demo", action="store_true", help="do not build the demo data")
    serve.add_argument("--gunicorn", action="store_true", help="serve with gunicorn (production)")
    serve.add_argument("--workers", type=int, default=3 * (os.cpu_count() or 1),
                       help="gunicorn's sync workers; about 3 per core, as requests wait on the database")
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser("demo", help="build the demo data on top of the real KATO classifier")
    demo.add_argument("--residents", type=int, default=None, help="residents per demo community")
    demo.set_defaults(func=cmd_demo)

    imp = sub.add_parser("import", help="import reference data and registries")
    imp.add_argument("what", choices=["kato", "residents"])
    imp.add_argument("file", nargs="?", help="the file (KATO: default is the shipped copy)")
    imp.set_defaults(func=cmd_import)

    sub.add_parser("verify-audit", help="verify the hash-chained audit log").set_defaults(func=cmd_verify_audit)
    sub.add_parser("worker", help="run a background-queue worker (Redis)").set_defaults(func=cmd_worker)

    manage = sub.add_parser("manage", help="any Django management command", add_help=False)
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)

    for module_name in GROUPS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name and module_name.startswith(error.name):
                continue  # that package is not built yet
            raise
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
