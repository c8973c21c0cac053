"""Background work of the AI helper. Each task takes ids, is idempotent and is enqueued after commit."""

from django_tasks import task


@task()
def suggest_routing_task(appeal_id: int) -> str:
    """Suggest category and responsible unit of a new appeal."""
    from auyl.insight.services import suggest_routing

    suggestion = suggest_routing(appeal_id)
    return f"{suggestion.category_code}/{suggestion.unit}" if suggestion else ""


@task()
def retrain_router_task(district_id: int) -> int:
    """Retrain the district's router after a staff decision; returns the new version."""
    from auyl.insight.services import retrain_router

    return retrain_router(district_id).version


@task()
def duplicate_groups_task(community_id: int) -> int:
    from auyl.insight.services import refresh_duplicate_groups

    return refresh_duplicate_groups(community_id)


@task()
def compute_themes_task(theme_set_id: int) -> int:
    """Cluster a set of texts into themes (staff edits re-applied); returns the number of themes."""
    from auyl.insight.models import JobStatus, ThemeSet
    from auyl.insight.services import compute_themes

    try:
        return compute_themes(theme_set_id).themes.count()
    except Exception as error:  # the page must say the run failed instead of waiting forever
        ThemeSet.objects.filter(pk=theme_set_id).update(status=JobStatus.FAILED, error=type(error).__name__)
        raise


@task()
def summarise_theme_task(theme_id: int) -> int:
    """Optional LLM summary of a theme (only when AUYL_INSIGHT_LLM_SUMMARIES is on)."""
    from auyl.insight.services import summarise_theme

    return len(summarise_theme(theme_id))


@task()
def opinion_map_task(discussion_id: int) -> int:
    """Recompute a discussion's opinion map; returns the number of opinion groups."""
    from auyl.insight.services import compute_opinion_map

    return len(compute_opinion_map(discussion_id)["groups"])
