"""Who may see and act on the AI helper's results: the akim's office of the community sees its themes,
suggestions and duplicate lists and edits themes; themes of published contests and polls and opinion maps are
public; verified residents of the community propose statements and vote; the office moderates."""

from auyl.core.permissions import has_role, is_public, never, register
from auyl.core.roles import Action, Role

officials = has_role(Role.AKIM, Role.STAFF)
resident = has_role(Role.RESIDENT)

register("insight.themeset", Action.VIEW, officials | is_public)
register("insight.themeset", [Action.CREATE, Action.CHANGE], officials)
register("insight.themeset", [Action.APPROVE, Action.PUBLISH], never)
register("insight.theme", Action.VIEW, officials | is_public)
register("insight.theme", Action.CHANGE, officials)
register("insight.theme", [Action.CREATE, Action.APPROVE, Action.PUBLISH], never)

register("insight.appealsuggestion", [Action.VIEW, Action.CHANGE], officials)
register("insight.appealsuggestion", [Action.CREATE, Action.APPROVE, Action.PUBLISH], never)
register("insight.duplicategroup", [Action.VIEW, Action.CHANGE], officials)
register("insight.duplicategroup", [Action.CREATE, Action.APPROVE, Action.PUBLISH], never)
# The staff's workplace section of the helper (a community code as object).
register("insight.workplace", Action.VIEW, officials)
register("insight.workplace", [Action.CREATE, Action.CHANGE, Action.APPROVE, Action.PUBLISH], never)

register("insight.discussion", Action.VIEW, officials | is_public)
register("insight.discussion", [Action.CREATE, Action.CHANGE, Action.PUBLISH], officials)
register("insight.discussion", Action.APPROVE, never)
register("insight.statement", Action.VIEW, officials | is_public)
register("insight.statement", Action.CREATE, officials | resident)
register("insight.statement", [Action.CHANGE, Action.APPROVE], officials)
register("insight.statement", Action.PUBLISH, never)
# Voting: verified residents of the community only (the akim's office moderates, it does not vote as such).
register("insight.statementvote", Action.CREATE, resident)
register("insight.statementvote", [Action.VIEW, Action.CHANGE, Action.APPROVE, Action.PUBLISH], never)
