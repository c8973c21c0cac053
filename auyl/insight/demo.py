"""Demo data of the AI helper: a month of appeals with routing suggestions and duplicate groups, their themes,
themes of a contest's proposals when the contests demo made one, and a discussion whose generated votes form
two clear opinion groups. Texts come from the shipped synthetic sets (see ``data/README.md``)."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from auyl.insight import services, sources
from auyl.insight.models import DiscussionStatus, Source, StatementVote, ThemeSet
from auyl.people.selectors import adult_members

DATA = Path(__file__).resolve().parent / "data"
APPEALS_WANTED = 60
STATEMENTS = [
    # camp A: the sports ground by the school; camp B: the road and lighting first; the last two: consensus.
    "Спорт алаңын мектептің жанына салу керек",
    "Стадион нужен рядом со школой, чтобы дети занимались после уроков",
    "Алаңды жастар өздері күтіп ұстайды",
    "Сначала нужно отремонтировать дорогу к кладбищу",
    "Ақша көше жарығына жұмсалуы керек",
    "Спортплощадка подождёт, важнее освещение улиц",
    "Шешімді ауыл тұрғындары бірге қабылдауы керек",
    "Смету проекта нужно опубликовать до начала работ",
]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _appeals(ctx) -> None:
    """A month of appeals (only when the appeals demo left fewer), routed and checked for duplicates."""
    from auyl.appeals.models import Appeal, Category
    from auyl.text.routing import STARTER_DATA

    home = ctx.home
    have = Appeal.objects.filter(community=home).count()
    settlements = list(home.settlements()) or [home.territory]
    residents = list(adult_members(home.pk).order_by("id")[:APPEALS_WANTED])
    categories = {c.code: c for c in Category.objects.all()}
    rows = _rows(STARTER_DATA)
    ctx.rng.shuffle(rows)
    now = timezone.now()
    new = []
    for n, row in enumerate(rows[: max(0, APPEALS_WANTED - have)]):
        received = now - timedelta(days=ctx.rng.randint(0, timezone.localdate(now).day - 1))  # this month
        day = timezone.localdate(received)
        resident = residents[n % len(residents)] if residents else None
        text = row["text"]
        new.append(Appeal(
            community=home, number=f"{home.code}-AI-{n + 1:03d}", category=categories["other"],
            settlement=settlements[n % len(settlements)], subject=text[:60], text=text,
            applicant_resident=resident, applicant_name=resident.full_name if resident else "—",
            received_at=received, registered_on=day, due_on=day + timedelta(days=15),
            forward_by=day + timedelta(days=3), deadline=day + timedelta(days=15)))
    # bulk_create sends no signals: the helper's work is done once here instead of once per appeal.
    Appeal.objects.bulk_create(new)
    for pk in Appeal.objects.filter(community=home).values_list("pk", flat=True):
        services.suggest_routing(pk)
    services.refresh_duplicate_groups(home.pk)
    month = sources.month_key(timezone.localdate())
    theme_set, _ = ThemeSet.objects.get_or_create(community=home, source=Source.APPEALS, source_id=month,
                                                  defaults={"title": sources.appeals_source(home.pk, month,
                                                                                            with_items=False).title})
    services.compute_themes(theme_set.pk)
    ctx.say(f"AI helper: {len(new)} demo appeals routed, duplicates and themes computed")


def _contest_themes(ctx) -> None:
    """Themes of the home community's first contest; ideas from the shipped sample when it has few proposals."""
    from auyl.contests.models import Contest, Proposal, ProposalStatus

    contest = Contest.objects.filter(community=ctx.home).order_by("pk").first()
    if contest is None:
        return
    if contest.proposals.count() < 20:
        authors = [u for key, u in sorted(ctx.users.items()) if key.startswith("resident")]
        settlements = list(ctx.home.settlements()) or [ctx.home.territory]
        Proposal.objects.bulk_create([Proposal(
            contest=contest, author=authors[n % len(authors)], title=row["text"][:200], description=row["text"],
            settlement=settlements[n % len(settlements)], location="—", estimated_cost=ctx.rng.randint(5, 60) * 100_000,
            status=ProposalStatus.SUBMITTED) for n, row in enumerate(_rows(DATA / "ideas_sample.csv")[:80])])
    theme_set, _ = ThemeSet.objects.get_or_create(community=ctx.home, source=Source.CONTEST, source_id=contest.pk,
                                                  defaults={"title": contest.title[:250], "public": True})
    services.compute_themes(theme_set.pk)
    ctx.say(f"AI helper: themes of the contest «{contest.title}»")


def _discussion(ctx) -> None:
    """A discussion with two camps of generated votes (no accounts needed: a vote belongs to a resident)."""
    staff = ctx.users["staff"]
    discussion = services.create_discussion(
        actor=staff, community=ctx.home, title="Спорт алаңы ма, әлде жол мен жарық па? / Спортплощадка или дорога?",
        description="Ауыл бюджетінің 12 млн теңгесін неге жұмсаймыз? На что потратить 12 млн тенге бюджета села?",
        statements=STATEMENTS)
    services.set_discussion_status(actor=staff, discussion=discussion, status=DiscussionStatus.OPEN)
    statements = list(discussion.statements.order_by("pk"))
    votes = []
    for n, resident in enumerate(adult_members(ctx.home.pk).order_by("id")[:90]):
        camp_a = n % 5 < 3  # 60 % / 40 %
        for i, statement in enumerate(statements):
            if ctx.rng.random() < 0.12:
                continue  # not everybody votes on everything
            if i >= 6:
                vote = 1 if ctx.rng.random() < 0.85 else 0
            else:
                vote = 1 if (i < 3) == camp_a else -1
                if ctx.rng.random() < 0.1:
                    vote = ctx.rng.choice([0, -vote])
            votes.append(StatementVote(statement=statement, resident=resident, vote=vote))
    StatementVote.objects.bulk_create(votes)
    services.compute_opinion_map(discussion.pk)
    ctx.say(f"AI helper: discussion with {len(votes)} votes and its opinion map")


def build(ctx) -> None:
    _appeals(ctx)
    _contest_themes(ctx)
    _discussion(ctx)
