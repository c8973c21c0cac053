"""State-registry data is read by the akim's office of that community only, and changes only by a refresh."""

from auyl.core.permissions import has_role, never, register
from auyl.core.roles import Action, Role

officials = has_role(Role.AKIM, Role.STAFF)
for subject in ("registries.legalentity", "registries.taxaccount", "registries.landplot", "registries.realestate",
                "registries.vehicle"):
    register(subject, Action.VIEW, officials)
    register(subject, [Action.CREATE, Action.CHANGE, Action.APPROVE, Action.PUBLISH], never)
register("registries.sourcestatus", [Action.VIEW, Action.CHANGE], officials)
register("registries.sourcestatus", [Action.CREATE, Action.APPROVE, Action.PUBLISH], never)
