"""A scratch PostgreSQL database for a benchmark: created fresh before it, dropped after it.

Shared by the benchmarks that need PostgreSQL; refuses the databases the test suite uses.
"""

from __future__ import annotations

from urllib.parse import urlparse

SHARED_DATABASES = {"test", "test_test"}


def _admin_connection(url: str):
    import psycopg

    parts = urlparse(url)
    connection = psycopg.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
                                 password=parts.password, dbname="postgres", autocommit=True)
    return connection, parts.path.lstrip("/")


def create_database(url: str) -> None:
    connection, name = _admin_connection(url)
    if name in SHARED_DATABASES:
        raise SystemExit("refusing to use a shared database; point the benchmark's URL at a scratch one")
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    from django.db import connections

    connections.close_all()
    connection, name = _admin_connection(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
