"""Demo appeals in every state (some overdue, one extended, one forwarded), a monthly reception schedule with
bookings, requests to other agencies, and an Open311 client key."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from auyl.appeals import deadlines, services
from auyl.appeals.catalogue import install_categories
from auyl.appeals.models import Category, Channel, Kind

ANSWER = "Мәселе қаралды, жұмыс жоспарға енгізілді. / Вопрос рассмотрен, работы запланированы."
SAMPLES = [
    ("water", Kind.APPLICATION, "Су жоқ", "Абай көшесінде үш күннен бері ауыз су жоқ. Колонка сынған."),
    ("roads", Kind.REPORT, "Яма на дороге", "На въезде в село большая яма, машины объезжают по обочине."),
    ("lighting", Kind.REPORT, "Көше шамы жанбайды", "Мектеп жанындағы көше шамдары бір айдан бері жанбайды."),
    ("waste", Kind.COMPLAINT, "Стихийная свалка", "За кладбищем снова свалка мусора, жалоба повторная."),
    ("landscaping", Kind.PROPOSAL, "Саябақ салу", "Орталықта балалар ойын алаңы бар шағын саябақ салуды ұсынамын."),
    ("land", Kind.APPLICATION, "Участок под ИЖС", "Прошу сообщить порядок получения участка под строительство дома."),
    ("social", Kind.APPLICATION, "Әлеуметтік көмек", "Көп балалы отбасымыз, отын алуға көмек сұраймын."),
    ("transport", Kind.APPLICATION, "Школьный автобус", "Автобус не заезжает на нашу улицу, дети идут пешком 3 км."),
    ("animals", Kind.REPORT, "Қаңғыбас иттер", "Мектеп маңында қаңғыбас иттер көбейді, балалар қорқады."),
    ("documents", Kind.APPLICATION, "Справка о составе семьи", "Прошу выдать справку о составе семьи для банка."),
    ("housing", Kind.COMPLAINT, "Отопление клуба", "Ауылдық клубта жылу жоқ, үйірмелер тоқтап қалды."),
    ("culture", Kind.PROPOSAL, "Турнир по волейболу", "Предлагаю провести летом турнир по волейболу между селами."),
]


def build(ctx) -> None:
    install_categories()
    categories = {c.code: c for c in Category.objects.all()}
    now = timezone.now()
    admin, akim, staff = ctx.users["admin"], ctx.users["akim"], ctx.users["staff"]
    residents = [ctx.users[f"resident{i}"] for i in range(1, 6) if f"resident{i}" in ctx.users]
    created = 0
    for community in ctx.communities:
        home = community.pk == ctx.home.pk
        settlements = list(community.settlements().order_by("code")[:3])
        for index in range(36 if home else 8):
            code, kind, subject, text = SAMPLES[index % len(SAMPLES)]
            received = now - timedelta(days=ctx.rng.randint(0, 45), hours=ctx.rng.randint(0, 8))
            settlement = settlements[index % len(settlements)] if settlements else None
            if home and residents and index % 3:
                appeal = services.file_appeal(
                    actor=residents[index % len(residents)], community=community, category=categories[code],
                    kind=kind, subject=subject, text=text, settlement=settlement, received_at=received,
                    is_public=kind == Kind.REPORT)
            else:
                appeal = services.file_appeal(
                    actor=admin, community=community, category=categories[code], kind=kind, subject=subject,
                    text=text, settlement=settlement, received_at=received, channel=Channel.PAPER,
                    applicant_name=f"{ctx.rng.choice(['Ахметов', 'Иванова', 'Сәрсенбаев', 'Омарова'])} "
                                   f"{ctx.rng.choice(['А.', 'Б.', 'Г.', 'Е.'])}")
            created += 1
            handler = staff if home else admin
            roll = ctx.rng.random()
            if appeal.deadline < timezone.localdate() and roll < 0.5:
                continue  # left overdue on purpose
            if roll < 0.45:
                services.assign(actor=akim if home else admin, appeal=appeal, assignee=handler)
                services.answer(actor=handler, appeal=appeal, text=ANSWER)
                author = appeal.applicant_user
                if author is not None and roll < 0.3:
                    services.rate_answer(actor=author, appeal=appeal, rating=ctx.rng.choice([3, 4, 5, 5, 2]))
            elif roll < 0.55 and appeal.kind in services.SIMPLIFIED_KINDS:
                services.terminate(actor=handler, appeal=appeal, reason="Принято к сведению.")
            elif roll < 0.62:
                services.forward(actor=handler, appeal=appeal, to="Ғабит Мүсірепов ауданының жер қатынастары бөлімі")
            elif roll < 0.7 and home and appeal.deadline >= timezone.localdate():
                services.extend_term(actor=akim, appeal=appeal, until=deadlines.latest_extension(appeal.registered_on),
                                     reason="Нужна проверка районного отдела ЖКХ и сметы на ремонт водопровода.")
            elif roll < 0.85:
                services.assign(actor=akim if home else admin, appeal=appeal, assignee=handler)
    home = ctx.home
    first = date(timezone.localdate().year, timezone.localdate().month, 1) + timedelta(days=9)
    receptions = services.schedule_receptions(
        actor=akim, community=home, official=akim, official_title="Көкалажар ауылдық округінің әкімі",
        days=deadlines.monthly_days(first, 6), starts_at=time(10), ends_at=time(12),
        place="Әкімдік ғимараты, 2-кабинет")
    upcoming = next((r for r in receptions if r.day >= timezone.localdate()), None)
    if upcoming is not None:
        for resident, slot in zip(residents[:2], services.slots_of(upcoming), strict=False):
            services.book_slot(actor=resident, reception=upcoming, slot=slot, topic="Жер учаскесі туралы сұрақ")
    for days_ago, agency in ((30, "Аудандық жер қатынастары бөлімі"), (5, "Аудандық ТКШ бөлімі"),
                             (2, "Ауданның білім бөлімі")):
        services.send_agency_request(actor=staff, community=home, agency=agency, subject="Ақпарат сұрау",
                                     text="Тұрғындардың өтініштеріне жауап беру үшін ақпарат беруіңізді сұраймыз.",
                                     sent_on=timezone.localdate() - timedelta(days=days_ago))
    _key, clear = services.issue_open311_key(actor=admin, name="Demo Open311 client")
    ctx.say(f"Appeals: {created}; receptions: {len(receptions)}; Open311 demo api_key: {clear}")
