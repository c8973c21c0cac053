"""Read queries of the AI helper: suggestions, similar texts while a resident types, themes, duplicate groups,
discussions and their opinion maps. Bounded queries (no N+1)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Q, QuerySet

from auyl.core.permissions import can
from auyl.insight.labels import unit_name
from auyl.insight.models import (
    AppealSuggestion,
    Decision,
    Discussion,
    DiscussionStatus,
    DuplicateGroup,
    Statement,
    StatementStatus,
    StatementVote,
    ThemeSet,
)
from auyl.insight.sources import joined
from auyl.territory.models import Community

if TYPE_CHECKING:  # the text package loads scikit-learn: web workers load it on the first similarity query
    from auyl.text.duplicates import DuplicateIndex, DuplicateMatch

MIN_QUERY_CHARS = 15
MAX_INDEXED = 3000
_CACHE_SIZE = 32


class _IndexCache:
    """Duplicate indexes of recent candidate sets, rebuilt when their stamp (count, last change) moves on."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple, tuple[tuple, DuplicateIndex]] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple, stamp: tuple, rows: Any) -> DuplicateIndex:
        with self._lock:
            hit = self._items.get(key)
            if hit and hit[0] == stamp:
                self._items.move_to_end(key)
                return hit[1]
        from auyl.text.duplicates import DuplicateIndex

        index = DuplicateIndex()
        index.add_many(rows())
        with self._lock:
            self._items[key] = (stamp, index)
            while len(self._items) > _CACHE_SIZE:
                self._items.popitem(last=False)
        return index


_indexes = _IndexCache()


@dataclass
class Similar:
    """A stored item that may be the same request, with the stage that found it and its score."""

    obj: Any
    score: float
    kind: str


def _matches(qs: QuerySet, key: tuple, text: str, fields: tuple[str, str], settlement_field: str | None,
             settlement: str | None, limit: int) -> list[Similar]:
    if len(text.strip()) < MIN_QUERY_CHARS:
        return []
    stamp_field = "updated_at" if "updated_at" in {f.name for f in qs.model._meta.fields} else "pk"
    stamp = tuple(qs.aggregate(n=Count("pk"), last=Max(stamp_field)).values())
    if not stamp[0]:
        return []

    def rows():
        values = qs.order_by("-pk").values_list("pk", *fields, *([settlement_field] if settlement_field else []))
        for row in values[:MAX_INDEXED]:
            yield str(row[0]), joined(*row[1:len(fields) + 1]), row[-1] if settlement_field else None

    index = _indexes.get(key, stamp, rows)
    found: list[DuplicateMatch] = index.query(text[:2000], settlement=settlement or None, k=limit)
    by_pk = qs.model.objects.in_bulk([int(m.item_id) for m in found])
    return [Similar(by_pk[int(m.item_id)], round(m.score, 2), m.kind) for m in found if int(m.item_id) in by_pk]


def similar_appeals(user, community: Community, text: str, settlement_code: str = "", limit: int = 5
                    ) -> list[Similar]:
    """Appeals of the same settlement that look like ``text``: all of them for the akim's office, only
    published ones (shown without the applicant) for everybody else."""
    from auyl.appeals.models import Appeal

    office = can(user, "change", community.territory.code, subject="appeals.appeal")
    qs = Appeal.objects.filter(community=community)
    if not office:
        qs = qs.filter(is_public=True)
    key = ("appeals", community.pk, office)
    return _matches(qs, key, text, ("subject", "text"), "settlement__code", settlement_code, limit)


def similar_proposals(contest, text: str, *, exclude: int | None = None, limit: int = 5) -> list[Similar]:
    """Proposals of a contest that look like ``text`` (exact, then fuzzy, then similar in meaning); a drop-in
    for ``contests.selectors.similar_proposals`` with the score and the stage behind each hint."""
    from auyl.contests.models import ProposalStatus

    qs = contest.proposals.exclude(status=ProposalStatus.WITHDRAWN)
    found = _matches(qs, ("proposals", contest.pk), text, ("title", "description"), None, None, limit + 1)
    return [s for s in found if s.obj.pk != exclude][:limit]


# --- routing ----------------------------------------------------------------------------------------------------


@dataclass
class SuggestionView:
    suggestion: AppealSuggestion
    category_name: str
    unit_name: str
    final_category_name: str
    final_unit_name: str


def suggestion_view(suggestion: AppealSuggestion) -> SuggestionView:
    from auyl.appeals.models import Category

    names = {c.code: c.name for c in Category.objects.filter(
        code__in=[suggestion.category_code, suggestion.final_category_code])}
    return SuggestionView(suggestion, names.get(suggestion.category_code, suggestion.category_code),
                          unit_name(suggestion.unit), names.get(suggestion.final_category_code, ""),
                          unit_name(suggestion.final_unit) if suggestion.final_unit else "")


def suggestion_for(appeal_id: int) -> AppealSuggestion | None:
    return (AppealSuggestion.objects.select_related("appeal__community__territory", "decided_by")
            .filter(appeal_id=appeal_id).first())


def pending_suggestions(community: Community) -> QuerySet[AppealSuggestion]:
    return (AppealSuggestion.objects.filter(appeal__community=community, decision=Decision.PENDING)
            .select_related("appeal").order_by("-appeal__received_at"))


def routing_stats(community: Community) -> dict[str, int]:
    counts = AppealSuggestion.objects.filter(appeal__community=community).aggregate(
        pending=Count("pk", filter=Q(decision=Decision.PENDING)),
        confirmed=Count("pk", filter=Q(decision=Decision.CONFIRMED)),
        corrected=Count("pk", filter=Q(decision=Decision.CORRECTED)))
    return {k: v or 0 for k, v in counts.items()}


# --- duplicates --------------------------------------------------------------------------------------------------


def duplicate_groups(community: Community) -> list[tuple[DuplicateGroup, list]]:
    """Suggested groups (not dismissed) with their appeals, fetched in one query."""
    from auyl.appeals.models import Appeal

    groups = list(DuplicateGroup.objects.filter(community=community, dismissed=False))
    ids = {pk for g in groups for pk in g.appeal_ids}
    appeals = Appeal.objects.select_related("settlement", "category").in_bulk(ids)
    return [(g, [appeals[pk] for pk in g.appeal_ids if pk in appeals]) for g in groups]


# --- themes -------------------------------------------------------------------------------------------------------


def theme_sets(community: Community, user) -> list[ThemeSet]:
    """Theme sets of a community the user may see (the office: all; others: public ones)."""
    qs = ThemeSet.objects.filter(community=community).select_related("community__territory")
    return [ts for ts in qs if can(user, "view", ts)]


def theme_set_for(source: str, source_id: int, community: Community | None = None) -> ThemeSet | None:
    qs = ThemeSet.objects.filter(source=source, source_id=source_id).select_related("community__territory")
    if community is not None:
        qs = qs.filter(community=community)
    return qs.prefetch_related("themes").first()


def theme_set_detail(pk: int) -> ThemeSet:
    return ThemeSet.objects.select_related("community__territory").prefetch_related("themes").get(pk=pk)


# --- discussions --------------------------------------------------------------------------------------------------


def discussions(community: Community, user) -> QuerySet[Discussion]:
    qs = Discussion.objects.filter(community=community).annotate(
        statement_total=Count("statements", filter=Q(statements__status=StatementStatus.APPROVED), distinct=True)
    ).order_by("-created_at", "-pk")
    if not can(user, "change", community.territory.code, subject="insight.discussion"):
        qs = qs.exclude(status=DiscussionStatus.DRAFT)
    return qs


def discussion_detail(pk: int) -> Discussion:
    return Discussion.objects.select_related("community__territory").get(pk=pk)


def statements(discussion: Discussion, *, status: str = StatementStatus.APPROVED) -> QuerySet[Statement]:
    return discussion.statements.filter(status=status).annotate(
        agree=Count("votes", filter=Q(votes__vote=1)), disagree=Count("votes", filter=Q(votes__vote=-1)),
        passed=Count("votes", filter=Q(votes__vote=0))).order_by("pk")


def my_votes(discussion: Discussion, user) -> dict[int, int]:
    resident_id = getattr(user, "resident_id", None)
    if not resident_id:
        return {}
    return dict(StatementVote.objects.filter(statement__discussion=discussion, resident_id=resident_id)
                .values_list("statement_id", "vote"))


@dataclass
class OpinionView:
    """The stored opinion map with statement texts in place of ids: groups are counts, never people."""

    voters: int
    groups: list[dict]
    consensus: list[dict]
    points: list[list[float]]


def opinion_view(discussion: Discussion) -> OpinionView | None:
    data = discussion.opinion_map
    if not data:
        return None
    texts = dict(discussion.statements.values_list("pk", "text"))

    def named(rows: list[dict]) -> list[dict]:
        return [{**r, "text": texts.get(r["statement"], ""), "percent": round(100 * r["share"])} for r in rows
                if r["statement"] in texts]

    groups = [{"number": n + 1, "size": g["size"], "representative": named(g["representative"])}
              for n, g in enumerate(data["groups"])]
    return OpinionView(data["voters"], groups, named(data["consensus"]), data.get("points", []))
