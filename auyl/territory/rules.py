"""Territories and communities are public; their profile is kept by the akim's office."""

from auyl.core.permissions import always, has_role, never, register
from auyl.core.roles import Action, Role

for subject in ("territory.territory", "territory.community"):
    register(subject, Action.VIEW, always)
    register(subject, Action.CREATE, never)
register("territory.territory", [Action.CHANGE, Action.APPROVE, Action.PUBLISH], never)
register("territory.community", Action.CHANGE, has_role(Role.AKIM, Role.STAFF))
register("territory.community", Action.PUBLISH, has_role(Role.AKIM))
register("territory.community", Action.APPROVE, has_role(Role.DISTRICT_OFFICIAL))
