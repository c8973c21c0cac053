"""Who may do what with appeals: residents file and follow their own; the akim's office of that community
handles them; only the akim extends a term (art. 76: a decision of the head); the applicant alone rates."""

from auyl.core.permissions import always, attribute_is_user, has_role, is_authenticated, is_public, never, register
from auyl.core.roles import Action, Role

officials = has_role(Role.AKIM, Role.STAFF)
applicant = attribute_is_user("applicant_user")
booker = attribute_is_user("user")

register("appeals.appeal", Action.VIEW, officials | applicant | is_public)
register("appeals.appeal", Action.CREATE, is_authenticated)
register("appeals.appeal", [Action.CHANGE, Action.PUBLISH], officials)
register("appeals.appeal", Action.APPROVE, has_role(Role.AKIM))
# The applicant's personal data and the appeal's internal notes: the office and the applicant only.
register("appeals.applicant", Action.VIEW, officials | applicant)
register("appeals.rating", Action.CHANGE, applicant)

register("appeals.category", Action.VIEW, always)
register("appeals.category", [Action.CREATE, Action.CHANGE, Action.APPROVE, Action.PUBLISH], never)

register("appeals.reception", Action.VIEW, always)
register("appeals.reception", [Action.CREATE, Action.CHANGE], officials)
register("appeals.reception", [Action.APPROVE, Action.PUBLISH], never)
register("appeals.receptionbooking", Action.VIEW, officials | booker)
register("appeals.receptionbooking", Action.CREATE, is_authenticated)
register("appeals.receptionbooking", Action.CHANGE, officials)
register("appeals.receptionbooking", [Action.APPROVE, Action.PUBLISH], never)

register("appeals.agencyrequest", [Action.VIEW, Action.CREATE, Action.CHANGE], officials)
register("appeals.agencyrequest", [Action.APPROVE, Action.PUBLISH], never)
