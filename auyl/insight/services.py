"""Write rules of the AI helper: routing suggestions and staff decisions (with retraining), duplicate groups,
themes and the staff's edits of them, discussions with statements and votes, and the opinion map.

Every text goes through ``auyl.text.normalize.prepare`` (clean + mask) before it is stored for analysis or
shown in a theme; the helper only suggests, staff decide. Background work is enqueued after commit.
"""

from __future__ import annotations

import hashlib
import pickle
import warnings
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from threadpoolctl import threadpool_limits

from auyl.core import audit
from auyl.core.permissions import require
from auyl.insight import sources
from auyl.insight.labels import STARTER_CATEGORIES, UNITS
from auyl.insight.models import (
    AppealSuggestion,
    Decision,
    Discussion,
    DiscussionStatus,
    DuplicateGroup,
    JobStatus,
    RoutingModel,
    Statement,
    StatementStatus,
    StatementVote,
    Theme,
    ThemeEdit,
    ThemeSet,
    Vote,
)
from auyl.territory.models import Community
from auyl.text.masking import find_personal_data
from auyl.text.normalize import prepare

if TYPE_CHECKING:  # scikit-learn and SciPy load with the analysis that needs them, not with every web worker
    from auyl.text import themes as text_themes

MAX_DUPLICATE_TEXTS = 2000  # the latest appeals of a community compared pairwise
STATEMENT_MIN, STATEMENT_MAX = 5, 300
MIN_VOTERS = 6  # fewer voters than this make no opinion groups worth showing (and a degenerate PCA)


def single_thread() -> threadpool_limits:
    """Numeric work of a job on one BLAS/OpenMP thread: on a small shared server, threads spinning against
    the web processes made training 3-4 times slower (measured: 19.5 s -> 5.7 s for the two routers)."""
    return threadpool_limits(1)


def _after_commit(task: Any, *args: Any) -> None:
    """Enqueue a background task once the current transaction has committed (never for rolled-back work)."""
    transaction.on_commit(lambda: task.enqueue(*args))


# --- routing of appeals ----------------------------------------------------------------------------------------


def appeal_text(subject: str, text: str) -> str:
    return prepare(sources.joined(subject, text))


def _starter_examples() -> list[tuple[str, str, str]]:
    """(text, appeals category code, unit) from the shipped starter data, categories mapped to the catalogue."""
    from auyl.text.routing import STARTER_DATA, read_rows

    return [(row["text"], STARTER_CATEGORIES.get(row["category"], "other"), row["responsible_unit"])
            for row in read_rows(str(STARTER_DATA))]


def train_routers(examples: Sequence[tuple[str, str, str]]) -> dict[str, Any]:
    """Category and unit routers trained on the starter data plus local ``(text, category, unit)`` examples."""
    from auyl.text.routing import Router

    rows = _starter_examples() + [(prepare(t), c, u) for t, c, u in examples]
    texts = [t for t, _, _ in rows]
    with single_thread():
        return {"category": Router().fit(texts, [c for _, c, _ in rows]),
                "unit": Router().fit(texts, [u for _, _, u in rows])}


@cache
def starter_routers() -> dict[str, Any]:
    return train_routers([])


_LOADED: dict[int, tuple[tuple, dict[str, Any]]] = {}  # district -> ((pk, version, trained_at), routers)


def current_routers(district_id: int) -> tuple[int, dict[str, Any]]:
    """(version, routers) of the district's latest model; version 0 is the shipped starter model.

    The pickled blob is written only by :func:`retrain_router` in this module, never from user input.
    """
    latest = (RoutingModel.objects.filter(district_id=district_id).order_by("-version")
              .values_list("pk", "version", "trained_at").first())
    if latest is None:
        return 0, starter_routers()
    cached = _LOADED.get(district_id)
    if cached is None or cached[0] != latest:
        blob = RoutingModel.objects.values_list("blob", flat=True).get(pk=latest[0])
        cached = (latest, pickle.loads(bytes(blob)))  # our own model, see the docstring
        _LOADED[district_id] = cached
    return latest[1], cached[1]


def suggest_routing(appeal_id: int) -> AppealSuggestion | None:
    """Suggest category and responsible unit of an appeal (idempotent; a staff decision is never overwritten)."""
    from auyl.appeals.models import Appeal, Category

    appeal = Appeal.objects.select_related("community").filter(pk=appeal_id).first()
    if appeal is None:
        return None
    existing = AppealSuggestion.objects.filter(appeal=appeal).first()
    if existing is not None and existing.decision != Decision.PENDING:
        return existing
    version, routers = current_routers(appeal.community.district_id)
    text = appeal_text(appeal.subject, appeal.text)
    with single_thread():
        category, unit = routers["category"].suggest(text), routers["unit"].suggest(text)
    fields = dict(category_code=category.label, category_confidence=round(category.confidence, 4),
                  category_why=category.why, unit=unit.label, unit_confidence=round(unit.confidence, 4),
                  unit_why=unit.why, model_version=version)
    with transaction.atomic():
        suggestion, _ = AppealSuggestion.objects.update_or_create(appeal=appeal, defaults=fields)
        suggested = Category.objects.filter(code=category.label).first()
        Appeal.objects.filter(pk=appeal.pk).update(suggested_category=suggested,
                                                   suggestion_confidence=fields["category_confidence"])
    return suggestion


@transaction.atomic
def decide_routing(*, actor, suggestion: AppealSuggestion, category_code: str, unit: str) -> AppealSuggestion:
    """Staff confirm or correct a suggestion. The decision is a training example for the district's model
    (retrained in the background); a changed category is applied to the appeal through the appeals service."""
    from auyl.appeals.models import Category
    from auyl.appeals.services import change_category
    from auyl.insight.tasks import retrain_router_task

    require(actor, "change", suggestion)
    category = Category.objects.filter(code=category_code, is_active=True).first()
    errors = {}
    if category is None:
        errors["category"] = _("Choose a category from the list.")
    if unit not in UNITS:
        errors["unit"] = _("Choose a responsible unit from the list.")
    if errors:
        raise ValidationError(errors)
    suggestion = AppealSuggestion.objects.select_for_update().select_related("appeal__community__territory",
                                                                             "appeal__category").get(pk=suggestion.pk)
    appeal = suggestion.appeal
    if appeal.category_id != category.pk and appeal.is_open:
        change_category(actor=actor, appeal=appeal, category=category)
    same = category_code == suggestion.category_code and unit == suggestion.unit
    before = {"decision": suggestion.decision, "category": suggestion.final_category_code,
              "unit": suggestion.final_unit}
    suggestion.decision = Decision.CONFIRMED if same else Decision.CORRECTED
    suggestion.final_category_code, suggestion.final_unit = category_code, unit
    suggestion.decided_by, suggestion.decided_at = actor, timezone.now()
    suggestion.save()
    audit.record(actor=actor, action="insight.routing_decided", obj=suggestion, before=before,
                 after={"decision": suggestion.decision, "category": category_code, "unit": unit,
                        "suggested": [suggestion.category_code, suggestion.unit]})
    _after_commit(retrain_router_task, appeal.community.district_id)
    return suggestion


def retrain_router(district_id: int) -> RoutingModel:
    """A new version of the district's model from the starter data and every decided appeal of the district."""
    decided = list(AppealSuggestion.objects.filter(appeal__community__district_id=district_id)
                   .exclude(decision=Decision.PENDING).order_by("appeal_id")
                   .values_list("appeal_id", "appeal__subject", "appeal__text", "final_category_code", "final_unit"))
    routers = train_routers([(sources.joined(s, t), c, u) for _, s, t, c, u in decided])
    with transaction.atomic():
        last = (RoutingModel.objects.select_for_update().filter(district_id=district_id).order_by("-version")
                .values_list("version", flat=True).first()) or 0
        model = RoutingModel.objects.create(district_id=district_id, version=last + 1,
                                            training_ids=[pk for pk, *_ in decided], blob=pickle.dumps(routers))
    return model


# --- near-duplicates -------------------------------------------------------------------------------------------


def _signature(ids: Sequence[int]) -> str:
    return hashlib.sha1(",".join(map(str, sorted(ids))).encode()).hexdigest()


def refresh_duplicate_groups(community_id: int) -> int:
    """Recompute the suggested groups of same-request appeals of a community (latest appeals, same settlement).
    Dismissed groups stay dismissed; groups that are no longer found disappear. Returns the number of groups."""
    from auyl.appeals.models import Appeal
    from auyl.text.duplicates import DuplicateIndex

    rows = list(Appeal.objects.filter(community_id=community_id).order_by("-received_at")
                .values_list("pk", "subject", "text", "settlement__code")[:MAX_DUPLICATE_TEXTS])
    found: dict[str, list[int]] = {}
    if len(rows) >= 2:
        index = DuplicateIndex()
        index.add_many((str(pk), sources.joined(subject, text), settlement) for pk, subject, text, settlement in rows)
        with single_thread():
            groups = index.groups()
        for group in groups:
            ids = sorted(int(i) for i in group)
            found[_signature(ids)] = ids
    with transaction.atomic():
        DuplicateGroup.objects.filter(community_id=community_id, dismissed=False).exclude(
            signature__in=found).delete()
        known = set(DuplicateGroup.objects.filter(community_id=community_id).values_list("signature", flat=True))
        DuplicateGroup.objects.bulk_create([DuplicateGroup(community_id=community_id, signature=sig, appeal_ids=ids)
                                            for sig, ids in found.items() if sig not in known])
    return len(found)


@transaction.atomic
def dismiss_duplicate_group(*, actor, group: DuplicateGroup) -> DuplicateGroup:
    """Staff say "these are different requests": the group is no longer suggested."""
    require(actor, "change", group)
    group.dismissed, group.dismissed_by = True, actor
    group.save(update_fields=["dismissed", "dismissed_by"])
    audit.record(actor=actor, action="insight.duplicates_dismissed", obj=group, after={"appeals": group.appeal_ids})
    return group


# --- themes ----------------------------------------------------------------------------------------------------


def request_themes(*, actor, source: str, source_id: int, community: Community | None = None) -> ThemeSet:
    """Ask for (or refresh) the themes of a set of texts; the clustering runs in the background."""
    from auyl.insight.tasks import compute_themes_task

    try:
        text_source = sources.load(source, source_id, community_id=community.pk if community else None,
                                   with_items=False)
    except (ValueError, LookupError):
        raise ValidationError(_("There is no such set of texts.")) from None
    require(actor, "create", text_source.community.territory.code, subject="insight.themeset")
    with transaction.atomic():
        theme_set, _created = ThemeSet.objects.get_or_create(
            community=text_source.community, source=source, source_id=source_id,
            defaults={"title": text_source.title[:250], "public": text_source.public})
        ThemeSet.objects.filter(pk=theme_set.pk).update(status=JobStatus.PENDING)
        _after_commit(compute_themes_task, theme_set.pk)
    theme_set.refresh_from_db()
    return theme_set


def compute_themes(theme_set_id: int) -> ThemeSet:
    """Cluster the texts and store the themes, re-applying every staff edit in order (idempotent)."""
    from auyl.insight.tasks import summarise_theme_task
    from auyl.text import themes as text_themes

    theme_set = ThemeSet.objects.select_related("community").get(pk=theme_set_id)
    text_source = sources.load(theme_set.source, theme_set.source_id, community_id=theme_set.community_id)
    edits = list(theme_set.edits.values_list("payload", flat=True))
    with single_thread():
        found = text_themes.find_themes(text_source.items, edits) if text_source.items else []
    with transaction.atomic():
        theme_set.themes.all().delete()
        Theme.objects.bulk_create([Theme(
            theme_set=theme_set, position=n, key=t.key, label=t.label[:200], keywords=t.keywords,
            labels_by_language=t.labels_by_language, item_ids=t.item_ids, size=t.size,
            residents_by_settlement=t.authors_by_settlement, representatives=t.representatives, edited=t.edited,
        ) for n, t in enumerate(found)])
        theme_set.status, theme_set.computed_at, theme_set.error = JobStatus.DONE, timezone.now(), ""
        theme_set.text_count, theme_set.public = len(text_source.items), text_source.public
        theme_set.title = text_source.title[:250]
        theme_set.runs += 1
        theme_set.save()
        if settings.AUYL_INSIGHT_LLM_SUMMARIES:
            for pk in theme_set.themes.values_list("pk", flat=True):
                _after_commit(summarise_theme_task, pk)
    return theme_set


def _as_text_theme(theme: Theme) -> text_themes.Theme:
    from auyl.text import themes as text_themes

    return text_themes.Theme(theme.key, theme.label, list(theme.keywords), dict(theme.labels_by_language),
                             list(theme.item_ids), dict(theme.residents_by_settlement), list(theme.representatives))


def _edit(actor, theme_set: ThemeSet, payload: dict, *, rerun: bool) -> ThemeEdit:
    from auyl.insight.tasks import compute_themes_task

    edit = ThemeEdit.objects.create(theme_set=theme_set, op=str(payload["op"]), payload=payload, created_by=actor)
    audit.record(actor=actor, action=f"insight.theme_{edit.op}", obj=theme_set,
                 after={"op": edit.op, "label": payload.get("label") or "", "parts": payload.get("parts") or 0})
    if rerun:
        ThemeSet.objects.filter(pk=theme_set.pk).update(status=JobStatus.PENDING)
        _after_commit(compute_themes_task, theme_set.pk)
    return edit


def _clean_label(label: str | None, *, required: bool = True) -> str:
    label = " ".join((label or "").split())
    if required and not label:
        raise ValidationError({"label": _("Give the theme a name.")})
    if len(label) > 200:
        raise ValidationError({"label": _("The name is too long (at most 200 characters).")})
    if label and find_personal_data(label):
        raise ValidationError({"label": _("The name must not contain personal data.")})
    return label


@transaction.atomic
def rename_theme(*, actor, theme: Theme, label: str) -> Theme:
    """Rename a theme now and on every later run."""
    from auyl.text import themes as text_themes

    require(actor, "change", theme)
    label = _clean_label(label)
    _edit(actor, theme.theme_set, text_themes.rename_edit(_as_text_theme(theme), label), rerun=False)
    theme.label = label
    theme.edited = [*theme.edited, "renamed"]
    theme.save(update_fields=["label", "edited"])
    return theme


@transaction.atomic
def merge_themes(*, actor, themes: Sequence[Theme], label: str = "") -> ThemeEdit:
    """Merge two or more themes of one set into one (applied by a re-run, and on every later run)."""
    from auyl.text import themes as text_themes

    themes = list(themes)
    if len(themes) < 2 or len({t.theme_set_id for t in themes}) != 1:
        raise ValidationError(_("Choose at least two themes of the same set to merge."))
    for theme in themes:
        require(actor, "change", theme)
    label = _clean_label(label, required=False)
    payload = text_themes.merge_edit([_as_text_theme(t) for t in themes], label or None)
    return _edit(actor, themes[0].theme_set, payload, rerun=True)


@transaction.atomic
def split_theme(*, actor, theme: Theme, parts: int = 2) -> ThemeEdit:
    """Split a theme into ``parts`` sub-themes (applied by a re-run, and on every later run)."""
    from auyl.text import themes as text_themes

    require(actor, "change", theme)
    if not 2 <= parts <= 5:
        raise ValidationError({"parts": _("A theme can be split into 2 to 5 parts.")})
    if theme.size < parts:
        raise ValidationError({"parts": _("This theme has too few texts to split.")})
    return _edit(actor, theme.theme_set, text_themes.split_edit(_as_text_theme(theme), parts), rerun=True)


def summarise_theme(theme_id: int, client: Any = None) -> str:
    """An abstractive summary of a theme's masked representative texts through the optional LLM client."""
    from auyl.text.llm import LLMClient, LLMDisabled

    theme = Theme.objects.filter(pk=theme_id).first()
    if theme is None or not settings.AUYL_INSIGHT_LLM_SUMMARIES:
        return ""
    client = client or LLMClient(**settings.AUYL_INSIGHT_LLM)
    language = "Kazakh" if "kk" in theme.labels_by_language else "Russian"
    try:
        summary = client.summarise([r["text"] for r in theme.representatives], label=theme.label, language=language)
    except (LLMDisabled, OSError, ValueError, KeyError):
        return ""
    summary = prepare(summary)[:2000]
    Theme.objects.filter(pk=theme_id).update(summary=summary)
    return summary


# --- discussions and the opinion map -------------------------------------------------------------------------


def _clean_statement(text: str) -> str:
    text = " ".join((text or "").split())
    if len(text) < STATEMENT_MIN:
        raise ValidationError({"text": _("Write a statement of at least %(n)d characters.") % {"n": STATEMENT_MIN}})
    if len(text) > STATEMENT_MAX:
        raise ValidationError({"text": _("A statement is at most %(n)d characters.") % {"n": STATEMENT_MAX}})
    if find_personal_data(text):
        raise ValidationError({"text": _("Remove personal data (names, phone numbers, IINs, e-mails).")})
    return text


@transaction.atomic
def create_discussion(*, actor, community: Community, title: str, description: str = "",
                      statements: Sequence[str] = ()) -> Discussion:
    """A draft discussion with the office's opening statements (published at once, they need no moderation)."""
    require(actor, "create", community.territory.code, subject="insight.discussion")
    title = " ".join((title or "").split())
    if not 5 <= len(title) <= 200:
        raise ValidationError({"title": _("Write the question in 5 to 200 characters.")})
    description = (description or "").strip()[:5000]
    cleaned = [_clean_statement(s) for s in statements if s.strip()]
    discussion = Discussion.objects.create(community=community, title=title, description=description,
                                           created_by=actor)
    Statement.objects.bulk_create([Statement(discussion=discussion, text=s, author=actor,
                                             status=StatementStatus.APPROVED) for s in cleaned])
    audit.record(actor=actor, action="insight.discussion_created", obj=discussion,
                 after={"title": title, "statements": len(cleaned)})
    return discussion


@transaction.atomic
def set_discussion_status(*, actor, discussion: Discussion, status: str) -> Discussion:
    """Open a draft for votes, or close an open discussion (its map stays public)."""
    require(actor, "publish", discussion)
    allowed = {DiscussionStatus.DRAFT: DiscussionStatus.OPEN, DiscussionStatus.OPEN: DiscussionStatus.CLOSED}
    discussion = Discussion.objects.select_for_update().get(pk=discussion.pk)
    if allowed.get(discussion.status) != status:
        raise ValidationError(_("This discussion cannot move to that state."))
    if status == DiscussionStatus.OPEN and not discussion.statements.filter(status=StatementStatus.APPROVED).exists():
        raise ValidationError(_("Add at least one statement before opening the discussion."))
    before = discussion.status
    discussion.status = status
    discussion.save(update_fields=["status"])
    audit.record(actor=actor, action="insight.discussion_status", obj=discussion, before={"status": before},
                 after={"status": status})
    return discussion


@transaction.atomic
def add_statement(*, actor, discussion: Discussion, text: str) -> Statement:
    """A resident proposes a statement (awaits moderation); the office's statements are published at once."""
    require(actor, "create", discussion.permission_scope, subject="insight.statement")
    official = _is_official(actor, discussion)
    if discussion.status != DiscussionStatus.OPEN and not (official and discussion.status == DiscussionStatus.DRAFT):
        raise ValidationError(_("This discussion does not take new statements."))
    text = _clean_statement(text)
    if discussion.statements.filter(text__iexact=text).exists():
        raise ValidationError({"text": _("This statement is already in the discussion.")})
    statement = Statement.objects.create(discussion=discussion, text=text, author=actor, status=(
        StatementStatus.APPROVED if official else StatementStatus.PENDING))
    audit.record(actor=actor, action="insight.statement_added", obj=statement,
                 after={"discussion": discussion.pk, "status": statement.status})
    return statement


def _is_official(actor, discussion: Discussion) -> bool:
    from auyl.core.permissions import can

    return can(actor, "approve", discussion.permission_scope, subject="insight.statement")


@transaction.atomic
def moderate_statement(*, actor, statement: Statement, approve: bool) -> Statement:
    require(actor, "approve", statement)
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.status != StatementStatus.PENDING:
        raise ValidationError(_("This statement was already moderated."))
    statement.status = StatementStatus.APPROVED if approve else StatementStatus.REJECTED
    statement.save(update_fields=["status"])
    audit.record(actor=actor, action="insight.statement_moderated", obj=statement, after={"status": statement.status})
    return statement


def cast_vote(*, actor, statement: Statement, vote: int) -> StatementVote:
    """A verified resident of the community agrees, disagrees or passes; a second vote changes the first.
    The unique constraint keeps one row per resident and statement even under concurrent requests."""
    from auyl.insight.tasks import opinion_map_task

    require(actor, "create", statement.permission_scope, subject="insight.statementvote")
    if vote not in Vote.values:
        raise ValidationError({"vote": _("Choose agree, disagree or pass.")})
    statement = Statement.objects.select_related("discussion").get(pk=statement.pk)  # current states
    discussion = statement.discussion
    resident = getattr(actor, "resident", None)
    if resident is None or resident.community_id != discussion.community_id:
        raise ValidationError(_("Only verified residents of this community vote here."))
    if discussion.status != DiscussionStatus.OPEN or statement.status != StatementStatus.APPROVED:
        raise ValidationError(_("Voting on this statement is closed."))
    for attempt in range(2):
        try:
            with transaction.atomic():
                row, created = StatementVote.objects.select_for_update().get_or_create(
                    statement=statement, resident=resident, defaults={"vote": vote})
                before = None if created else row.vote
                if not created and row.vote != vote:
                    row.vote = vote
                    row.save(update_fields=["vote", "updated_at"])
                audit.record(actor=actor, action="insight.vote", obj=statement, before={"vote": before},
                             after={"vote": vote})
                _after_commit(opinion_map_task, discussion.pk)
            return row
        except IntegrityError:  # a concurrent first vote of the same resident won the insert: update it
            if attempt:
                raise
    raise AssertionError("unreachable")


def compute_opinion_map(discussion_id: int) -> dict:
    """Opinion groups (counts, never names), each group's representative statements and the consensus."""
    from sklearn.exceptions import ConvergenceWarning

    from auyl.text.opinion import opinion_map

    discussion = Discussion.objects.get(pk=discussion_id)
    votes = list(StatementVote.objects.filter(statement__discussion=discussion,
                                              statement__status=StatementStatus.APPROVED)
                 .values_list("resident_id", "statement_id", "vote"))
    voters = len({r for r, _, _ in votes})
    with single_thread(), warnings.catch_warnings():
        # While few have voted, identical voting rows make PCA divide by a zero variance and k-means find
        # fewer distinct points than clusters tried: expected, and the result then has one group.
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        result = opinion_map(votes if voters >= MIN_VOTERS else [],
                             min_votes=min(7, max(1, _approved_count(discussion))))
    groups = {p: n for n, g in enumerate(result.groups) for p in g.participants}
    scale = max((abs(v) for xy in result.coordinates.values() for v in xy), default=1.0) or 1.0
    data = {
        "voters": voters,
        "groups": [{"size": len(g.participants), "representative": [
            {"statement": s.statement, "direction": s.direction, "share": round(s.share, 3)}
            for s in g.representative[:5]]} for g in result.groups],
        "consensus": [{"statement": s.statement, "direction": s.direction, "share": round(s.share, 3)}
                      for s in result.consensus],
        "points": [[round(x / scale, 3), round(y / scale, 3), groups.get(p, -1)] for p, (x, y) in sorted(
            result.coordinates.items(), key=lambda kv: kv[1])],
        "silhouette": round(float(result.silhouette), 3),
    }
    Discussion.objects.filter(pk=discussion_id).update(opinion_map=data, map_status=JobStatus.DONE,
                                                       map_computed_at=timezone.now())
    return data


def _approved_count(discussion: Discussion) -> int:
    return discussion.statements.filter(status=StatementStatus.APPROVED).count()


def enqueue(task: Any, *args: Any) -> None:
    """For callers outside a service (e.g. the appeals signal): run ``task`` after the current commit."""
    _after_commit(task, *args)

