"""Write rules: set-up frozen at voting, proposals, review, merging, ballots with receipts, paper double entry."""

import time
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from auyl.contests import selectors, services, votelog
from auyl.contests.models import (
    Ballot,
    BallotChoice,
    BallotType,
    Channel,
    Contest,
    LogKind,
    PaperBallotEntry,
    PaperStatus,
    Phase,
    ProposalStatus,
    VoteLogEntry,
)
from auyl.contests.tests.factories import dates_for, make_contest, make_proposal, set_phase
from auyl.core.models import AuditEntry, Notification

pytestmark = pytest.mark.django_db


def test_staff_set_up_a_contest_and_it_is_audited(tree, people):
    settlement = tree.settlement()
    contest = services.create_contest(people["staff"], tree.home, title="Green village", budget_amount=3_000_000,
                                      settlements=[settlement], categories=["Greening", " Lighting ", ""],
                                      **dates_for(Phase.ANNOUNCED))
    assert contest.phase == Phase.ANNOUNCED and contest.min_age == 18 and contest.min_votes == 10
    assert sorted(contest.categories.values_list("name", flat=True)) == ["Greening", "Lighting"]
    entry = AuditEntry.objects.get(action="contests.contest_created")
    assert entry.after["settlements"] == [settlement.code] and entry.territory_code == tree.home.territory.code


@pytest.mark.parametrize("who", ["alice", "far_staff"])
def test_only_officials_of_the_community_set_up_contests(tree, people, who):
    with pytest.raises(PermissionDenied):
        services.create_contest(people[who], tree.home, title="x", budget_amount=1, **dates_for(Phase.ANNOUNCED))
    assert not Contest.objects.exists()


def test_phases_must_be_in_order(tree, people):
    dates = dates_for(Phase.ANNOUNCED)
    dates["voting_until"] = dates["voting_from"] - timedelta(hours=1)
    with pytest.raises(ValidationError):
        services.create_contest(people["staff"], tree.home, title="x", budget_amount=1, **dates)
    assert not Contest.objects.exists()


def test_set_up_is_frozen_once_voting_opens(tree, people):
    contest = make_contest(tree.home, people["staff"], phase=Phase.REVIEW)
    services.update_contest(people["staff"], contest, min_votes=5)
    assert Contest.objects.get().min_votes == 5
    set_phase(contest, Phase.VOTING)
    for change in ({"min_votes": 1}, {"rule": "mes"}, {"budget_amount": 9}, {"voting_until": timezone.now()}):
        with pytest.raises(ValidationError):
            services.update_contest(people["staff"], contest, **change)
    contest.refresh_from_db()
    assert (contest.min_votes, contest.rule, contest.budget_amount) == (5, "greedy", 5_000_000)


def test_advance_phase_needs_a_reviewed_ballot_and_never_closes_voting_early(tree, people):
    contest = make_contest(tree.home, people["staff"], phase=Phase.PROPOSALS)
    services.advance_phase(people["staff"], contest)
    contest.refresh_from_db()
    assert contest.phase == Phase.REVIEW
    with pytest.raises(ValidationError):
        services.advance_phase(people["staff"], contest)  # nothing feasible yet
    make_proposal(contest, people["alice"])
    services.advance_phase(people["staff"], contest)
    contest.refresh_from_db()
    assert contest.phase == Phase.VOTING
    with pytest.raises(PermissionDenied):
        services.advance_phase(people["staff"], contest)
    assert contest.phase == Phase.VOTING


def test_resident_proposes_and_withdraws_before_review(tree, people):
    contest = make_contest(tree.home, people["staff"])
    category = contest.categories.get(name="Greening")
    proposal = services.submit_proposal(people["alice"], contest, title="Trees along Abai street",
                                        description="Plant 40 birches", settlement=tree.settlement(),
                                        location="Abai street", estimated_cost=800_000, category=category)
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.author_label != "alice"
    with pytest.raises(PermissionDenied):
        services.withdraw_proposal(people["bob"], proposal)
    services.withdraw_proposal(people["alice"], proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert list(selectors.proposals(contest)) == []
    assert list(selectors.proposals(contest, people["alice"])) == [proposal]


@pytest.mark.parametrize("who", ["minor", "stranger", "staff"])
def test_underage_outsiders_and_staff_cannot_propose(tree, people, who):
    contest = make_contest(tree.home, people["staff"])
    with pytest.raises(PermissionDenied):
        services.submit_proposal(people[who], contest, title="x", description="y", settlement=tree.settlement(),
                                 location="z", estimated_cost=10)


def test_bad_proposal_input_is_refused_with_field_errors(tree, people):
    contest = make_contest(tree.home, people["staff"])
    with pytest.raises(ValidationError) as error:
        services.submit_proposal(people["alice"], contest, title="x", description="y",
                                 settlement=tree.settlement(tree.neighbour), location="z", estimated_cost=10**9)
    assert set(error.value.message_dict) == {"settlement", "estimated_cost"}
    assert not contest.proposals.exists()


def test_review_with_corrected_cost_notifies_the_author(tree, people, django_capture_on_commit_callbacks):
    contest = make_contest(tree.home, people["staff"])
    proposal = make_proposal(contest, people["alice"], status=ProposalStatus.SUBMITTED, cost=700_000)
    set_phase(contest, Phase.REVIEW)
    with pytest.raises(PermissionDenied):
        services.withdraw_proposal(people["alice"], proposal)  # review has started
    with pytest.raises(ValidationError):
        services.review_proposal(people["staff"], proposal, feasible=True, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.review_proposal(people["staff"], proposal, feasible=True, reason="Fits the land plan",
                                 final_cost=900_000)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.cost) == (ProposalStatus.FEASIBLE, 900_000)
    note = Notification.objects.get(user=people["alice"])  # the one inbox of every app, in her language (kk)
    assert "Playground" in note.body and note.url.endswith(f"/proposals/{proposal.pk}/")


def test_merge_takes_the_duplicate_off_the_ballot(tree, people):
    contest = make_contest(tree.home, people["staff"], phase=Phase.REVIEW)
    a = make_proposal(contest, people["alice"], title="Lights on Abai street")
    b = make_proposal(contest, people["bob"], title="Street lights Abai", status=ProposalStatus.SUBMITTED)
    services.merge_proposals(people["staff"], b, a, reason="Same street")
    b.refresh_from_db()
    assert b.status == ProposalStatus.MERGED and b.merged_into == a
    assert list(selectors.on_ballot(contest)) == [a]


def test_similar_proposals_suggest_duplicates(tree, people):
    contest = make_contest(tree.home, people["staff"])
    lights = make_proposal(contest, people["alice"], title="Уличное освещение на улице Абая",
                           description="Поставить 12 фонарей")
    make_proposal(contest, people["bob"], title="Детская площадка у школы", description="Качели и горка")
    assert selectors.similar_proposals(contest, "Освещение улицы Абая") == [lights]
    assert selectors.similar_proposals(contest, "Су") == []


@pytest.fixture
def voting(tree, people):
    contest = make_contest(tree.home, people["staff"], phase=Phase.REVIEW)
    projects = [make_proposal(contest, people["alice"], title=t, cost=c)
                for t, c in (("Playground", 2_000_000), ("Lights", 1_500_000), ("Trees", 3_000_000))]
    return set_phase(contest, Phase.VOTING), projects


def test_a_changed_vote_leaves_one_ballot_and_a_verifiable_log(voting, people):
    contest, (play, lights, trees) = voting
    first = services.cast_ballot(people["alice"], contest, {play.pk: 1, lights.pk: 1})
    old_code = first.receipt_code
    second = services.cast_ballot(people["alice"], contest, {trees.pk: 1})
    assert Ballot.objects.count() == 1 and second.version == 2 and second.receipt_code != old_code
    assert list(Ballot.objects.get().choices.values_list("proposal", flat=True)) == [trees.pk]
    kinds = list(VoteLogEntry.objects.order_by("seq").values_list("kind", flat=True))
    assert kinds == [LogKind.CAST, LogKind.CHANGED]
    contest.refresh_from_db()
    assert selectors.verify_vote_log(contest).ok
    assert selectors.check_receipt(contest, old_code).counted is False
    check = selectors.check_receipt(contest, second.receipt_code.lower())
    assert check.entry is not None and check.counted
    assert selectors.check_receipt(contest, "0000-0000-0000-0000").entry is None
    # The public log holds hashes, never the code or the choices.
    row = VoteLogEntry.objects.last()
    assert second.receipt_code not in str(row.payload()) and str(trees.pk) not in row.receipt_hash[:0] + row.kind


def test_a_changed_ballot_keeps_exactly_the_new_choices(voting, people):
    """One project kept with other points, one dropped, one added (PostgreSQL writes them in one statement)."""
    contest, (play, lights, trees) = voting
    Contest.objects.filter(pk=contest.pk).update(ballot_type=BallotType.CUMULATIVE)
    contest.refresh_from_db()
    services.cast_ballot(people["alice"], contest, {play.pk: 6, lights.pk: 4})
    services.cast_ballot(people["bob"], contest, {play.pk: 10})
    changed = services.cast_ballot(people["alice"], contest, {lights.pk: 7, trees.pk: 3})
    assert changed.version == 2 and changed.cast_choices == {lights.pk: 7, trees.pk: 3}
    assert dict(BallotChoice.objects.filter(ballot=changed).values_list("proposal", "points")) == {
        lights.pk: 7, trees.pk: 3}
    assert BallotChoice.objects.exclude(ballot=changed).count() == 1  # the other ballot is untouched
    entries = VoteLogEntry.objects.order_by("pk")
    assert [(e.kind, e.supersedes) for e in entries][1:] == [(LogKind.CAST, ""), (LogKind.CHANGED,
                                                                                   entries[0].receipt_hash)]


def test_tampering_with_the_vote_log_is_detected(voting, people):
    contest, (play, *_) = voting
    services.cast_ballot(people["alice"], contest, {play.pk: 1})
    services.cast_ballot(people["bob"], contest, {play.pk: 1})
    VoteLogEntry.objects.filter(seq=1).update(kind=LogKind.PAPER)
    contest.refresh_from_db()
    assert not selectors.verify_vote_log(contest).ok


def test_a_check_sees_the_log_as_of_the_head_it_read(voting, people):
    """Entries chained after the check read the head count as waiting, not as checked nor as a break."""
    contest, (play, *_) = voting
    services.cast_ballot(people["alice"], contest, {play.pk: 1})
    as_read = Contest.objects.get(pk=contest.pk)  # head at entry 1
    services.cast_ballot(people["bob"], contest, {play.pk: 1})  # chained at once (in-process queue)
    assert VoteLogEntry.objects.filter(seq=2).exists()
    check = selectors.verify_vote_log(as_read)
    assert (check.ok, check.entries, check.waiting) == (True, 1, 1)
    contest.refresh_from_db()
    check = selectors.verify_vote_log(contest)
    assert (check.ok, check.entries, check.waiting) == (True, 2, 0)


@pytest.mark.parametrize(("ballot_type", "choices", "ok"), [
    (BallotType.APPROVAL, (1, 1, 1), True),
    (BallotType.APPROVAL, (1, 1, 1, 1), False),  # K = 3
    (BallotType.APPROVAL, (2,), False),
    (BallotType.KNAPSACK, (1, 1), True),  # 3.5 mln of 5
    (BallotType.KNAPSACK, (1, 1, 1), False),  # 6.5 mln
    (BallotType.CUMULATIVE, (6, 4), True),
    (BallotType.CUMULATIVE, (6, 5), False),  # 11 of 10 points
    (BallotType.CUMULATIVE, (), False),
])
def test_ballot_rules_per_ballot_type(voting, people, ballot_type, choices, ok):
    contest, projects = voting
    Contest.objects.filter(pk=contest.pk).update(ballot_type=ballot_type)
    contest.refresh_from_db()
    extra = make_proposal(contest, people["bob"], title="Bench", cost=10_000)
    ids = [p.pk for p in [*projects, extra]]
    choice = dict(zip(ids, choices, strict=False))
    if ok:
        services.cast_ballot(people["alice"], contest, choice)
        assert Ballot.objects.count() == 1
    else:
        with pytest.raises(ValidationError):
            services.cast_ballot(people["alice"], contest, choice)
        assert not Ballot.objects.exists() and not VoteLogEntry.objects.exists()


def test_projects_not_on_the_ballot_cannot_be_chosen(voting, people):
    contest, _ = voting
    rejected = make_proposal(contest, people["bob"], status=ProposalStatus.NOT_FEASIBLE)
    with pytest.raises(ValidationError):
        services.cast_ballot(people["alice"], contest, {rejected.pk: 1})


@pytest.mark.parametrize("who", ["minor", "stranger", "staff"])
def test_only_eligible_residents_vote(voting, people, who):
    contest, (play, *_) = voting
    with pytest.raises(PermissionDenied):
        services.cast_ballot(people[who], contest, {play.pk: 1})


def test_an_entry_left_unchained_is_chained_by_the_next_ballot_or_by_the_count(voting, people, monkeypatch, client):
    """A request that dies between its commit and asking for the chaining (or a lost queued task) leaves its entry
    waiting: saved, counted, visible to its receipt, and chained by the next chaining or by the count."""
    contest, (play, lights, _) = voting
    with monkeypatch.context() as patched:
        patched.setattr(votelog, "chain_soon", lambda contest_id: None)
        first = services.cast_ballot(people["alice"], contest, {play.pk: 1})
    contest.refresh_from_db()
    check = selectors.verify_vote_log(contest)
    assert check.ok and check.entries == 0 and check.waiting == 1 and not selectors.vote_log(contest).exists()
    page = client.get(f"/contests/{contest.pk}/log/", {"code": first.receipt_code}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Its line in the log is being added" in page.content.decode()
    services.cast_ballot(people["bob"], contest, {lights.pk: 1})
    contest.refresh_from_db()
    assert [e.receipt_hash for e in selectors.vote_log(contest)] == [first.receipt_hash, Ballot.objects.get(
        resident=people["bob"].resident).receipt_hash]
    assert selectors.verify_vote_log(contest).ok and selectors.verify_vote_log(contest).waiting == 0
    with monkeypatch.context() as patched:
        patched.setattr(votelog, "chain_soon", lambda contest_id: None)
        services.cast_ballot(people["alice"], contest, {lights.pk: 1})
    set_phase(contest, Phase.RESULTS)
    assert services.count_results(contest.pk).num_ballots == 2
    contest.refresh_from_db()
    check = selectors.verify_vote_log(contest)
    assert check.ok and check.entries == 3 and check.waiting == 0


@pytest.mark.django_db(transaction=True)
def test_with_redis_a_busy_log_is_chained_by_one_deferred_job(voting, people, rq_queue):
    """Ballots in a row ask for one chaining, run by the queue's scheduler about a second later, in one batch."""
    import django_rq
    from django_tasks_rq import Job
    from rq.worker import SimpleWorker

    contest, (play, lights, trees) = voting
    for who, project in (("alice", play), ("bob", lights), ("alice", trees)):
        services.cast_ballot(people[who], contest, {project.pk: 1})
    assert rq_queue.count == 0 and rq_queue.scheduled_job_registry.count == 1  # one job, deferred
    worker = django_rq.get_worker("default", job_class=Job, worker_class=SimpleWorker)  # as `auyl worker`
    worker.work(burst=True, with_scheduler=True)  # a worker's scheduler queues what is due: nothing yet
    contest.refresh_from_db()
    assert selectors.verify_vote_log(contest).waiting == 3
    time.sleep(votelog.CHAIN_AFTER.total_seconds() + 0.1)
    worker.work(burst=True, with_scheduler=True)
    contest.refresh_from_db()
    check = selectors.verify_vote_log(contest)
    assert check.ok and check.entries == 3 and check.waiting == 0


def test_a_backlog_is_chained_in_batches_in_order(voting, people, monkeypatch):
    contest, (play, lights, trees) = voting
    monkeypatch.setattr(votelog, "BATCH", 2)
    monkeypatch.setattr(votelog, "_waiting", {})
    with monkeypatch.context() as patched:
        patched.setattr(votelog, "chain_soon", lambda contest_id: None)
        cast = [services.cast_ballot(people[who], contest, {p.pk: 1}).receipt_hash
                for who, p in (("alice", play), ("bob", lights), ("alice", trees))]
    votelog.chain_all(contest.pk)
    contest.refresh_from_db()
    assert [e.receipt_hash for e in selectors.vote_log(contest)] == cast
    assert selectors.verify_vote_log(contest).ok and selectors.verify_vote_log(contest).waiting == 0


def test_no_ballot_after_the_close(voting, people):
    contest, (play, *_) = voting
    set_phase(contest, Phase.RESULTS)
    with pytest.raises(PermissionDenied):
        services.cast_ballot(people["alice"], contest, {play.pk: 1})
    # Even if the permission check raced the close, the ballot's write re-checks once it holds the contest.
    contest.voting_until = timezone.now() - timedelta(seconds=1)
    with pytest.raises(ValidationError):
        votelog.hold_voting_open(contest)


def test_paper_ballot_needs_a_second_matching_entry_by_another_person(voting, people, tree):
    from auyl.core.testing import make_resident

    contest, (play, lights, _) = voting
    grandma, iin = make_resident(tree.home, last_name="Омарова", first_name="Күләш", sex="F")
    entry = services.enter_paper_ballot(people["staff"], contest, iin=iin, choices={play.pk: 1, lights.pk: 1})
    assert not Ballot.objects.exists()
    with pytest.raises(PermissionDenied):
        services.confirm_paper_ballot(people["staff"], entry, iin=iin, choices={play.pk: 1, lights.pk: 1})
    with pytest.raises(ValidationError):
        services.confirm_paper_ballot(people["staff2"], entry, iin=iin, choices={play.pk: 1})
    assert not Ballot.objects.exists()
    assert PaperBallotEntry.objects.get().mismatches == 1
    ballot = services.confirm_paper_ballot(people["staff2"], entry, iin=iin, choices={lights.pk: 1, play.pk: 1})
    assert ballot.channel == Channel.PAPER and ballot.resident == grandma and ballot.receipt_code
    entry.refresh_from_db()
    assert entry.status == PaperStatus.CONFIRMED and entry.confirmed_by == people["staff2"]
    assert VoteLogEntry.objects.get().kind == LogKind.PAPER
    audit_text = str(list(AuditEntry.objects.values_list("before", "after")))
    assert iin not in audit_text and "Омарова" not in audit_text


def test_paper_ballot_for_someone_who_may_not_vote_is_refused(voting, people, tree):
    from auyl.core.testing import make_resident

    contest, (play, *_) = voting
    _, far_iin = make_resident(tree.far)
    with pytest.raises(ValidationError) as error:
        services.enter_paper_ballot(people["staff"], contest, iin=far_iin, choices={play.pk: 1})
    assert "iin" in error.value.message_dict
    assert not PaperBallotEntry.objects.exists()


def test_money_is_linked_to_a_programme_of_the_communitys_own_budget(tree, people):
    from auyl.budget.models import ProgrammeCode, SpendingLine

    programme = ProgrammeCode.objects.filter(code__contains=".124.011").first() or ProgrammeCode.objects.first()
    own = SpendingLine.objects.create(community=tree.home, programme=programme)
    other = SpendingLine.objects.create(community=tree.far, programme=programme)
    with pytest.raises(ValidationError):
        services.create_contest(people["staff"], tree.home, title="x", budget_amount=1, budget_line=other,
                                **dates_for(Phase.ANNOUNCED))
    contest = services.create_contest(people["staff"], tree.home, title="x", budget_amount=1, budget_line=own,
                                      **dates_for(Phase.ANNOUNCED))
    assert AuditEntry.objects.get(action="contests.contest_created").after["budget_line"] == programme.code
    assert contest in own.contests.all()
