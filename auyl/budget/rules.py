"""Who may do what with community budgets (Law 148 art. 38-1 p.10, art. 39-3 p.3; Budget Code).

The akim's office drafts, submits, adjusts and executes; the district maslikhat approves (recorded by a
district official); the assembly's agreement is recorded by whoever records the assembly's decisions
(the akim's office or an assembly member, through the assemblies app). Submitted and approved budgets are
public; drafts are readable by the officials and elected bodies concerned.
"""

from auyl.core.permissions import always, has_role, is_public, never, register
from auyl.core.roles import Action, Role

READER_ROLES = (Role.AKIM, Role.STAFF, Role.ASSEMBLY_MEMBER, Role.DEPUTY, Role.AUDITOR, Role.DISTRICT_OFFICIAL,
                Role.NATIONAL_OBSERVER)
office = has_role(Role.AKIM, Role.STAFF)

register("budget.budget", Action.VIEW, always)
register("budget.budget", [Action.CREATE, Action.CHANGE], office)
register("budget.budget", [Action.APPROVE, Action.PUBLISH], never)

register("budget.budgetversion", Action.VIEW, is_public | has_role(*READER_ROLES))
register("budget.budgetversion", [Action.CREATE, Action.CHANGE], office)
register("budget.budgetversion", Action.APPROVE, has_role(Role.DISTRICT_OFFICIAL))
register("budget.budgetversion", Action.PUBLISH, never)

register("budget.assemblydecision", Action.CREATE, has_role(Role.AKIM, Role.STAFF, Role.ASSEMBLY_MEMBER))
register("budget.assemblydecision", [Action.VIEW, Action.CHANGE, Action.APPROVE, Action.PUBLISH], never)

register("budget.executionentry", Action.VIEW, is_public | has_role(*READER_ROLES))
register("budget.executionentry", [Action.CREATE, Action.CHANGE], office)
register("budget.executionentry", [Action.APPROVE, Action.PUBLISH], never)

for subject in ("budget.spendingline", "budget.rollup"):
    register(subject, Action.VIEW, always)
    register(subject, [Action.CREATE, Action.CHANGE, Action.APPROVE, Action.PUBLISH], never)
