"""Background work: notifying the addressee, publishing poll results at the close, the periodic sweep."""

from django_tasks import task


@task()
def notify_threshold_reached(initiative_id: int) -> int:
    """Tell the addressee and authors that an initiative reached its threshold (idempotent)."""
    from auyl.initiatives.models import Initiative
    from auyl.initiatives.services import notify

    return notify(Initiative.objects.select_related("community__territory", "author").get(pk=initiative_id))


@task()
def publish_poll_results(poll_id: int) -> bool:
    from auyl.initiatives.services import publish_results

    return publish_results(poll_id)


@task()
def sweep() -> dict:
    """Run every few minutes by the operator's scheduler (`auyl manage initiatives_sweep`): close initiatives
    whose period ended and publish the results of polls that closed."""
    from auyl.initiatives.selectors import polls_due_for_results
    from auyl.initiatives.services import close_expired, publish_results

    published = sum(publish_results(pk) for pk in polls_due_for_results().values_list("pk", flat=True))
    return {"expired": close_expired(), "published": published}
