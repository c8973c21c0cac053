"""Who may see and do what with gatherings, assemblies, minutes, the programme, reports and no confidence.

The akim and the apparatus run meetings; assembly members record the monitoring commission's reports; verified
residents of the community ask and rate; district maslikhat deputies and district officials record the
no-confidence steps that the law gives them; everything published is public.
"""

from typing import Any

from auyl.core.permissions import has_role, is_public, never, predicate, register
from auyl.core.roles import OVERSIGHT, Action, Role

officials = has_role(Role.AKIM, Role.STAFF)
akim = has_role(Role.AKIM)
readers = officials | has_role(*OVERSIGHT) | has_role(Role.ASSEMBLY_MEMBER, Role.DEPUTY)


@predicate
def is_member_here(user: Any, obj: Any) -> bool:
    """A verified resident whose registry entry is in the object's community."""
    from auyl.core.permissions import scope_of

    resident = getattr(user, "resident", None) if getattr(user, "is_authenticated", False) else None
    return resident is not None and resident.community.territory.code == scope_of(obj)


verified_here = has_role(Role.RESIDENT) & is_member_here

PUBLIC_RECORD = ["assemblies.body", "assemblies.membership", "assemblies.developmentprogramme",
                 "assemblies.monitoringreport", "assemblies.dismissalprocedure"]
for subject in PUBLIC_RECORD:
    register(subject, Action.VIEW, is_public | readers)

# Bodies, seats, meetings, agenda and attendance: the akim's office.
for subject in ["assemblies.body", "assemblies.membership", "assemblies.developmentprogramme"]:
    register(subject, [Action.CREATE, Action.CHANGE], officials)
    register(subject, [Action.APPROVE, Action.PUBLISH], never)

register("assemblies.meeting", Action.VIEW, is_public | readers)
register("assemblies.meeting", [Action.CREATE, Action.CHANGE, Action.APPROVE, Action.PUBLISH], officials)
# The full attendance list (names of residents present) is personal data: officials and oversight only.
register("assemblies.attendance", Action.VIEW, officials | has_role(*OVERSIGHT))
register("assemblies.attendance", [Action.CREATE, Action.CHANGE], officials)
register("assemblies.attendance", [Action.APPROVE, Action.PUBLISH], never)

# Decisions: staff record the vote; the akim answers (agrees or disagrees); the district akim settles a dispute.
register("assemblies.decision", Action.VIEW, is_public | readers)
register("assemblies.decision", Action.CREATE, officials)
register("assemblies.decision", Action.CHANGE, akim)
register("assemblies.decision", Action.APPROVE, has_role(Role.DISTRICT_OFFICIAL))
register("assemblies.decision", Action.PUBLISH, never)

# Monitoring: the commission (assembly members) with the apparatus as clerk; the akim gives the conclusion.
register("assemblies.monitoringreport", [Action.CREATE, Action.CHANGE], has_role(Role.ASSEMBLY_MEMBER, Role.STAFF))
register("assemblies.monitoringreport", Action.APPROVE, akim)
register("assemblies.monitoringreport", Action.PUBLISH, never)

# The akim's yearly report.
register("assemblies.akimreport", Action.VIEW, is_public | officials | has_role(*OVERSIGHT))
register("assemblies.akimreport", [Action.CREATE, Action.CHANGE, Action.PUBLISH], officials)
register("assemblies.akimreport", Action.APPROVE, never)
register("assemblies.reportquestion", Action.VIEW, is_public | officials)
register("assemblies.reportquestion", Action.CREATE, verified_here)
register("assemblies.reportquestion", Action.CHANGE, officials)  # answering
register("assemblies.reportquestion", [Action.APPROVE, Action.PUBLISH], never)
register("assemblies.reportrating", Action.CREATE, verified_here)
register("assemblies.reportrating", [Action.VIEW, Action.CHANGE, Action.APPROVE, Action.PUBLISH], never)

# No confidence: maslikhat steps by deputies (and district officials as its clerks), the decision by the district.
register("assemblies.dismissalprocedure", Action.CHANGE, has_role(Role.DEPUTY, Role.DISTRICT_OFFICIAL))
register("assemblies.dismissalprocedure", Action.APPROVE, has_role(Role.DISTRICT_OFFICIAL))
register("assemblies.dismissalprocedure", [Action.CREATE, Action.PUBLISH], never)
