"""Querysets compiled to SQL once, for the look-ups every request runs.

Building a Django query (filters, joins, SQL text) costs more CPU than the database spends answering a look-up
by key. On the paths that run on every request (the session's user) or on every ballot (is this resident
admitted?) the SQL is kept and run again with another value in one placeholder, marked ``SLOT`` when compiling.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.models import QuerySet

SLOT = -7_000_000_003  # an id no row has: marks the value that changes between runs


class CompiledQuery:
    """``queryset`` as SQL, run with ``SLOT`` replaced; rows come back converted as the ORM converts them."""

    def __init__(self, queryset: QuerySet) -> None:
        self.model, self.db = queryset.model, queryset.db
        compiler = queryset.query.get_compiler(self.db)
        self.sql, params = compiler.as_sql()
        if list(params).count(SLOT) != 1:
            raise ValueError("the queryset must use SLOT exactly once")
        self.params, self.slot = list(params), list(params).index(SLOT)
        columns = [column for column, _, _ in compiler.select]
        self.converters = list(compiler.get_converters(columns).items())
        self.attnames = [column.target.attname if hasattr(column, "target") else None for column in columns]

    def rows(self, value: Any) -> list[tuple]:
        params = self.params.copy()
        params[self.slot] = value
        connection = connections[self.db]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if not self.converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for position, (functions, expression) in self.converters:
                for convert in functions:
                    row[position] = convert(row[position], expression, connection)
            converted.append(tuple(row))
        return converted

    def instances(self, value: Any) -> list:
        """The rows as model instances (for querysets of whole model rows)."""
        return [self.model.from_db(self.db, self.attnames, row) for row in self.rows(value)]

    def instance(self, value: Any):
        """The model instance of the first row, or None."""
        found = self.instances(value)
        return found[0] if found else None
