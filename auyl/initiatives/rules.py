"""Who may do what with initiatives, petitions, signatures, paper sheets and polls (see docs/initiatives.md)."""

from typing import Any

from auyl.core.permissions import attribute_is_user, has_role, is_authenticated, is_public, never, predicate, register
from auyl.core.roles import OFFICIALS, OVERSIGHT, Action, Role

officials = has_role(*OFFICIALS)
oversight = has_role(*OVERSIGHT)
is_author = attribute_is_user("author")


@predicate
def is_draft(user: Any, obj: Any) -> bool:
    return getattr(obj, "status", None) == "draft"


ANSWERERS = {
    "gathering": has_role(Role.AKIM, Role.STAFF),
    "assembly": has_role(Role.ASSEMBLY_MEMBER, Role.AKIM, Role.STAFF),
    "maslikhat": has_role(Role.DEPUTY),
}


@predicate
def is_addressee(user: Any, obj: Any) -> bool:
    """The body the initiative is addressed to (by kind) answers it."""
    rule = ANSWERERS.get(getattr(obj, "kind", ""))
    return bool(rule and rule(user, obj))


register("initiatives.initiative", Action.VIEW, is_public | is_author | officials | oversight)
register("initiatives.initiative", Action.CREATE, has_role(Role.RESIDENT, Role.DEPUTY))
register("initiatives.initiative", Action.CHANGE, is_author & is_draft)
register("initiatives.initiative", Action.APPROVE, officials)
register("initiatives.initiative", Action.PUBLISH, is_addressee)
# A deputy of the district maslikhat covering the community starts petitions there.
register("initiatives.petition", Action.CREATE, has_role(Role.DEPUTY))
register("initiatives.signature", Action.CREATE, has_role(Role.RESIDENT))
register("initiatives.papersheet", [Action.CREATE, Action.APPROVE], officials)
register("initiatives.papersheet", Action.VIEW, officials | oversight)
register("initiatives.report", Action.CREATE, is_authenticated)
register("initiatives.report", Action.VIEW, officials)

register("initiatives.poll", Action.VIEW, is_public | officials | oversight)
register("initiatives.poll", [Action.CREATE, Action.CHANGE, Action.PUBLISH], officials)
register("initiatives.poll", Action.APPROVE, never)
register("initiatives.ballot", Action.CREATE, has_role(Role.RESIDENT))
