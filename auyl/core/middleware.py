"""Request middleware of the core."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation.trans_real import parse_accept_lang_header

SUPPORTED = {code for code, _ in settings.LANGUAGES}


class DefaultLanguageMiddleware:
    """A first visit whose browser asks for none of Kazakh, Russian or English is served in Kazakh.

    Runs before Django's LocaleMiddleware; a language chosen with the switcher (cookie) always wins.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            asked = parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
            if not any(code.split("-")[0] in SUPPORTED for code, _ in asked):
                request.META["HTTP_ACCEPT_LANGUAGE"] = settings.AUYL_DEFAULT_LANGUAGE
        return self.get_response(request)


class ReplicaForAnonymousReadsMiddleware:
    """Anonymous GET requests (public pages) read from the replica when DATABASE_REPLICA_URL is set.

    Logged-in users and every write stay on the primary, so nobody reads their own change from a lagging copy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from auyl.core.db import use_replica

        anonymous_read = request.method in ("GET", "HEAD") and not request.user.is_authenticated
        token = use_replica.set(anonymous_read and "replica" in settings.DATABASES)
        try:
            return self.get_response(request)
        finally:
            use_replica.reset(token)
