"""Brute-force protection for log-in and one-time codes: count failures per key in the cache, lock out."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from auyl.people.crypto import lookup_hash


def _key(scope: str, identity: str) -> str:
    # Hash the identity: usernames are phone numbers or e-mails, which must not sit in the cache in clear.
    return f"throttle:{scope}:{lookup_hash(identity.lower())[:32]}"


def is_locked(scope: str, identity: str) -> bool:
    return cache.get(_key(scope, identity), 0) >= settings.AUYL_LOGIN_MAX_FAILURES


def record_failure(scope: str, identity: str) -> int:
    key = _key(scope, identity)
    cache.add(key, 0, timeout=settings.AUYL_LOCKOUT_SECONDS)
    try:
        failures = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=settings.AUYL_LOCKOUT_SECONDS)
        failures = 1
    cache.touch(key, settings.AUYL_LOCKOUT_SECONDS)
    return failures


def reset(scope: str, identity: str) -> None:
    cache.delete(_key(scope, identity))


def lockout_minutes() -> int:
    return max(1, settings.AUYL_LOCKOUT_SECONDS // 60)
