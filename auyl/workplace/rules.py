"""The workplace and the office's own books: the akim and staff of that community only."""

from auyl.core.permissions import has_role, never, register
from auyl.core.roles import Action, Role

officials = has_role(Role.AKIM, Role.STAFF)
register("workplace.dashboard", Action.VIEW, officials)
register("workplace.dashboard", [Action.CREATE, Action.CHANGE, Action.APPROVE, Action.PUBLISH], never)
for subject in ("workplace.household", "workplace.municipalproperty", "workplace.administrativefine",
                "workplace.tradeplace", "workplace.landscapingtask"):
    register(subject, [Action.VIEW, Action.CREATE, Action.CHANGE], officials)
    register(subject, [Action.APPROVE, Action.PUBLISH], never)
