"""Background work for appeals: the morning reminder to the akim's office of terms about to run out."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task


@task()
def remind_due_appeals(community_id: int) -> int:
    """Tell each assignee (or the akim, for unassigned ones) how many appeals are overdue or due within three
    working days; run each working morning by the operator's scheduler. Returns how many people were told."""
    from auyl.appeals import selectors
    from auyl.core.notifications import notify
    from auyl.core.roles import Role
    from auyl.territory.models import Community

    community = Community.objects.select_related("territory").get(pk=community_id)
    today = timezone.localdate()
    akims = list(selectors.staff_of(community).filter(roles__role=Role.AKIM))
    due: dict = {}
    for due_kind in ("overdue", "near"):
        for appeal in selectors.queue(community, today=today, due=due_kind):
            for person in [appeal.assignee] if appeal.assignee_id else akims:
                due.setdefault(person, {"overdue": 0, "near": 0})[due_kind] += 1
    for person, counts in due.items():
        notify([person], subject=_("Appeals: %(overdue)s overdue, %(near)s due within three working days"),
               params=counts, url=f"/appeals/office/{community.territory.code}/?due=overdue")
    return len(due)
