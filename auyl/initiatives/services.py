"""Write rules for initiatives, petitions, signatures, paper sheets, moderation and polls.

The signature API other apps use: :func:`sign`, :func:`withdraw`, :func:`signature_count`,
:func:`per_settlement_counts` (the last two are read queries, re-exported from selectors). See
docs/initiatives.md.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.calendar import add_working_days
from auyl.core.hashing import chain_hash
from auyl.core.permissions import can, require
from auyl.core.roles import Action, Role
from auyl.initiatives import limits, tally, thresholds
from auyl.initiatives.models import (
    Answer,
    Ballot,
    Initiative,
    Kind,
    LineResult,
    LogEvent,
    Notice,
    PaperLine,
    PaperSheet,
    Poll,
    Question,
    QuestionKind,
    Report,
    SheetStatus,
    Signature,
    SignatureLogEntry,
    Source,
    Status,
)
from auyl.initiatives.selectors import per_settlement_counts, signature_count  # noqa: F401  (public API)
from auyl.people import crypto
from auyl.people.iin import parse_iin
from auyl.people.models import Resident, RoleAssignment, User
from auyl.people.selectors import adult_members
from auyl.territory.models import Community

SUBJECT = "initiatives.initiative"
# Who is told when the threshold is reached: the addressee of each kind.
ADDRESSEE_ROLES = {
    Kind.CONVENE_GATHERING: (Role.AKIM,),
    Kind.ASSEMBLY_QUESTION: (Role.ASSEMBLY_MEMBER, Role.AKIM),
    Kind.MASLIKHAT_PROPOSAL: (Role.DEPUTY,),
}
MAX_COAUTHORS = 5


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _member(resident: Resident | None, community: Community, on: date) -> bool:
    return resident is not None and adult_members(community.pk, on=on).filter(pk=resident.pk).exists()


def _snapshot(initiative: Initiative) -> dict:
    """What the audit chain keeps of an initiative: no personal data (authors are public, but by id)."""
    return {"status": initiative.status, "kind": initiative.kind, "threshold": initiative.threshold,
            "answer_due": initiative.answer_due.isoformat() if initiative.answer_due else None,
            "hidden": initiative.is_hidden}


# --- drafting ------------------------------------------------------------------------------------------


def _validate_text(title: str, text: str, request: str, collection_days: int, kind: str) -> dict:
    errors: dict[str, list[str]] = {}
    title, text, request = title.strip(), text.strip(), request.strip()
    if len(title) < 10:
        errors["title"] = [_("Give a title of at least 10 characters.")]
    if len(text) < 30:
        errors["text"] = [_("Describe the initiative in at least 30 characters.")]
    if len(request) < 10:
        errors["request"] = [_("Say what you ask for, in at least 10 characters.")]
    if kind not in Kind.values:
        errors["kind"] = [_("Choose what the initiative asks for.")]
    if not thresholds.MIN_COLLECTION_DAYS <= collection_days <= thresholds.MAX_COLLECTION_DAYS:
        errors["collection_days"] = [_("Signatures are collected for %(min)d to %(max)d days.") % {
            "min": thresholds.MIN_COLLECTION_DAYS, "max": thresholds.MAX_COLLECTION_DAYS}]
    if errors:
        raise ValidationError(errors)
    return {"title": title, "text": text, "request": request, "collection_days": collection_days, "kind": kind}


def _coauthors(users: Iterable[User], author: User, community: Community) -> list[User]:
    chosen = [u for u in dict.fromkeys(users) if u.pk != author.pk]
    if len(chosen) > MAX_COAUTHORS:
        raise ValidationError({"coauthors": [_("At most %(n)d co-authors.") % {"n": MAX_COAUTHORS}]})
    today = timezone.localdate()
    for user in chosen:
        if not _member(user.resident, community, today):
            raise ValidationError({"coauthors": [_("Co-authors must be verified adult members of the community.")]})
    return chosen


def draft(user: User, community: Community, *, kind: str, title: str, text: str, request: str,
          collection_days: int = 30, coauthors: Iterable[User] = ()) -> Initiative:
    """A verified adult member of the community drafts an initiative; a deputy of the district maslikhat
    drafts a petition (депутаттық петиция) the same way."""
    require(user, Action.CREATE, community.territory.code, subject=SUBJECT)
    is_petition = can(user, Action.CREATE, community.territory.code, subject="initiatives.petition")
    if not is_petition and not _member(user.resident, community, timezone.localdate()):
        raise ValidationError(_("Only verified adult members of the community can start an initiative here."))
    fields = _validate_text(title, text, request, collection_days, kind)
    chosen = _coauthors(coauthors, user, community)
    limits.hit("draft", user.pk)
    with transaction.atomic():
        initiative = Initiative.objects.create(community=community, author=user, is_petition=is_petition,
                                               **fields)
        initiative.coauthors.set(chosen)
        audit.record(actor=user, action="initiatives.draft", obj=initiative, after=_snapshot(initiative))
    return initiative


def update_draft(user: User, initiative: Initiative, *, kind: str, title: str, text: str, request: str,
                 collection_days: int = 30, coauthors: Iterable[User] = ()) -> Initiative:
    """Authors may change a draft (or a refused one, which goes back to draft) until they submit it."""
    _require_author(user, initiative)
    if initiative.status not in (Status.DRAFT, Status.REFUSED):
        raise ValidationError(_("Only a draft can be changed."))
    fields = _validate_text(title, text, request, collection_days, kind)
    chosen = _coauthors(coauthors, initiative.author, initiative.community)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(initiative, name, value)
        initiative.status = Status.DRAFT
        initiative.refusal_reason = ""
        initiative.save()
        initiative.coauthors.set(chosen)
        audit.record(actor=user, action="initiatives.update_draft", obj=initiative, after=_snapshot(initiative))
    return initiative


def _require_author(user: User, initiative: Initiative) -> None:
    if not getattr(user, "is_authenticated", False) or initiative.author_id != user.pk:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


def submit(user: User, initiative: Initiative, *, now: datetime | None = None) -> Initiative:
    """The author sends the draft to the akim's office for the form check."""
    _require_author(user, initiative)
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if initiative.status != Status.DRAFT:
            raise ValidationError(_("Only a draft can be submitted."))
        before = _snapshot(initiative)
        initiative.status, initiative.submitted_at = Status.SUBMITTED, _now(now)
        initiative.save(update_fields=["status", "submitted_at"])
        audit.record(actor=user, action="initiatives.submit", obj=initiative, before=before,
                     after=_snapshot(initiative))
    return initiative


def check_form(user: User, initiative: Initiative, *, accept: bool, reason: str = "",
               now: datetime | None = None) -> Initiative:
    """Form-only check by the akim's office. Accepting opens the collection: the threshold is computed from
    the registry now and stays fixed. Refusing needs a reason, which is published."""
    require(user, Action.APPROVE, initiative)
    reason = reason.strip()
    if not accept and len(reason) < 10:
        raise ValidationError({"reason": [_("Give the public reason for refusing (at least 10 characters).")]})
    now = _now(now)
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if initiative.status != Status.SUBMITTED:
            raise ValidationError(_("This initiative is not awaiting the form check."))
        before = _snapshot(initiative)
        initiative.checked_by, initiative.checked_at = user, now
        if accept:
            members = adult_members(initiative.community_id, on=timezone.localdate(now)).count()
            initiative.members_at_opening = members
            initiative.threshold = thresholds.threshold(initiative.kind, members)
            initiative.opens_at = now
            initiative.closes_at = now + timedelta(days=initiative.collection_days)
            initiative.status = Status.COLLECTING
        else:
            initiative.status, initiative.refusal_reason = Status.REFUSED, reason
        initiative.save()
        audit.record(actor=user, action="initiatives.check_form", obj=initiative, before=before,
                     after=_snapshot(initiative))
    return initiative


# --- signatures -------------------------------------------------------------------------------------------


def signer_pseudonym(initiative_id: int, resident: Resident) -> str:
    """The same resident gets the same pseudonym within one initiative and unlinkable ones across initiatives."""
    message = f"initiative:{initiative_id}:{resident.iin_hash}".encode()
    return hmac.new(settings.PERSONAL_DATA_KEY.encode(), message, hashlib.sha256).hexdigest()[:16]


def _append_log(initiative: Initiative, event: str, signature: Signature, now: datetime) -> SignatureLogEntry:
    """Append to the initiative's chain; the caller holds the initiative row lock, so seq never collides."""
    entry = SignatureLogEntry(
        initiative=initiative, seq=initiative.log_seq + 1, at=now, event=event, source=signature.source,
        settlement_code=signature.settlement.code, signer=signer_pseudonym(initiative.pk, signature.resident),
        prev_hash=initiative.log_head)
    entry.entry_hash = chain_hash(entry.prev_hash, entry.payload())
    entry.save()
    initiative.log_seq, initiative.log_head = entry.seq, entry.entry_hash
    initiative.save(update_fields=["log_seq", "log_head"])
    return entry


def _locked_collecting(initiative: Initiative, now: datetime) -> Initiative:
    locked = Initiative.objects.select_for_update().select_related("community__territory").get(pk=initiative.pk)
    if locked.is_hidden or not locked.is_collecting(now):
        raise ValidationError(_("This initiative is not collecting signatures."), code="closed")
    return locked


def _add_signature(initiative: Initiative, resident: Resident, source: str, now: datetime) -> Signature | None:
    """Count a resident once: a new row, a withdrawn row made active again, or None if already counted."""
    existing = Signature.objects.select_for_update().filter(initiative=initiative, resident=resident).first()
    if existing and existing.withdrawn_at is None:
        return None
    if existing:
        existing.withdrawn_at, existing.signed_at, existing.source = None, now, source
        existing.settlement_id = resident.settlement_id
        existing.save(update_fields=["withdrawn_at", "signed_at", "source", "settlement"])
        signature = existing
    else:
        try:
            with transaction.atomic():
                signature = Signature.objects.create(initiative=initiative, resident=resident, source=source,
                                                     settlement_id=resident.settlement_id, signed_at=now)
        except IntegrityError:  # a parallel transaction won the race for this resident
            return None
    signature.resident = resident
    _append_log(initiative, LogEvent.SIGN, signature, now)
    return signature


def sign(user: User, initiative: Initiative, *, now: datetime | None = None) -> Signature:
    """A verified adult member of the community signs online. Exactly one signature per resident, however
    many parallel requests arrive: the initiative row is locked and the table has a unique constraint."""
    require(user, Action.CREATE, initiative, subject="initiatives.signature")
    now = _now(now)
    resident = user.resident
    if not _member(resident, initiative.community, timezone.localdate(now)):
        raise ValidationError(_("Only verified adult members of the community can sign."), code="not_member")
    limits.hit("sign", user.pk)
    with transaction.atomic():
        locked = _locked_collecting(initiative, now)
        signature = _add_signature(locked, resident, Source.ONLINE, now)
        if signature is None:
            raise ValidationError(_("You have already signed this initiative."), code="already_signed")
        count = signature_count(locked)
        audit.record(actor=user, action="initiatives.sign", obj=locked, after={"count": count})
        _reach_threshold_if_due(locked, now, count)
    return signature


def withdraw(user: User, initiative: Initiative, *, now: datetime | None = None) -> None:
    """Withdraw one's signature while the collection is open (it closes when the threshold is reached)."""
    require(user, Action.CREATE, initiative, subject="initiatives.signature")
    now = _now(now)
    limits.hit("sign", user.pk)
    with transaction.atomic():
        locked = _locked_collecting(initiative, now)
        signature = (Signature.objects.select_for_update().select_related("settlement", "resident")
                     .filter(initiative=locked, resident_id=user.resident_id, withdrawn_at__isnull=True).first())
        if signature is None:
            raise ValidationError(_("You have not signed this initiative."), code="not_signed")
        signature.withdrawn_at = now
        signature.save(update_fields=["withdrawn_at"])
        _append_log(locked, LogEvent.WITHDRAW, signature, now)
        audit.record(actor=user, action="initiatives.withdraw", obj=locked,
                     after={"count": signature_count(locked)})


def answer_due_date(reached_on: date) -> date:
    """The last day for the addressee's answer: 15 working days counting the day of receipt (APPC art. 76)."""
    return add_working_days(reached_on, thresholds.ANSWER_WORKING_DAYS, count_start=True)


def _reach_threshold_if_due(initiative: Initiative, now: datetime, count: int) -> None:
    if initiative.status != Status.COLLECTING or count < (initiative.threshold or 0):
        return
    before = _snapshot(initiative)
    initiative.status, initiative.threshold_reached_at = Status.AWAITING_ANSWER, now
    initiative.answer_due = answer_due_date(timezone.localdate(now))
    initiative.save(update_fields=["status", "threshold_reached_at", "answer_due"])
    audit.record(actor="system", action="initiatives.threshold_reached", obj=initiative, before=before,
                 after=_snapshot(initiative))
    from auyl.initiatives.tasks import notify_threshold_reached

    initiative_id = initiative.pk
    transaction.on_commit(lambda: notify_threshold_reached.enqueue(initiative_id))


def addressees(initiative: Initiative) -> list[User]:
    """Users holding the addressee's role in a territory that covers the community (akim, assembly, deputies)."""
    code = initiative.community.territory.code
    today = timezone.localdate()
    assignments = (RoleAssignment.objects
                   .filter(role__in=ADDRESSEE_ROLES[Kind(initiative.kind)],
                           territory__prefix__in=[code[:2], code[:4], code[:6], code])
                   .exclude(valid_until__lt=today).exclude(valid_from__gt=today).select_related("user"))
    return list({a.user_id: a.user for a in assignments}.values())


def notify(initiative: Initiative) -> int:
    """Tell the addressee and the authors, each in their language, that the threshold is reached and by when
    the answer is due. Idempotent: a retry does not notify twice."""
    recipients = {u.pk: u for u in [*addressees(initiative), initiative.author, *initiative.coauthors.all()]}
    created = 0
    for user in recipients.values():
        with translation.override(user.preferred_language):
            message = _("The initiative “%(title)s” reached %(n)d signatures. The answer is due by %(due)s.") % {
                "title": initiative.title[:120], "n": initiative.threshold,
                "due": initiative.answer_due.strftime("%d.%m.%Y")}
        if not Notice.objects.filter(user=user, initiative=initiative).exists():
            Notice.objects.create(user=user, initiative=initiative, message=message)
            created += 1
    return created


def answer(user: User, initiative: Initiative, text: str, *, now: datetime | None = None) -> Initiative:
    """The addressee's answer, published on the initiative's page."""
    require(user, Action.PUBLISH, initiative)
    text = text.strip()
    if len(text) < 20:
        raise ValidationError({"answer": [_("Write the answer in at least 20 characters.")]})
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if initiative.status != Status.AWAITING_ANSWER:
            raise ValidationError(_("This initiative is not awaiting an answer."))
        before = _snapshot(initiative)
        initiative.answer, initiative.answered_at, initiative.answered_by = text, _now(now), user
        initiative.status = Status.ANSWERED
        initiative.save(update_fields=["answer", "answered_at", "answered_by", "status"])
        audit.record(actor=user, action="initiatives.answer", obj=initiative, before=before,
                     after=_snapshot(initiative))
    return initiative


def close_expired(*, now: datetime | None = None) -> int:
    """Initiatives whose period ended below the threshold are closed (run by the periodic sweep)."""
    now = _now(now)
    closed = 0
    for initiative_id in Initiative.objects.filter(status=Status.COLLECTING, closes_at__lte=now).values_list(
            "pk", flat=True):
        with transaction.atomic():
            initiative = Initiative.objects.select_for_update().get(pk=initiative_id)
            if initiative.status != Status.COLLECTING:
                continue
            initiative.status = Status.EXPIRED
            initiative.save(update_fields=["status"])
            audit.record(actor="system", action="initiatives.expire", obj=initiative,
                         after=_snapshot(initiative))
            closed += 1
    return closed


# --- paper sheets (double entry) ---------------------------------------------------------------------


def _hashes(iins: Iterable[str]) -> list[tuple[str, str]]:
    """(keyed hash, last four) per line; any malformed IIN refuses the whole sheet, naming the lines."""
    rows, bad = [], []
    for number, raw in enumerate(iins, start=1):
        try:
            info = parse_iin(raw.strip())
        except ValidationError:
            bad.append(number)
            continue
        rows.append((crypto.lookup_hash(info.iin), info.iin[-4:]))
    if bad:
        raise ValidationError({"iins": [_("Lines with an invalid IIN: %(lines)s.") % {
            "lines": ", ".join(map(str, bad))}]})
    if not rows:
        raise ValidationError({"iins": [_("Enter at least one IIN, one per line.")]})
    return rows


def enter_paper_sheet(user: User, initiative: Initiative, *, number: str, iins: list[str]) -> PaperSheet:
    """First entry of a paper sheet by a staff member: IINs one per line, in the order of the sheet."""
    require(user, Action.CREATE, initiative, subject="initiatives.papersheet")
    number = number.strip()
    if not number:
        raise ValidationError({"number": [_("Give the sheet's number.")]})
    rows = _hashes(iins)
    with transaction.atomic():
        if not Initiative.objects.select_for_update().get(pk=initiative.pk).is_collecting():
            raise ValidationError(_("This initiative is not collecting signatures."))
        if PaperSheet.objects.filter(initiative=initiative, number=number).exists():
            raise ValidationError({"number": [_("A sheet with this number is already entered.")]})
        sheet = PaperSheet.objects.create(initiative=initiative, number=number, entered_by=user)
        PaperLine.objects.bulk_create(PaperLine(sheet=sheet, line=i, iin_hash=h, iin_last4=last4)
                                      for i, (h, last4) in enumerate(rows, start=1))
        audit.record(actor=user, action="initiatives.paper_entered", obj=initiative,
                     after={"sheet": number, "lines": len(rows)})
    return sheet


def confirm_paper_sheet(user: User, sheet: PaperSheet, *, iins: list[str],
                        now: datetime | None = None) -> dict[str, int]:
    """Second entry by another staff member. If both entries agree line by line, each line is checked against
    the registry and counted (once per person, even if they also signed online); otherwise nothing changes."""
    require(user, Action.APPROVE, sheet, subject="initiatives.papersheet")
    if sheet.entered_by_id == user.pk:
        raise ValidationError(_("The second entry must be made by another staff member."))
    rows = _hashes(iins)
    now = _now(now)
    with transaction.atomic():
        initiative = _locked_collecting(sheet.initiative, now)
        sheet = PaperSheet.objects.select_for_update().get(pk=sheet.pk)
        if sheet.status != SheetStatus.AWAITING_CONFIRMATION:
            raise ValidationError(_("This sheet is already confirmed."))
        lines = list(sheet.lines.order_by("line"))
        differing = [str(i) for i in range(1, max(len(lines), len(rows)) + 1)
                     if i > len(lines) or i > len(rows) or lines[i - 1].iin_hash != rows[i - 1][0]]
        if differing:
            raise ValidationError({"iins": [_("The two entries differ on lines %(lines)s. Check the sheet.") % {
                "lines": ", ".join(differing[:20])}]})
        residents = {r.iin_hash: r for r in Resident.objects.filter(iin_hash__in=[ln.iin_hash for ln in lines])
                     .select_related("settlement")}
        members = set(adult_members(initiative.community_id, on=timezone.localdate(now))
                      .filter(pk__in=[r.pk for r in residents.values()]).values_list("pk", flat=True))
        outcome = {value: 0 for value in LineResult.values}
        for line in lines:
            resident = residents.get(line.iin_hash)
            if resident is None:
                line.result = LineResult.NOT_FOUND
            elif resident.pk not in members:
                line.result = LineResult.NOT_MEMBER
            elif _add_signature(initiative, resident, Source.PAPER, now) is None:
                line.result = LineResult.ALREADY_SIGNED
            else:
                line.result = LineResult.COUNTED
            outcome[line.result] += 1
        PaperLine.objects.bulk_update(lines, ["result"])
        sheet.status, sheet.confirmed_by, sheet.confirmed_at = SheetStatus.CONFIRMED, user, now
        sheet.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        count = signature_count(initiative)
        audit.record(actor=user, action="initiatives.paper_confirmed", obj=initiative,
                     after={"sheet": sheet.number, **outcome, "count": count})
        _reach_threshold_if_due(initiative, now, count)
    return outcome


# --- moderation and reports ---------------------------------------------------------------------------


def hide(user: User, initiative: Initiative, reason: str) -> Initiative:
    """Moderation: the text is hidden, the public reason shown instead; signing stops while hidden."""
    require(user, Action.APPROVE, initiative)
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError({"reason": [_("Give the public reason for hiding (at least 10 characters).")]})
    with transaction.atomic():
        before = _snapshot(initiative)
        initiative.hidden_reason = reason
        initiative.save(update_fields=["hidden_reason"])
        initiative.reports.filter(handled_at__isnull=True).update(handled_at=timezone.now())
        audit.record(actor=user, action="initiatives.hide", obj=initiative, before=before,
                     after={**_snapshot(initiative), "reason": reason})
    return initiative


def unhide(user: User, initiative: Initiative) -> Initiative:
    require(user, Action.APPROVE, initiative)
    with transaction.atomic():
        before = _snapshot(initiative)
        initiative.hidden_reason = ""
        initiative.save(update_fields=["hidden_reason"])
        audit.record(actor=user, action="initiatives.unhide", obj=initiative, before=before,
                     after=_snapshot(initiative))
    return initiative


def report(user: User, initiative: Initiative, reason: str) -> Report:
    """A logged-in user reports an initiative to the community's moderators (once per initiative)."""
    require(user, Action.CREATE, initiative, subject="initiatives.report")
    reason = reason.strip()
    if len(reason) < 5:
        raise ValidationError({"reason": [_("Say briefly what is wrong.")]})
    limits.hit("report", user.pk)
    try:
        with transaction.atomic():
            return Report.objects.create(reporter=user, initiative=initiative, reason=reason[:500])
    except IntegrityError:
        raise ValidationError(_("You have already reported this initiative.")) from None


def dismiss_reports(user: User, initiative: Initiative) -> int:
    require(user, Action.APPROVE, initiative)
    return initiative.reports.filter(handled_at__isnull=True).update(handled_at=timezone.now())


# --- polls ---------------------------------------------------------------------------------------------


def create_poll(user: User, community: Community, *, title: str, description: str = "", subject_key: str = "",
                min_age: int = 18, opens_at: datetime, closes_at: datetime, spending_line=None) -> Poll:
    """The akim's office puts a spending question to residents (public expertise), optionally tied to one of
    the community's budget spending lines."""
    require(user, Action.CREATE, community.territory.code, subject="initiatives.poll")
    errors: dict[str, list[str]] = {}
    if spending_line is not None and spending_line.community_id != community.pk:
        errors["spending_line"] = [_("Choose a budget line of this community.")]
    if spending_line is not None and not subject_key.strip():
        subject_key = spending_line.programme.code
    if len(title.strip()) < 10:
        errors["title"] = [_("Give a question of at least 10 characters.")]
    if not 14 <= min_age <= 100:
        errors["min_age"] = [_("The minimum age must be between 14 and 100.")]
    if closes_at <= opens_at:
        errors["closes_at"] = [_("The poll must close after it opens.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        poll = Poll.objects.create(community=community, title=title.strip(), description=description.strip(),
                                   subject_key=subject_key.strip(), min_age=min_age, opens_at=opens_at,
                                   closes_at=closes_at, created_by=user, spending_line=spending_line)
        audit.record(actor=user, action="initiatives.poll_created", obj=poll,
                     after={"title": poll.title, "subject": poll.subject_key})
    return poll


def add_question(user: User, poll: Poll, *, text: str, kind: str, options: list[str] = (),
                 max_choices: int | None = None) -> Question:
    require(user, Action.CHANGE, poll)
    if poll.is_ready:
        raise ValidationError(_("The questions of a published poll cannot change."))
    options = [o.strip() for o in options if o.strip()]
    errors: dict[str, list[str]] = {}
    if len(text.strip()) < 5:
        errors["text"] = [_("Write the question.")]
    if kind not in QuestionKind.values:
        errors["kind"] = [_("Choose the kind of question.")]
    elif kind != QuestionKind.TEXT and len(options) < 2:
        errors["options"] = [_("Give at least two options, one per line.")]
    if len(set(options)) != len(options):
        errors["options"] = [_("Options must differ.")]
    if kind == QuestionKind.MULTIPLE and max_choices is not None and not 1 <= max_choices <= len(options):
        errors["max_choices"] = [_("At most as many choices as there are options.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        question = Question.objects.create(poll=poll, text=text.strip(), kind=kind, position=poll.questions.count(),
                                           max_choices=max_choices if kind == QuestionKind.MULTIPLE else None)
        for position, option in enumerate([] if kind == QuestionKind.TEXT else options):
            question.options.create(position=position, text=option)
        audit.record(actor=user, action="initiatives.poll_question", obj=poll, after={"question": question.text})
    return question


def publish_poll(user: User, poll: Poll) -> Poll:
    """Fix the questions and make the poll public; residents answer between its dates."""
    require(user, Action.PUBLISH, poll)
    if not poll.questions.exists():
        raise ValidationError(_("Add at least one question first."))
    if poll.is_closed():
        raise ValidationError(_("The closing date has passed; change the dates first."))
    with transaction.atomic():
        poll.is_ready = True
        poll.save(update_fields=["is_ready"])
        audit.record(actor=user, action="initiatives.poll_published", obj=poll, after={"ready": True})
    return poll


def _age_cutoff(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def eligible_voters(poll: Poll, on: date):
    """Residents who may answer: registered members of the community, not excluded, at least ``min_age``."""
    return Resident.objects.filter(community_id=poll.community_id, is_registered=True, is_excluded=False,
                                   birth_date__lte=_age_cutoff(on, poll.min_age))


def _clean_answers(poll: Poll, answers: dict[int, object]) -> list[Answer]:
    """Turn the submitted values into Answer rows, refusing anything inconsistent with the questions."""
    rows: list[Answer] = []
    for question in poll.questions.prefetch_related("options"):
        value = answers.get(question.pk)
        option_ids = {o.pk for o in question.options.all()}
        if question.kind == QuestionKind.TEXT:
            text = str(value or "").strip()
            if len(text) > 2000:
                raise ValidationError({str(question.pk): [_("At most 2000 characters.")]})
            if text:
                rows.append(Answer(question=question, text=text))
            continue
        chosen = [int(v) for v in (value if isinstance(value, (list, tuple)) else [value] if value else [])]
        if any(v not in option_ids for v in chosen) or len(set(chosen)) != len(chosen):
            raise ValidationError({str(question.pk): [_("Choose among the options given.")]})
        if question.kind == QuestionKind.SINGLE and len(chosen) > 1:
            raise ValidationError({str(question.pk): [_("Choose one option.")]})
        if question.kind == QuestionKind.MULTIPLE and question.max_choices and len(chosen) > question.max_choices:
            raise ValidationError({str(question.pk): [_("Choose at most %(n)d options.") % {
                "n": question.max_choices}]})
        for position, option_id in enumerate(chosen, start=1):
            rows.append(Answer(question=question, option_id=option_id,
                               rank=position if question.kind == QuestionKind.RANKING else None))
    if not rows:
        raise ValidationError(_("Answer at least one question."))
    return rows


def answer_poll(user: User, poll: Poll, answers: dict[int, object], *, now: datetime | None = None) -> Ballot:
    """One ballot per resident (database constraint); answers of a ranking question are in preference order."""
    require(user, Action.CREATE, poll, subject="initiatives.ballot")
    now = _now(now)
    if not poll.is_open(now):
        raise ValidationError(_("This poll is not open."), code="closed")
    resident = user.resident
    if resident is None or not eligible_voters(poll, timezone.localdate(now)).filter(pk=resident.pk).exists():
        raise ValidationError(_("This poll is for verified residents of the community aged %(age)d or over.") % {
            "age": poll.min_age}, code="not_eligible")
    limits.hit("answer", user.pk)
    return store_ballot(poll, resident, answers)


def store_ballot(poll: Poll, resident: Resident, answers: dict[int, object]) -> Ballot:
    """Write one resident's ballot once the caller has checked who answers (answer_poll; the demo)."""
    rows = _clean_answers(poll, answers)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(poll=poll, resident=resident, settlement_id=resident.settlement_id)
            for row in rows:
                row.ballot = ballot
            Answer.objects.bulk_create(rows)
    except IntegrityError:
        raise ValidationError(_("You have already answered this poll."), code="already_answered") from None
    return ballot


def recount(poll: Poll) -> dict:
    """The count of a poll from its stored answers (the published result must equal this)."""
    questions = {q.pk: (q.kind, [o.pk for o in q.options.all()]) for q in poll.questions.prefetch_related("options")}
    rows = (tally.Row(ballot=b, question=q, option=o, rank=r) for b, q, o, r in
            Answer.objects.filter(ballot__poll=poll).values_list("ballot_id", "question_id", "option_id", "rank")
            .iterator(chunk_size=5000))
    by_settlement = dict(Ballot.objects.filter(poll=poll).values_list("settlement__code")
                         .annotate(n=Count("id")).values_list("settlement__code", "n"))
    return {"ballots": sum(by_settlement.values()), "questions": tally.count(questions, rows),
            "ballots_by_settlement": by_settlement}


def publish_results(poll_id: int, *, now: datetime | None = None) -> bool:
    """At the close, count and publish the result with turnout by settlement. Idempotent; True if published."""
    now = _now(now)
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll_id)
        if poll.published_at or not poll.is_ready or not poll.is_closed(now):
            return False
        result = recount(poll)
        eligible = dict(eligible_voters(poll, timezone.localdate(poll.closes_at)).values_list("settlement__code")
                        .annotate(n=Count("id")).values_list("settlement__code", "n"))
        result["eligible"] = sum(eligible.values())
        result["turnout"] = tally.turnout(result["ballots_by_settlement"], eligible)
        poll.result, poll.published_at = result, now
        poll.save(update_fields=["result", "published_at"])
        audit.record(actor="system", action="initiatives.poll_results", obj=poll,
                     after={"ballots": result["ballots"], "eligible": result["eligible"]})
    return True
