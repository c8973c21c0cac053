"""How a session becomes a user on every request."""

from __future__ import annotations

from django.contrib.auth import backends
from django.core.exceptions import ValidationError
from django.db import router

from auyl.core.compiled import SLOT, CompiledQuery
from auyl.people.models import User


class ModelBackend(backends.ModelBackend):
    """Django's model backend, with the per-request look-up of the session's user compiled to SQL once per
    process and database (the ORM spent more CPU building that query than the database spent answering it)."""

    _by_pk: dict[str, CompiledQuery] = {}

    def get_user(self, user_id):
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        db = router.db_for_read(User)
        query = self._by_pk.get(db)
        if query is None:
            query = self._by_pk[db] = CompiledQuery(User._default_manager.db_manager(db).filter(pk=SLOT))
        user = query.instance(pk)
        return user if user is not None and self.user_can_authenticate(user) else None
