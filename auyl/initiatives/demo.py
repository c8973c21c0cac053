"""Demo data: an initiative collecting signatures (online and paper), one that reached 10 % with the akim's
published answer, a deputy's petition, one awaiting the form check, an open poll and a closed poll with results.

Everything goes through the services, so the demo exercises the same rules as the pages."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from auyl.budget.models import SpendingLine
from auyl.demo.build import DemoContext
from auyl.initiatives import services
from auyl.initiatives.models import Initiative, Kind, Poll, QuestionKind
from auyl.people.models import Resident
from auyl.people.selectors import adult_members

TEXT_ROAD = (
    "Қаратал ауылына апаратын көшеде жарық жоқ: кешке балалар мен қарттар қараңғыда жүреді. "
    "Көше жарығын ауыл шетіне дейін созуды және оны келесі жылғы бюджетке енгізуді жиналыста қарауды сұраймыз.")
TEXT_WATER = (
    "Көктемнен бері ауыз су құбыры жиі істен шығады, су тасымалдауға әр отбасы айына 8–10 мың теңге жұмсайды. "
    "Құбырды жөндеу жоспары мен мерзімін талқылау үшін жергілікті қоғамдастық жиынын шақыруды талап етеміз.")
TEXT_BRIDGE = (
    "Өзен арқылы өтетін ағаш көпір тозған, көктемгі су тасқынында жол жабылады. Аудандық мәслихатқа көпірді "
    "аудандық бағдарламаға енгізу туралы ұсыныс жолдаймыз.")
ANSWER = (
    "Жиын 2026 жылғы 24 сәуірде сағат 11:00-де Көкалажар ауылының мәдениет үйінде өтеді. Күн тәртібі: ауыз су "
    "құбырын жөндеу жоспары. Аудан әкімінің келісімі алынды, хабарландыру жарияланды.")


def _members(ctx: DemoContext, exclude: set[int]) -> QuerySet[Resident]:
    return adult_members(ctx.home.pk).exclude(pk__in=exclude).order_by("id")


def _paper(ctx: DemoContext, initiative: Initiative, residents: list[Resident], number: str, now) -> None:
    """A paper sheet entered by one staff member and confirmed by the other (double entry)."""
    iins = [r.reveal_iin() for r in residents]
    sheet = services.enter_paper_sheet(ctx.users["staff"], initiative, number=number, iins=iins)
    services.confirm_paper_sheet(ctx.users["staff2"], sheet, iins=iins, now=now)


def _initiative(ctx: DemoContext, author, *, kind: str, title: str, text: str, request: str, opened) -> Initiative:
    initiative = services.draft(author, ctx.home, kind=kind, title=title, text=text, request=request,
                                collection_days=45)
    services.submit(author, initiative, now=opened - timedelta(days=1))
    return services.check_form(ctx.users["staff"], initiative, accept=True, now=opened)


def build(ctx: DemoContext) -> None:
    now = timezone.now()
    residents = [ctx.users[f"resident{i}"] for i in range(1, 6) if f"resident{i}" in ctx.users]
    accounts = {u.resident_id for u in residents}

    # 1. Collecting: a question to the assembly, signed online by residents and on one paper sheet.
    lights = _initiative(ctx, residents[0], kind=Kind.ASSEMBLY_QUESTION,
                         title="Қаратал көшесіне жарық тартуды жиналыста қарау", text=TEXT_ROAD,
                         request="Көше жарығын келесі жылдың бюджетіне енгізу мәселесін жиналыста қарау",
                         opened=now - timedelta(days=6))
    for user in residents[1:]:
        services.sign(user, lights, now=now - timedelta(days=5))
    share = max(1, (lights.threshold or 0) // 3)
    _paper(ctx, lights, list(_members(ctx, accounts)[:share]), "Қ-1", now - timedelta(days=2))

    # 2. Reached 10 %: a gathering convened on residents' initiative, answered by the akim.
    water = _initiative(ctx, residents[2], kind=Kind.CONVENE_GATHERING,
                        title="Ауыз су мәселесі бойынша жиын шақыру", text=TEXT_WATER,
                        request="Ауыз су құбырын жөндеу туралы жергілікті қоғамдастық жиынын шақыру",
                        opened=now - timedelta(days=20))
    services.sign(residents[0], water, now=now - timedelta(days=19))
    signers = list(_members(ctx, accounts)[: water.threshold])
    half = len(signers) // 2
    _paper(ctx, water, signers[:half], "С-1", now - timedelta(days=15))
    _paper(ctx, water, signers[half:], "С-2", now - timedelta(days=12))
    water.refresh_from_db()
    services.answer(ctx.users["akim"], water, ANSWER, now=now - timedelta(days=4))

    # 3. A deputy's petition to the district maslikhat, and a draft awaiting the form check.
    bridge = services.draft(ctx.users["deputy"], ctx.home, kind=Kind.MASLIKHAT_PROPOSAL,
                            title="Депутаттық петиция: өзен үстіндегі көпірді жөндеу", text=TEXT_BRIDGE,
                            request="Көпірді жөндеуді аудандық бағдарламаға енгізу")
    services.submit(ctx.users["deputy"], bridge, now=now - timedelta(days=3))
    services.check_form(ctx.users["staff"], bridge, accept=True, now=now - timedelta(days=2))
    services.sign(residents[3], bridge, now=now - timedelta(days=1))
    waiting = services.draft(residents[4], ctx.home, kind=Kind.ASSEMBLY_QUESTION,
                             title="Мектеп автобусының кестесін өзгерту", text=TEXT_ROAD,
                             request="Кестені сабақ басталатын уақытқа сәйкестендіру")
    services.submit(residents[4], waiting)

    # 4. Polls: one open now, one closed with results published.
    _poll(ctx, "Спорт алаңына 12 млн теңге жұмсаймыз ба?", "124-011", now - timedelta(days=1),
          now + timedelta(days=13), answers=40)
    closed = _poll(ctx, "Мәдениет үйінің шатырын жөндеуге 8 млн теңге бөлеміз бе?", "124-006",
                   now - timedelta(days=30), now + timedelta(days=1), answers=180,
                   line=SpendingLine.objects.filter(community=ctx.home).order_by("programme__code").first())
    Poll.objects.filter(pk=closed.pk).update(closes_at=now - timedelta(days=2))
    services.publish_results(closed.pk)
    ctx.say(f"Initiatives: {Initiative.objects.filter(community=ctx.home).count()}, polls: 2")


def _poll(ctx: DemoContext, title: str, subject: str, opens, closes, *, answers: int, line=None) -> Poll:
    """A published poll with four kinds of question and ``answers`` ballots of random adult members."""
    staff = ctx.users["staff"]
    poll = services.create_poll(staff, ctx.home, title=title, subject_key="" if line else subject, opens_at=opens,
                                closes_at=closes, description="Бюджеттік бағдарлама бойынша қоғамдық сараптама.",
                                spending_line=line)
    yes_no = services.add_question(staff, poll, text="Қолдайсыз ба?", kind=QuestionKind.SINGLE,
                                   options=["Иә", "Жоқ", "Білмеймін"])
    needs = services.add_question(staff, poll, text="Ауылға ең алдымен не керек? (екеуіне дейін)",
                                  kind=QuestionKind.MULTIPLE, options=["Жол", "Жарық", "Су", "Спорт"],
                                  max_choices=2)
    order = services.add_question(staff, poll, text="Жобаларды маңыздылығы бойынша реттеңіз",
                                  kind=QuestionKind.RANKING, options=["Мектеп", "Саябақ", "Көпір"])
    comment = services.add_question(staff, poll, text="Ұсыныстарыңыз", kind=QuestionKind.TEXT)
    services.publish_poll(staff, poll)
    yes_no_ids = list(yes_no.options.values_list("pk", flat=True))
    need_ids = list(needs.options.values_list("pk", flat=True))
    order_ids = list(order.options.values_list("pk", flat=True))
    comments = ["", "", "Алаң мектептің жанында болсын", "Алдымен жолды жөндеу керек", "Хорошая идея"]
    pool = sorted(adult_members(ctx.home.pk).values_list("pk", flat=True))
    chosen = set(ctx.rng.sample(pool, k=min(answers, len(pool))))
    for resident in Resident.objects.filter(pk__in=chosen).order_by("pk"):
        ranking = ctx.rng.sample(order_ids, k=len(order_ids))
        services.store_ballot(poll, resident, {
            yes_no.pk: ctx.rng.choices(yes_no_ids, weights=[6, 3, 1])[0],
            needs.pk: ctx.rng.sample(need_ids, k=ctx.rng.randint(1, 2)),
            order.pk: ranking[: ctx.rng.randint(1, 3)],
            comment.pk: ctx.rng.choice(comments),
        })
    return poll
