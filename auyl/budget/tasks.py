"""Background work of the budget: the roll-ups of indicators by district, oblast and the whole country."""

from __future__ import annotations

from django_tasks import task

from auyl.budget import services
from auyl.budget.models import Budget, Rollup


@task()
def refresh_rollups(year: int) -> int:
    """Rebuild ``year`` and, because its growth compares with ``year``, the year after when it has data.
    Idempotent: a retry rewrites the same rows."""
    written = services.rebuild_rollups(year)
    if (Budget.objects.filter(first_year=year + 1, in_force__isnull=False).exists()
            or Rollup.objects.filter(year=year + 1).exists()):
        written += services.rebuild_rollups(year + 1)
    return written
