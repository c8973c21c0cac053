"""Routes reads of anonymous public pages to a read replica when one is configured."""

from __future__ import annotations

from contextvars import ContextVar

use_replica: ContextVar[bool] = ContextVar("use_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return "replica" if use_replica.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
