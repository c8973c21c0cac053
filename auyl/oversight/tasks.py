"""Background work of oversight: recomputing figures after a change, and the daily sync of akims' roles."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_rollups(year: int, community_code: str = "") -> int:
    """Recompute a year's figures (one community and the units above it, or everything). Idempotent."""
    from auyl.oversight.services import refresh_figures

    return refresh_figures(year, community_code)


@task()
def sync_akim_roles() -> int:
    from auyl.oversight.services import sync_akim_roles as sync

    return sync()
