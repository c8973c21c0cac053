"""Rate limits on drafting, signing and reporting: a counter per user and scope in the cache (like
people/throttle.py). Limits can be changed with the ``AUYL_INITIATIVE_LIMITS`` setting."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# scope -> (actions allowed, per this many seconds)
DEFAULT_LIMITS = {
    "draft": (5, 24 * 3600),
    "sign": (30, 3600),
    "report": (10, 24 * 3600),
    "answer": (10, 3600),
}


def _limit(scope: str) -> tuple[int, int]:
    return {**DEFAULT_LIMITS, **getattr(settings, "AUYL_INITIATIVE_LIMITS", {})}[scope]


def hit(scope: str, user_id: int) -> None:
    """Count one action; refuse (ValidationError, nothing changed) once the user is over the limit."""
    allowed, window = _limit(scope)
    key = f"initiatives:limit:{scope}:{user_id}"
    cache.add(key, 0, timeout=window)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        used = 1
    if used > allowed:
        raise ValidationError(
            _("Too many attempts. Please try again later (at most %(n)d in %(hours)d h).")
            % {"n": allowed, "hours": max(1, window // 3600)}, code="rate_limited")
