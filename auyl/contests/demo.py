"""Demo contests in the home community: last year's, counted and being built, and this year's, open for voting
with proposals at every stage (on the ballot, rejected, merged, withdrawn)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from auyl.contests import services
from auyl.contests.models import Channel, Contest, ProjectStatus, Proposal, ProposalStatus
from auyl.demo.build import DemoContext
from auyl.people.selectors import adult_members

LAST_YEAR = [  # title, category, cost
    ("Детская площадка в центре аула", "Балалар алаңы / Детские площадки", 4_200_000),
    ("Уличное освещение по улице Абая", "Жарықтандыру / Освещение", 2_600_000),
    ("Саябақ: 60 қайың мен орындықтар", "Көгалдандыру / Озеленение", 1_900_000),
    ("Тротуар от школы до амбулатории", "Жаяу жүргінші жолдары / Тротуары", 5_500_000),
    ("Ремонт спортивной площадки у школы", "Спорт", 3_100_000),
]
THIS_YEAR = [  # title, category, cost, status, reason
    ("Мектеп жанындағы аялдамаға күнқағар", "Көркейту / Благоустройство", 900_000, ProposalStatus.FEASIBLE,
     "Жер учаскесі ауылдық округке тиесілі. / Участок принадлежит сельскому округу."),
    ("Освещение дороги к кладбищу", "Жарықтандыру / Освещение", 1_800_000, ProposalStatus.FEASIBLE,
     "Смета уточнена по ценам 2026 года."),
    ("Спортивные тренажёры в парке", "Спорт", 2_300_000, ProposalStatus.FEASIBLE, "Реализуемо."),
    ("Қаратал ауылында балалар алаңы", "Балалар алаңы / Детские площадки", 3_200_000, ProposalStatus.FEASIBLE,
     "Жоба орындалады. / Проект реализуем."),
    ("Асфальт на трассе республиканского значения", "Жаяу жүргінші жолдары / Тротуары", 9_000_000,
     ProposalStatus.NOT_FEASIBLE, "Трасса республиканская: не в ведении сельского округа (Бюджетный кодекс)."),
    ("Фонари у кладбища", "Жарықтандыру / Освещение", 1_500_000, ProposalStatus.MERGED,
     "Объединено с «Освещение дороги к кладбищу»."),
    ("Гүлзар", "Көркейту / Благоустройство", 300_000, ProposalStatus.WITHDRAWN, ""),
]


def _contest(ctx: DemoContext, title: str, start) -> Contest:
    day = timedelta(days=1)
    categories = sorted({c for _, c, *_ in LAST_YEAR + THIS_YEAR})
    return services.create_contest(
        ctx.users["staff"], ctx.home, title=title, budget_amount=10_000_000, min_votes=10, max_choices=3,
        description="Бюджет народного участия сельского округа. / Ауылдық округтің халық қатысатын бюджеті.",
        proposals_from=start, review_from=start + 40 * day, voting_from=start + 60 * day,
        voting_until=start + 75 * day, implementation_from=start + 90 * day, categories=categories,
        budget_line=ctx.home.spending_lines.filter(programme__code__contains=".011").first())


def _proposal(contest: Contest, author, title: str, category: str, cost: int, status: str, reason: str,
              settlements: list) -> Proposal:
    return Proposal.objects.create(
        contest=contest, author=author, title=title, description=f"{title}. Предложение жителей.",
        category=contest.categories.get(name=category), settlement=settlements[len(title) % len(settlements)],
        location="центр", estimated_cost=cost, status=status, review_reason=reason,
        final_cost=cost if status == ProposalStatus.FEASIBLE else None)


def _vote(ctx: DemoContext, contest: Contest, proposals: list[Proposal], voters: list) -> None:
    """Ballots of generated residents (they have no accounts; the demo writes them as the service does)."""
    weights = [len(proposals) - i for i in range(len(proposals))]
    for resident in voters:
        picks = {p.pk: 1 for p in ctx.rng.choices(proposals, weights=weights, k=ctx.rng.randint(1, 3))}
        services._store_ballot(contest, resident.pk, picks, channel=Channel.ONLINE, user=None)


def build(ctx: DemoContext) -> None:
    now = timezone.now()
    settlements = list(ctx.home.settlements().order_by("code")) or [ctx.home.territory]
    authors = [ctx.users[f"resident{i}"] for i in range(1, 6) if f"resident{i}" in ctx.users]
    voters = list(adult_members(ctx.home.pk).order_by("id")[10:400])
    split = len(voters) * 3 // 4  # most voted last year, the rest have voted so far this year

    # Last year's contest: voting in the past (clock moved as time would), counted, winners being built.
    past = _contest(ctx, "Көркем ауыл 2025 / Красивый аул 2025", now - timedelta(days=70))
    projects = [_proposal(past, authors[i % len(authors)], t, c, cost, ProposalStatus.FEASIBLE, "Реализуемо.",
                          settlements) for i, (t, c, cost) in enumerate(LAST_YEAR)]
    _vote(ctx, past, projects, voters[:split])
    Contest.objects.filter(pk=past.pk).update(voting_until=now - timedelta(days=1),
                                              implementation_from=now - timedelta(hours=1))
    result = services.count_results(past.pk)
    funded = list(result.rows.filter(funded=True).select_related("proposal__project"))
    if funded:
        first = funded[0].proposal.project
        services.record_progress(ctx.users["staff"], first, status=ProjectStatus.PROCUREMENT,
                                 text="Объявлен конкурс госзакупок. / Мемлекеттік сатып алу жарияланды.",
                                 spent_total=0)
        services.record_progress(ctx.users["staff"], first, status=ProjectStatus.IN_PROGRESS,
                                 text="Подрядчик начал работы. / Мердігер жұмысты бастады.",
                                 spent_total=first.budget // 2)

    # This year's contest: voting open now; proposals at every stage.
    current = _contest(ctx, "Көркем ауыл 2026 / Красивый аул 2026", now - timedelta(days=61))
    rows = [_proposal(current, authors[i % len(authors)], *row, settlements) for i, row in enumerate(THIS_YEAR)]
    lights = next(p for p in rows if p.title.startswith("Освещение"))
    Proposal.objects.filter(status=ProposalStatus.MERGED, contest=current).update(merged_into=lights)
    _vote(ctx, current, [p for p in rows if p.status == ProposalStatus.FEASIBLE], voters[split:])
    ctx.say(f"Contests: {past.title} counted ({len(funded)} funded), {current.title} open for voting")
