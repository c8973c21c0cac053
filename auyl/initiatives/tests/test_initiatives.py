"""Initiatives end to end through the services: draft, check, sign, withdraw, threshold, answer, overdue."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from auyl.core import audit
from auyl.core.testing import make_resident, make_verified_resident
from auyl.initiatives import selectors, services
from auyl.initiatives.models import Initiative, Kind, Notice, SignatureLogEntry, Status
from auyl.initiatives.tests.factories import TEXT, collecting, members, officials
from auyl.people.iin import make_iin

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    people = members(tree.home, 30)  # threshold for a gathering: 10 % of 30 = 3
    return tree, people, officials(tree)


def test_draft_check_sign_threshold_notify_answer(world, django_capture_on_commit_callbacks):
    tree, people, staff = world
    author = people[0]
    initiative = services.draft(author, tree.home, kind=Kind.CONVENE_GATHERING, title="Жиын: жол жөндеу туралы",
                                text=TEXT, request="Жиын шақыру", coauthors=[people[1]])
    assert initiative.status == Status.DRAFT and not initiative.is_public
    services.submit(author, initiative)
    initiative = services.check_form(staff["staff"], initiative, accept=True)
    assert initiative.status == Status.COLLECTING
    assert (initiative.members_at_opening, initiative.threshold) == (30, 3)

    with django_capture_on_commit_callbacks(execute=True):
        for person in people[:3]:
            services.sign(person, initiative)
    initiative.refresh_from_db()
    assert selectors.signature_count(initiative) == 3
    assert initiative.status == Status.AWAITING_ANSWER
    assert initiative.answer_due == services.answer_due_date(timezone.localdate())
    # The addressee (the akim) and both authors are told; the staff member who checked it is not.
    told = set(Notice.objects.filter(initiative=initiative).values_list("user__username", flat=True))
    assert told == {"akim", author.username, people[1].username}
    # Collection closed at the threshold: nobody signs or withdraws any more.
    with pytest.raises(ValidationError):
        services.sign(people[5], initiative)
    with pytest.raises(ValidationError):
        services.withdraw(people[0], initiative)

    with pytest.raises(PermissionDenied):  # the assembly is not the addressee of a gathering initiative
        services.answer(staff["assembly"], initiative, "Жиын 20 сәуірде мектепте өтеді.")
    services.answer(staff["akim"], initiative, "Жиын 20 сәуірде мектепте өтеді, бәріңізді шақырамыз.")
    initiative.refresh_from_db()
    assert initiative.status == Status.ANSWERED and initiative.is_public and initiative.answer
    assert audit.verify().ok


def test_refusal_needs_a_public_reason_and_returns_to_draft(world):
    tree, people, staff = world
    initiative = services.draft(people[0], tree.home, kind=Kind.ASSEMBLY_QUESTION, title="Сұрақ жиналысқа",
                                text=TEXT, request="Жиналыста қарау")
    services.submit(people[0], initiative)
    with pytest.raises(ValidationError):
        services.check_form(staff["staff"], initiative, accept=False, reason="")
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED
    services.check_form(staff["staff"], initiative, accept=False, reason="Мәтінде талап анық жазылмаған.")
    initiative.refresh_from_db()
    assert initiative.status == Status.REFUSED and initiative.is_public
    services.update_draft(people[0], initiative, kind=Kind.ASSEMBLY_QUESTION, title="Сұрақ жиналысқа (түзетілді)",
                          text=TEXT, request="Жиналыста қарау және шешім қабылдау")
    initiative.refresh_from_db()
    assert initiative.status == Status.DRAFT and initiative.refusal_reason == ""


def test_thresholds_by_kind_from_the_registry_at_opening(world):
    tree, people, staff = world
    gathering = collecting(people[0], staff["staff"], tree.home)
    assembly = collecting(people[1], staff["staff"], tree.home, kind=Kind.ASSEMBLY_QUESTION)
    maslikhat = collecting(people[2], staff["staff"], tree.home, kind=Kind.MASLIKHAT_PROPOSAL)
    assert (gathering.threshold, assembly.threshold, maslikhat.threshold) == (3, 10, 25)
    # The registry grows after opening: the threshold stays what it was at opening.
    for _ in range(20):
        make_resident(tree.home)
    gathering.refresh_from_db()
    assert gathering.threshold == 3 and gathering.members_at_opening == 30


def test_bad_input_changes_nothing(world):
    tree, people, _staff = world
    with pytest.raises(ValidationError) as error:
        services.draft(people[0], tree.home, kind="nonsense", title="short", text="x", request="", collection_days=1)
    assert set(error.value.message_dict) == {"kind", "title", "text", "request", "collection_days"}
    assert not Initiative.objects.exists()


def test_only_members_draft_and_sign(world):
    tree, people, staff = world
    outsider = make_verified_resident(tree.neighbour, "outsider")
    with pytest.raises(PermissionDenied):
        services.draft(outsider, tree.home, kind=Kind.CONVENE_GATHERING, title="Бөгде адамның бастамасы",
                       text=TEXT, request="Жиын шақыру")
    minor = make_verified_resident(tree.home, "minor", born=date.today() - timedelta(days=365 * 15))
    initiative = collecting(people[0], staff["staff"], tree.home)
    with pytest.raises(ValidationError):
        services.sign(minor, initiative)
    with pytest.raises(PermissionDenied):
        services.sign(outsider, initiative)
    assert selectors.signature_count(initiative) == 0


def test_deputy_petition(world):
    tree, _people, staff = world
    petition = services.draft(staff["deputy"], tree.home, kind=Kind.MASLIKHAT_PROPOSAL,
                              title="Депутаттық петиция: көпір", text=TEXT, request="Көпір салуды қарау")
    assert petition.is_petition
    services.submit(staff["deputy"], petition)
    services.check_form(staff["staff"], petition, accept=True)
    petition.refresh_from_db()
    assert petition.status == Status.COLLECTING


def test_withdraw_and_sign_again_counts_once_and_chain_adds_up(world):
    tree, people, staff = world
    initiative = collecting(people[0], staff["staff"], tree.home, kind=Kind.ASSEMBLY_QUESTION)
    services.sign(people[1], initiative)
    with pytest.raises(ValidationError):
        services.sign(people[1], initiative)
    services.withdraw(people[1], initiative)
    assert selectors.signature_count(initiative) == 0
    with pytest.raises(ValidationError):
        services.withdraw(people[1], initiative)
    services.sign(people[1], initiative)
    services.sign(people[2], initiative)
    initiative.refresh_from_db()
    assert selectors.signature_count(initiative) == 2
    assert list(SignatureLogEntry.objects.filter(initiative=initiative).values_list("event", flat=True)) == [
        "sign", "withdraw", "sign", "sign"]
    assert selectors.verify_signature_log(initiative) == []
    # The log never holds names or IINs, only a per-initiative pseudonym.
    entry = SignatureLogEntry.objects.filter(initiative=initiative).first()
    assert people[1].resident.last_name not in str(entry.payload())
    # Tampering is detected.
    SignatureLogEntry.objects.filter(pk=entry.pk).update(settlement_code="000000000")
    assert selectors.verify_signature_log(initiative)


def test_per_settlement_counts(world):
    tree, people, staff = world
    initiative = collecting(people[0], staff["staff"], tree.home, kind=Kind.ASSEMBLY_QUESTION)
    for person in people[:5]:
        services.sign(person, initiative)
    counts = {row["code"]: row["count"] for row in selectors.per_settlement_counts(initiative)}
    assert counts == {"596644100": 3, "596644200": 2}


def test_collection_period_ends(world):
    tree, people, staff = world
    start = timezone.now() - timedelta(days=40)
    initiative = collecting(people[0], staff["staff"], tree.home, now=start, days=30)
    with pytest.raises(ValidationError):
        services.sign(people[1], initiative)
    assert services.close_expired() == 1
    initiative.refresh_from_db()
    assert initiative.status == Status.EXPIRED


def _reach(initiative, people, when: datetime):
    for person in people[: initiative.threshold]:
        services.sign(person, initiative, now=when)
    initiative.refresh_from_db()
    return initiative


def test_deadline_in_working_days_across_nauryz(world):
    """Reached on Wednesday 18 March 2026: Nauryz (21–23 March, with 21 and 22 falling on the weekend and moved
    to 24–25 March) pushes the 15th working day to 10 April; a plain weekday count would say 7 April."""
    tree, people, staff = world
    reached = timezone.make_aware(datetime(2026, 3, 18, 11, 0))
    initiative = collecting(people[0], staff["staff"], tree.home, now=reached - timedelta(days=2))
    initiative = _reach(initiative, people, reached)
    assert initiative.answer_due == date(2026, 4, 10)
    assert not initiative.is_overdue(date(2026, 4, 8))
    assert not initiative.is_overdue(date(2026, 4, 10))
    assert initiative.is_overdue(date(2026, 4, 13))
    assert list(selectors.overdue(today=date(2026, 4, 10))) == []
    assert list(selectors.overdue(today=date(2026, 4, 13))) == [initiative]
    services.answer(staff["akim"], initiative, "Жиын 20 сәуірде өтеді, күн тәртібі жарияланды.")
    initiative.refresh_from_db()
    assert not initiative.is_overdue(date(2026, 4, 13))


def test_deadline_across_may_holidays(world):
    """Reached on Monday 27 April 2026: 1, 7, 9 (a Saturday, moved to 11) and 27 May are days off."""
    tree, people, staff = world
    reached = timezone.make_aware(datetime(2026, 4, 27, 16, 0))
    initiative = collecting(people[0], staff["staff"], tree.home, now=reached - timedelta(days=1))
    initiative = _reach(initiative, people, reached)
    assert initiative.answer_due == date(2026, 5, 20)
    assert not initiative.is_overdue(date(2026, 5, 20)) and initiative.is_overdue(date(2026, 5, 21))


def test_rate_limit_on_drafting(world, settings):
    tree, people, _staff = world
    settings.AUYL_INITIATIVE_LIMITS = {"draft": (2, 3600)}
    for i in range(2):
        services.draft(people[0], tree.home, kind=Kind.ASSEMBLY_QUESTION, title=f"Бастама нөмірі {i} туралы",
                       text=TEXT, request="Жиналыста қарау")
    with pytest.raises(ValidationError) as error:
        services.draft(people[0], tree.home, kind=Kind.ASSEMBLY_QUESTION, title="Үшінші бастама туралы",
                       text=TEXT, request="Жиналыста қарау")
    assert error.value.code == "rate_limited"
    assert Initiative.objects.count() == 2


def test_rate_limit_on_signing(world, settings):
    tree, people, staff = world
    settings.AUYL_INITIATIVE_LIMITS = {"sign": (3, 3600)}
    initiative = collecting(people[0], staff["staff"], tree.home, kind=Kind.MASLIKHAT_PROPOSAL)
    services.sign(people[1], initiative)
    services.withdraw(people[1], initiative)
    services.sign(people[1], initiative)
    with pytest.raises(ValidationError):
        services.withdraw(people[1], initiative)
    assert selectors.signature_count(initiative) == 1


def test_moderation_hides_with_public_reason_and_reports(world):
    tree, people, staff = world
    initiative = collecting(people[0], staff["staff"], tree.home, kind=Kind.ASSEMBLY_QUESTION)
    services.report(people[3], initiative, "Мәтінде балағат сөздер бар")
    with pytest.raises(ValidationError):
        services.report(people[3], initiative, "Тағы да")
    assert list(selectors.reported(staff["staff"])) == [initiative]
    with pytest.raises(PermissionDenied):
        services.hide(people[3], initiative, "Маған ұнамайды, жасыру керек")
    with pytest.raises(ValidationError):
        services.hide(staff["staff"], initiative, "")
    services.hide(staff["staff"], initiative, "Мәтінде балағат сөздер бар (ереже 3).")
    assert list(selectors.reported(staff["staff"])) == []
    with pytest.raises(ValidationError):
        services.sign(people[4], initiative)
    services.unhide(staff["staff"], initiative)
    services.sign(people[4], initiative)
    assert selectors.signature_count(initiative) == 1


def test_paper_sheet_double_entry_checked_against_registry(world):
    tree, people, staff = world
    initiative = collecting(people[0], staff["staff"], tree.home, kind=Kind.MASLIKHAT_PROPOSAL)
    online = people[1]
    services.sign(online, initiative)
    paper_only, paper_iin = make_resident(tree.home, settlement=tree.home.settlements().order_by("code").last())
    _outsider, outsider_iin = make_resident(tree.neighbour)
    online_iin = online.resident.reveal_iin()
    unknown = make_iin(date(1970, 1, 1), "F", 9999)  # a valid IIN that is not in the registry
    sheet_iins = [paper_iin, online_iin, outsider_iin, unknown]
    with pytest.raises(ValidationError):  # a malformed IIN refuses the whole sheet
        services.enter_paper_sheet(staff["staff"], initiative, number="1", iins=[*sheet_iins, "123"])
    sheet = services.enter_paper_sheet(staff["staff"], initiative, number="1", iins=sheet_iins)
    assert selectors.signature_count(initiative) == 1  # nothing counts before the second entry

    with pytest.raises(ValidationError):  # the same person cannot confirm their own entry
        services.confirm_paper_sheet(staff["staff"], sheet, iins=sheet_iins)
    with pytest.raises(ValidationError) as error:  # a typo in the second entry: nothing changes
        services.confirm_paper_sheet(staff["staff2"], sheet, iins=[paper_iin, outsider_iin, online_iin, unknown])
    assert "2, 3" in str(error.value)
    assert selectors.signature_count(initiative) == 1

    outcome = services.confirm_paper_sheet(staff["staff2"], sheet, iins=sheet_iins)
    assert outcome == {"pending": 0, "counted": 1, "already_signed": 1, "not_found": 1, "not_member": 1}
    assert selectors.signature_count(initiative) == 2  # the online signer counts once
    assert {r["code"]: r["count"] for r in selectors.per_settlement_counts(initiative)} == {"596644200": 2}
    assert selectors.verify_signature_log(initiative) == []
    with pytest.raises(ValidationError):
        services.confirm_paper_sheet(staff["staff2"], sheet, iins=sheet_iins)
    assert paper_only.pk in set(initiative.signatures.values_list("resident_id", flat=True))
