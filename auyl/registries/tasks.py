"""Background refresh of registry copies (a slow or dead source never holds up a page)."""

from django_tasks import task


@task()
def refresh_source(source: str, community_id: int) -> str:
    from auyl.registries.services import refresh
    from auyl.territory.models import Community

    community = Community.objects.select_related("territory").get(pk=community_id)
    status = refresh(source, community)
    return "ok" if status.unavailable_since is None else "unavailable"
