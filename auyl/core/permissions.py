"""One permission layer for pages, API and services: ``can(user, action, obj)``.

Rules are composed predicates (as in adhocracy4 / django-rules), registered per subject and action by each
domain app in its ``rules.py``. A subject is a model's ``app_label.model_name``. Role predicates are scoped:
a role held in a territory covers that territory and everything below it (KATO prefix), so an akim of one
okrug never reaches another okrug's data.

Objects tell their territory through a ``permission_scope`` attribute: the 9-digit KATO code they belong to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied

from auyl.core.roles import Action, Role


class Predicate:
    """A yes/no question about (user, object) that composes with ``&``, ``|`` and ``~``."""

    def __init__(self, test: Callable[[Any, Any], bool], name: str) -> None:
        self.test, self.name = test, name

    def __call__(self, user: Any, obj: Any) -> bool:
        return bool(self.test(user, obj))

    def __and__(self, other: Predicate) -> Predicate:
        return Predicate(lambda u, o: self(u, o) and other(u, o), f"({self.name} & {other.name})")

    def __or__(self, other: Predicate) -> Predicate:
        return Predicate(lambda u, o: self(u, o) or other(u, o), f"({self.name} | {other.name})")

    def __invert__(self) -> Predicate:
        return Predicate(lambda u, o: not self(u, o), f"~{self.name}")

    def __repr__(self) -> str:
        return f"<Predicate {self.name}>"


def predicate(func: Callable[[Any, Any], bool]) -> Predicate:
    return Predicate(func, func.__name__)


always = Predicate(lambda u, o: True, "always")
never = Predicate(lambda u, o: False, "never")


def scope_of(obj: Any) -> str | None:
    """The KATO code an object belongs to, or None for objects that belong to no territory."""
    if obj is None:
        return None
    if isinstance(obj, str):
        return obj
    scope = getattr(obj, "permission_scope", None)
    return scope() if callable(scope) else scope


def role_scopes(user: Any) -> list[tuple[str, str]]:
    """(role, KATO prefix) pairs of the user's active roles, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_auyl_role_scopes", None)
    if cached is None:
        from auyl.people.selectors import active_role_scopes

        cached = active_role_scopes(user)
        user._auyl_role_scopes = cached
    return cached


def has_role(*roles: str, anywhere: bool = False) -> Predicate:
    """The user holds one of ``roles`` in a territory that covers the object (or anywhere, if asked)."""
    wanted = {str(r) for r in roles}

    def test(user: Any, obj: Any) -> bool:
        scopes = [prefix for role, prefix in role_scopes(user) if role in wanted]
        if not scopes:
            return False
        if anywhere:
            return True
        code = scope_of(obj)
        if code is None:
            return False
        return any(code.startswith(prefix) for prefix in scopes)

    return Predicate(test, "has_role(" + ",".join(sorted(wanted)) + ")")


@predicate
def is_authenticated(user: Any, obj: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@predicate
def is_platform_admin(user: Any, obj: Any) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(role == Role.ADMIN for role, _ in role_scopes(user))


@predicate
def is_public(user: Any, obj: Any) -> bool:
    """Published objects say so with ``is_public``; objects without the attribute are not public."""
    value = getattr(obj, "is_public", False)
    return bool(value() if callable(value) else value)


def attribute_is_user(attr: str) -> Predicate:
    """The object's ``attr`` (a user foreign key) is the requesting user: authorship checks."""

    def test(user: Any, obj: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and getattr(obj, f"{attr}_id", None) == user.pk

    return Predicate(test, f"is_{attr}")


_RULES: dict[tuple[str, str], Predicate] = {}


def subject_of(obj: Any) -> str:
    explicit = getattr(obj, "permission_subject", None)
    if explicit:
        return explicit
    meta = getattr(obj, "_meta", None)
    if meta is None:
        raise TypeError(f"cannot tell the permission subject of {obj!r}")
    return meta.label_lower


def register(subject: str, actions: Iterable[str] | str, rule: Predicate) -> None:
    """Declare who may do ``actions`` on ``subject``. Administrators may always act; nobody else by default."""
    for action in [actions] if isinstance(actions, str) else actions:
        if action not in Action.values:
            raise ValueError(f"unknown action {action!r}")
        _RULES[(subject, action)] = rule


def rule_for(subject: str, action: str) -> Predicate:
    return _RULES.get((subject, action), never)


def registered_subjects() -> list[str]:
    return sorted({subject for subject, _ in _RULES})


def can(user: Any, action: str, obj: Any, *, subject: str | None = None) -> bool:
    """May ``user`` do ``action`` on ``obj``? ``obj`` may be a model instance, or a KATO code with ``subject``
    given (for ``create`` in a territory where no instance exists yet)."""
    subject = subject or subject_of(obj)
    # The rule first: a resident's everyday action (a ballot, a signature) then needs no look-up of roles.
    return rule_for(subject, action)(user, obj) or is_platform_admin(user, obj)


def require(user: Any, action: str, obj: Any, *, subject: str | None = None) -> None:
    """Raise PermissionDenied unless :func:`can` allows it: services call this before changing anything."""
    if not can(user, action, obj, subject=subject):
        raise PermissionDenied
