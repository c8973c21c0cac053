"""Who sees and changes what in oversight.

- Figures (roll-ups): national observers everywhere; district officials, auditors and maslikhat deputies within
  the territory of their role (a district official of 5966 sees district 5966 and its communities, not the oblast
  or the country); an akim and their staff see their own community's figures.
- Elections and terms are public; district officials record them (the territorial election commission's data).
- Audits: the audit commission (auditors) writes; the akim answers findings (``approve`` on a finding = the akim's
  response); audit-commission members and the akim add follow-ups; published audits are public.
- School of akims: courses are public and kept by administrators; district officials enrol their akims.
- Powers register: public; akims and district officials anywhere classify powers.
"""

from auyl.core.permissions import always, has_role, is_public, never, register
from auyl.core.roles import Action, Role

OVERSEERS = has_role(Role.NATIONAL_OBSERVER, Role.DISTRICT_OFFICIAL, Role.AUDITOR, Role.DEPUTY)
COMMUNITY_OFFICIALS = has_role(Role.AKIM, Role.STAFF)

register("oversight.figure", Action.VIEW, OVERSEERS | COMMUNITY_OFFICIALS)
register("oversight.figure", [Action.CREATE, Action.CHANGE, Action.APPROVE, Action.PUBLISH], never)

for subject in ("oversight.election", "oversight.candidate", "oversight.akimterm"):
    register(subject, Action.VIEW, always)
    register(subject, [Action.CREATE, Action.CHANGE, Action.APPROVE], has_role(Role.DISTRICT_OFFICIAL))
    register(subject, Action.PUBLISH, never)

audit_readers = has_role(Role.AUDITOR, Role.DISTRICT_OFFICIAL, Role.NATIONAL_OBSERVER, Role.DEPUTY, Role.AKIM,
                         Role.STAFF, Role.ASSEMBLY_MEMBER)
for subject in ("oversight.audit", "oversight.finding", "oversight.followup"):
    register(subject, Action.VIEW, audit_readers | is_public)
register("oversight.audit", [Action.CREATE, Action.CHANGE, Action.PUBLISH], has_role(Role.AUDITOR))
register("oversight.audit", Action.APPROVE, never)
register("oversight.finding", [Action.CREATE, Action.CHANGE], has_role(Role.AUDITOR))
register("oversight.finding", Action.APPROVE, has_role(Role.AKIM))
register("oversight.finding", Action.PUBLISH, never)
register("oversight.followup", Action.CREATE, has_role(Role.AUDITOR, Role.AKIM, Role.STAFF))
register("oversight.followup", [Action.CHANGE, Action.APPROVE, Action.PUBLISH], never)

for subject in ("oversight.course", "oversight.module"):
    register(subject, Action.VIEW, always)
    register(subject, [Action.CREATE, Action.CHANGE, Action.APPROVE, Action.PUBLISH], never)
register("oversight.enrolment", Action.VIEW, OVERSEERS | COMMUNITY_OFFICIALS)
register("oversight.enrolment", [Action.CREATE, Action.CHANGE], has_role(Role.DISTRICT_OFFICIAL))
register("oversight.enrolment", [Action.APPROVE, Action.PUBLISH], never)

register("oversight.power", Action.VIEW, always)
register("oversight.power", [Action.CREATE, Action.CHANGE, Action.APPROVE, Action.PUBLISH], never)
register("oversight.powerreview", Action.VIEW, always)
register("oversight.powerreview", [Action.CREATE, Action.CHANGE],
         has_role(Role.AKIM, Role.DISTRICT_OFFICIAL, anywhere=True))
register("oversight.powerreview", [Action.APPROVE, Action.PUBLISH], never)
