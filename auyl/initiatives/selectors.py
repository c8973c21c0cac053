"""Read queries for initiatives and polls: counts, per-settlement totals, lists by visibility, open data."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from auyl.core.permissions import is_platform_admin, role_scopes
from auyl.core.roles import OFFICIALS, OVERSIGHT, Role
from auyl.initiatives.models import (
    PUBLIC_STATUSES,
    Answer,
    Initiative,
    Kind,
    Notice,
    Poll,
    QuestionKind,
    Signature,
    SignatureLogEntry,
    Status,
)

ACTIVE = Q(signatures__withdrawn_at__isnull=True)


def signature_count(initiative: Initiative) -> int:
    """Signatures that count now: online and paper, each resident once, withdrawn ones excluded."""
    return Signature.objects.filter(initiative=initiative, withdrawn_at__isnull=True).count()


def per_settlement_counts(initiative: Initiative) -> list[dict]:
    """Counted signatures per settlement (KATO code and names), largest first: the public breakdown."""
    rows = (Signature.objects.filter(initiative=initiative, withdrawn_at__isnull=True)
            .values("settlement__code", "settlement__name_kk", "settlement__name_ru")
            .annotate(count=Count("id")).order_by("-count", "settlement__code"))
    return [{"code": r["settlement__code"], "name_kk": r["settlement__name_kk"],
             "name_ru": r["settlement__name_ru"], "count": r["count"]} for r in rows]


def has_signed(user, initiative: Initiative) -> bool:
    if not getattr(user, "resident_id", None):
        return False
    return Signature.objects.filter(initiative=initiative, resident_id=user.resident_id,
                                    withdrawn_at__isnull=True).exists()


def _with_counts(qs: QuerySet[Initiative]) -> QuerySet[Initiative]:
    return (qs.select_related("community__territory", "author__resident")
            .annotate(signature_total=Count("signatures", filter=ACTIVE)))


def _official_prefixes(user, roles) -> list[str] | None:
    """KATO prefixes where the user holds one of ``roles``; None means everywhere (admins)."""
    if is_platform_admin(user, None):
        return None
    return [prefix for role, prefix in role_scopes(user) if role in {str(r) for r in roles}]


def _scope_filter(prefixes: list[str], field: str) -> Q:
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(**{f"{field}__startswith": prefix})
    return condition


def initiatives_visible_to(user, *, community_code: str = "") -> QuerySet[Initiative]:
    """Public initiatives, plus the user's own drafts and, for officials and oversight, those awaiting the check
    in their territories."""
    condition = Q(status__in=PUBLIC_STATUSES)
    if getattr(user, "is_authenticated", False):
        # A subquery, not a join: a join on co-authors would repeat rows and inflate the signature counts.
        coauthored = Initiative.coauthors.through.objects.filter(user=user).values("initiative_id")
        condition |= Q(author=user) | Q(pk__in=coauthored)
        prefixes = _official_prefixes(user, (*OFFICIALS, *OVERSIGHT))
        if prefixes is None:
            condition |= Q(status=Status.SUBMITTED)
        elif prefixes:
            condition |= Q(status=Status.SUBMITTED) & _scope_filter(prefixes, "community__territory__code")
    qs = Initiative.objects.filter(condition)
    if community_code:
        qs = qs.filter(community__territory__code=community_code)
    return _with_counts(qs).order_by("-created_at")


def public_initiatives(*, community_code: str = "") -> QuerySet[Initiative]:
    qs = Initiative.objects.filter(status__in=PUBLIC_STATUSES)
    if community_code:
        qs = qs.filter(community__territory__code=community_code)
    return _with_counts(qs).order_by("-created_at")


def initiative_detail(pk: int) -> Initiative:
    return (Initiative.objects.select_related("community__territory", "author__resident",
                                              "community__district")
            .prefetch_related("coauthors__resident").get(pk=pk))


def signature_log(initiative: Initiative) -> QuerySet[SignatureLogEntry]:
    return SignatureLogEntry.objects.filter(initiative=initiative).order_by("seq")


def verify_signature_log(initiative: Initiative) -> list[str]:
    """Recompute the initiative's chain; returns the problems found (empty when intact)."""
    from auyl.core.hashing import GENESIS_HASH, chain_hash

    problems, prev, expected = [], GENESIS_HASH, 1
    signed: dict[str, int] = {}
    for entry in signature_log(initiative).iterator(chunk_size=2000):
        if entry.seq != expected:
            problems.append(f"entry #{expected} is missing")
        if entry.prev_hash != prev or chain_hash(entry.prev_hash, entry.payload()) != entry.entry_hash:
            problems.append(f"entry #{entry.seq} was altered")
        signed[entry.signer] = signed.get(entry.signer, 0) + (1 if entry.event == "sign" else -1)
        prev, expected = entry.entry_hash, entry.seq + 1
    if prev != Initiative.objects.values_list("log_head", flat=True).get(pk=initiative.pk):
        problems.append("the chain does not end at the initiative's head")
    if sum(1 for v in signed.values() if v == 1) != signature_count(initiative):
        problems.append("the log does not add up to the signature count")
    return problems


def awaiting_check(user) -> QuerySet[Initiative]:
    prefixes = _official_prefixes(user, OFFICIALS)
    qs = Initiative.objects.filter(status=Status.SUBMITTED)
    if prefixes is not None:
        qs = qs.filter(_scope_filter(prefixes, "community__territory__code"))
    return _with_counts(qs).order_by("submitted_at")


def awaiting_answer(user) -> QuerySet[Initiative]:
    """Initiatives the user's office must answer, the most urgent first (overdue ones included)."""
    roles = (*OFFICIALS, Role.ASSEMBLY_MEMBER, Role.DEPUTY)
    prefixes = _official_prefixes(user, roles)
    qs = Initiative.objects.filter(status=Status.AWAITING_ANSWER)
    if prefixes is not None:
        qs = qs.filter(_scope_filter(prefixes, "community__territory__code"))
    return _with_counts(qs).order_by("answer_due")


def overdue(*, today: date | None = None) -> QuerySet[Initiative]:
    """Threshold reached, no answer, and the last legal day has passed."""
    today = today or timezone.localdate()
    return Initiative.objects.filter(status=Status.AWAITING_ANSWER, answer_due__lt=today)


def gathering_initiatives(community_id: int) -> QuerySet[Initiative]:
    """For assemblies: initiatives to convene a gathering that reached 10 % (awaiting answer or answered)."""
    return Initiative.objects.filter(community_id=community_id, kind=Kind.CONVENE_GATHERING,
                                     status__in=[Status.AWAITING_ANSWER, Status.ANSWERED]).order_by(
        "-threshold_reached_at")


def reported(user) -> QuerySet[Initiative]:
    prefixes = _official_prefixes(user, OFFICIALS)
    qs = Initiative.objects.filter(reports__handled_at__isnull=True)
    if prefixes is not None:
        qs = qs.filter(_scope_filter(prefixes, "community__territory__code"))
    return qs.annotate(open_reports=Count("reports", filter=Q(reports__handled_at__isnull=True))).distinct()


def notices_for(user) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user).select_related("initiative")[:50]


# --- polls ---------------------------------------------------------------------------------------------


def polls_visible_to(user, *, community_code: str = "") -> QuerySet[Poll]:
    condition = Q(is_ready=True)
    prefixes = _official_prefixes(user, (*OFFICIALS, *OVERSIGHT)) if getattr(user, "is_authenticated", False) \
        else []
    if prefixes is None:
        condition = Q()
    elif prefixes:
        condition |= _scope_filter(prefixes, "community__territory__code")
    qs = Poll.objects.filter(condition)
    if community_code:
        qs = qs.filter(community__territory__code=community_code)
    return qs.select_related("community__territory").annotate(ballot_total=Count("ballots")).order_by("-opens_at")


def poll_detail(pk: int) -> Poll:
    return (Poll.objects.select_related("community__territory", "spending_line__programme")
            .prefetch_related("questions__options").get(pk=pk))


def has_answered(user, poll: Poll) -> bool:
    return bool(getattr(user, "resident_id", None)) and poll.ballots.filter(resident_id=user.resident_id).exists()


def polls_due_for_results(*, now=None) -> QuerySet[Poll]:
    return Poll.objects.filter(is_ready=True, published_at__isnull=True, closes_at__lte=now or timezone.now())


def free_text_answers(poll_id: int) -> QuerySet[Answer]:
    """Free-text answers of a poll for the AI helper to mask and theme: text, question and settlement only.
    The texts are residents' own words and may hold personal data: mask them before showing them anywhere."""
    return (Answer.objects.filter(ballot__poll_id=poll_id, question__kind=QuestionKind.TEXT)
            .exclude(text="").values("id", "question_id", "text", "ballot__settlement__code").order_by("id"))
