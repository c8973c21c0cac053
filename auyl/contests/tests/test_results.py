"""Counting when voting closes: winners by the engine, explanations, turnout, the exported .pb re-counted by
the engine and by pabutools, funded projects, notifications, implementation tracking."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.contests import counting, services, tasks
from auyl.contests.models import (
    BallotType,
    Contest,
    CountingRule,
    FundedProject,
    Phase,
    ProjectStatus,
    Result,
)
from auyl.contests.tests.factories import make_contest, make_proposal, set_phase
from auyl.core.models import Notification
from auyl.core.testing import make_resident, make_verified_resident
from auyl.pb import reads, tally
from auyl.pb.tests.pabutools_bridge import winners as pabutools_winners

pytestmark = pytest.mark.django_db

# Ballots of 12 residents over projects A..E (costs in ₸): a knapsack-feasible, varied profile.
COSTS = {"A": 2_000_000, "B": 1_500_000, "C": 1_200_000, "D": 900_000, "E": 400_000}
PROFILE = ["AB", "AB", "AC", "A", "BD", "BD", "CD", "CE", "E", "DE", "AE", "B"]


def run_contest(tree, people, *, rule: str, ballot_type: str = BallotType.APPROVAL, min_votes: int = 2,
                profile=PROFILE, capture=None) -> tuple[Contest, dict]:
    contest = make_contest(tree.home, people["staff"], phase=Phase.REVIEW, rule=rule, ballot_type=ballot_type,
                           min_votes=min_votes, budget_amount=4_000_000, max_choices=2)
    projects = {name: make_proposal(contest, people["alice"], title=f"Project {name}", cost=cost)
                for name, cost in COSTS.items()}
    set_phase(contest, Phase.VOTING)
    second = tree.settlement().__class__.objects.filter(code__startswith="596644").exclude(
        pk=tree.settlement().pk).filter(level="settlement").first()
    for i, letters in enumerate(profile):
        voter = make_verified_resident(tree.home, f"voter{i}", born=date(1970, 1, 1 + i),
                                       settlement=second if i % 3 == 0 else tree.settlement())
        if ballot_type == BallotType.CUMULATIVE:
            choices = {projects[letter].pk: 10 // len(letters) for letter in letters}
        else:
            choices = {projects[letter].pk: 1 for letter in letters}
        services.cast_ballot(voter, contest, choices)
    set_phase(contest, Phase.RESULTS)
    if capture:
        with capture(execute=True):
            tasks.count_results.enqueue(contest.pk)
    else:
        tasks.count_results.enqueue(contest.pk)
    return contest, projects


@pytest.mark.parametrize(("rule", "ballot_type"), [
    (CountingRule.GREEDY, BallotType.APPROVAL),
    (CountingRule.MES, BallotType.APPROVAL),
    (CountingRule.GREEDY, BallotType.CUMULATIVE),
    (CountingRule.MES, BallotType.KNAPSACK),
])
def test_exported_pb_recounts_to_the_published_winners(tree, people, rule, ballot_type):
    contest, _projects = run_contest(tree, people, rule=rule, ballot_type=ballot_type)
    result = Result.objects.get(contest=contest)
    published = sorted(str(p.proposal_id) for p in result.rows.filter(funded=True))
    assert published and set(FundedProject.objects.values_list("proposal_id", flat=True)) == {
        int(pid) for pid in published}
    instance = reads(result.pb_text)
    assert instance.num_voters == len(PROFILE) and instance.meta["rule"] in ("greedy-threshold", "equalshares/add1")
    opts = counting.options(services.spec_of(contest))
    assert sorted(tally(instance, opts).winners) == published
    assert sorted(pabutools_winners(instance, opts)) == published
    if rule == CountingRule.GREEDY:  # the file names its own rule and threshold
        assert sorted(tally(instance).winners) == published


def test_greedy_results_follow_votes_and_threshold_with_reasons(tree, people):
    contest, p = run_contest(tree, people, rule=CountingRule.GREEDY, min_votes=3)
    rows = {row.proposal_id: row for row in Result.objects.get(contest=contest).rows.all()}
    # votes: A 5, B 5, C 3, D 4, E 4 — budget 4.0 mln, threshold 3.
    assert [rows[p[x].pk].votes for x in "ABCDE"] == [5, 5, 3, 4, 4]
    assert rows[p["A"].pk].funded and rows[p["A"].pk].reason_kind == "greedy_funded"
    assert rows[p["B"].pk].funded  # A + B = 3.5 mln
    assert rows[p["E"].pk].funded  # ties with D broken by lower cost: 3.9 mln
    assert rows[p["D"].pk].reason_kind == "did_not_fit" and rows[p["D"].pk].reason_data["left"] == 100_000
    assert not rows[p["C"].pk].funded


def test_results_publish_turnout_per_settlement_and_paper_count(tree, people):
    contest, _ = run_contest(tree, people, rule=CountingRule.GREEDY)
    result = Result.objects.get(contest=contest)
    assert result.num_ballots == 12 and result.num_paper == 0
    assert sum(t["ballots"] for t in result.turnout) == 12
    assert len(result.turnout) == 2 and all(t["eligible"] >= t["ballots"] for t in result.turnout)
    assert "Омарова" not in str(result.turnout)


def test_counting_is_idempotent_and_only_after_the_close(tree, people):
    contest = make_contest(tree.home, people["staff"], phase=Phase.VOTING)
    with pytest.raises(ValidationError):
        services.count_results(contest.pk)
    set_phase(contest, Phase.RESULTS)
    first = services.count_results(contest.pk)
    assert services.count_results(contest.pk) == first and Result.objects.count() == 1


def test_voters_are_notified_when_results_are_out(tree, people, django_capture_on_commit_callbacks):
    contest, _ = run_contest(tree, people, rule=CountingRule.GREEDY, capture=django_capture_on_commit_callbacks)
    assert Notification.objects.filter(user__username__startswith="voter").count() == len(PROFILE)
    author = Notification.objects.get(user=people["alice"])  # once, though she wrote five of the projects
    assert contest.title in author.body and author.url.endswith("/results/")


def test_close_due_contests_counts_what_closed(tree, people):
    contest = make_contest(tree.home, people["staff"], phase=Phase.RESULTS)
    open_one = make_contest(tree.home, people["staff"], phase=Phase.VOTING)
    assert services.close_due_contests() == [contest.pk]
    assert Result.objects.filter(contest=contest).exists()
    assert not Result.objects.filter(contest=open_one).exists()


def test_implementation_is_tracked_to_done(tree, people):
    _contest, p = run_contest(tree, people, rule=CountingRule.GREEDY)
    project = FundedProject.objects.get(proposal=p["A"])
    assert project.status == ProjectStatus.PLANNED
    with pytest.raises(PermissionDenied):
        services.record_progress(people["alice"], project, status=ProjectStatus.DONE, text="x", spent_total=1)
    services.record_progress(people["staff"], project, status=ProjectStatus.PROCUREMENT, text="Tender announced",
                             spent_total=0)
    services.record_progress(people["staff"], project, status=ProjectStatus.DONE, text="Playground opened",
                             spent_total=1_950_000)
    project.refresh_from_db()
    assert (project.status, project.spent) == (ProjectStatus.DONE, 1_950_000)
    assert list(project.notes.values_list("status", flat=True)) == [ProjectStatus.DONE, ProjectStatus.PROCUREMENT]


def test_paper_ballots_are_counted_and_marked(tree, people):
    contest = make_contest(tree.home, people["staff"], phase=Phase.REVIEW, min_votes=1)
    play = make_proposal(contest, people["alice"])
    set_phase(contest, Phase.VOTING)
    _, iin = make_resident(tree.home)
    entry = services.enter_paper_ballot(people["staff"], contest, iin=iin, choices={play.pk: 1})
    services.confirm_paper_ballot(people["staff2"], entry, iin=iin, choices={play.pk: 1})
    services.cast_ballot(people["bob"], contest, {play.pk: 1})
    set_phase(contest, Phase.RESULTS)
    result = services.count_results(contest.pk)
    row = result.rows.get()
    assert (result.num_ballots, result.num_paper, row.votes, row.paper_votes, row.funded) == (2, 1, 2, 1, True)


def test_close_due_contests_command_counts_what_closed(tree, people):
    from io import StringIO

    from django.core.management import call_command

    contest = make_contest(tree.home, people["staff"], phase=Phase.RESULTS)
    out = StringIO()
    call_command("close_due_contests", stdout=out)
    assert Result.objects.filter(contest=contest).exists()
    assert "1" in out.getvalue()
