"""Who may see and edit the resident registry (personal data): the akim's office of that community only."""

from auyl.core.permissions import has_role, never, register
from auyl.core.roles import Action, Role

officials = has_role(Role.AKIM, Role.STAFF)
register("people.resident", [Action.VIEW, Action.CREATE, Action.CHANGE, Action.APPROVE], officials)
register("people.resident", Action.PUBLISH, never)
register("people.roleassignment", Action.VIEW, has_role(Role.AKIM, Role.DISTRICT_OFFICIAL))
register("people.roleassignment", [Action.CREATE, Action.CHANGE], has_role(Role.DISTRICT_OFFICIAL))
