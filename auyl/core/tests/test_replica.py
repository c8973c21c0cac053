"""Anonymous reads go to the replica when one is configured; everything else stays on the primary."""

from auyl.core.db import ReplicaRouter, use_replica


def test_router_follows_the_request_flag():
    router = ReplicaRouter()
    assert router.db_for_read(None) == "default"
    token = use_replica.set(True)
    try:
        assert router.db_for_read(None) == "replica"
        assert router.db_for_write(None) == "default"
    finally:
        use_replica.reset(token)
    assert router.allow_migrate("replica", "core") is False


def test_middleware_flags_only_anonymous_reads(rf, settings):
    from django.contrib.auth.models import AnonymousUser

    from auyl.core.middleware import ReplicaForAnonymousReadsMiddleware

    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}
    seen = []
    middleware = ReplicaForAnonymousReadsMiddleware(lambda request: seen.append(use_replica.get()))
    for method, user in [("GET", AnonymousUser()), ("POST", AnonymousUser()), ("GET", type("U", (), {
            "is_authenticated": True})())]:
        request = getattr(rf, method.lower())("/")
        request.user = user
        middleware(request)
    assert seen == [True, False, False]
    assert use_replica.get() is False
