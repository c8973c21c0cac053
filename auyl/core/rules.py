"""Who may read the audit chain: oversight roles and the akim within their territory."""

from auyl.core.permissions import has_role, never, register
from auyl.core.roles import Action, Role

register("core.auditentry", Action.VIEW, has_role(Role.AKIM, Role.AUDITOR, Role.DISTRICT_OFFICIAL,
                                                  Role.NATIONAL_OBSERVER))
register("core.auditentry", [Action.CREATE, Action.CHANGE, Action.APPROVE, Action.PUBLISH], never)
