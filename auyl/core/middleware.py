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


class RejectNulBytesMiddleware:
    """A NUL byte in the path, a parameter or a form/JSON body is never meaningful and PostgreSQL text cannot hold
    it: answer 400 before any view runs (found by the OpenAPI fuzzing on PostgreSQL). File uploads (multipart)
    are binary and not inspected."""

    NUL = "\x00"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import HttpResponseBadRequest

        if self._has_nul(request):
            return HttpResponseBadRequest("NUL bytes are not allowed in a request.")
        return self.get_response(request)

    def _has_nul(self, request) -> bool:
        if self.NUL in request.path or self._in_query(request.GET):
            return True
        content_type = request.content_type or ""
        if content_type == "application/x-www-form-urlencoded":
            return self._in_query(request.POST)
        if content_type.endswith("json"):
            return b"\\u0000" in request.body.lower() or self.NUL.encode() in request.body
        return False

    def _in_query(self, query) -> bool:
        return any(self.NUL in key or any(self.NUL in v for v in values) for key, values in query.lists())
