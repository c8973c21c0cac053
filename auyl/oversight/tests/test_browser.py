"""End-to-end journeys in a real browser (Russian UI, phone-sized screen): the national observer drills down
from the country to the communities behind a figure; a district official sees a refused nomination with its
reason and records results; the akim answers an audit finding."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from auyl.core.roles import Role
from auyl.core.testing import make_user
from auyl.oversight import services, synthetic
from conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_observer_drills_down_from_the_country_to_a_community(page, live_server, tree, axe):
    admin = make_user("root", is_superuser=True)
    synthetic.generate([tree.home, tree.neighbour, tree.far], [2025], rng=random.Random(5), auditor=admin)
    services.refresh_figures(2025)
    make_user("observer", role=Role.NATIONAL_OBSERVER)
    login(page, "observer")
    page.goto("/oversight/")
    assert page.locator("h1").inner_text() == "Казахстан"
    page.get_by_role("link", name="Население", exact=True).click()
    page.get_by_role("link", name="Солтүстік Қазақстан облысы", exact=True).click()
    page.get_by_role("link", name="Ғабит Мүсірепов ауданы", exact=True).click()
    assert page.locator("h1").inner_text() == "Ғабит Мүсірепов ауданы"
    table = page.locator("table").inner_text()
    assert "596644000" in table and "596645000" in table and "113641000" not in table
    page.locator(".figure-card .stat a").first.click()
    assert "Зарегистрированные жители" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="Көкалажар а.о.", exact=True).count() == 1
    assert axe(page) == []


def test_official_sees_a_refusal_with_its_reason_and_records_results(page, live_server, tree, axe):
    official = make_user("official", role=Role.DISTRICT_OFFICIAL, territory=tree.district)
    election = services.schedule_election(official, community=tree.home, day=date.today() - timedelta(days=1))
    services.nominate(official, election, full_name="Сейітов Ержан", birth_date=date(1979, 5, 5),
                      education="higher", experience_years=12, nomination="party", party="Amanat")
    login(page, "official")
    page.goto(f"/oversight/elections/{election.pk}/")
    assert axe(page) == []
    page.fill("#id_c-full_name", "Жас Талап")
    young = date.today() - timedelta(days=1)
    page.fill("#id_c-birth_date", young.replace(year=young.year - 24).isoformat())
    page.select_option("#id_c-education", "higher")
    page.fill("#id_c-experience_years", "3")
    page.select_option("#id_c-nomination", "self")
    page.get_by_role("button", name="Проверить и зарегистрировать").click()
    assert "В регистрации отказано: На день выборов моложе 25 лет" in page.locator(".messages").inner_text()
    assert "отказано" in page.locator("table").inner_text()
    page.fill("#id_r-electorate", "1200")
    page.fill("#id_r-ballots_cast", "900")
    page.locator("input[name^='r-votes_']").first.fill("850")
    page.get_by_role("button", name="Внести итоги").click()
    assert "срок полномочий акима начался" in page.locator(".messages").inner_text()
    assert "избран" in page.locator("table").inner_text() and "75.0 %" in page.content()


def test_akim_answers_an_audit_finding(page, live_server, tree):
    auditor = make_user("auditor", role=Role.AUDITOR, territory=tree.district)
    make_user("akim", role=Role.AKIM, territory=tree.home.territory)
    chair = make_user("chair", role=Role.ASSEMBLY_MEMBER, territory=tree.home.territory)
    item = services.create_audit(auditor, community=tree.home, year=2025, title="Аудит бюджета 2025")
    services.add_finding(auditor, item, description="Освещение оплачено дважды", amount=Decimal("1250000"),
                         recommendation="Вернуть переплату", deadline=date.today() + timedelta(days=30))
    services.record_presentation(auditor, item, session_at=timezone.now(), session_url="https://meet.kz/a",
                                 chair=chair)
    login(page, "akim")
    page.goto(f"/oversight/audits/{item.pk}/")
    page.get_by_label("Ответ акима").fill("Подрядчик вернул 1 250 000 ₸")
    page.get_by_role("button", name="Отправить ответ").click()
    finding = page.locator("#finding-1").inner_text()
    assert "Подрядчик вернул" in finding and "ответ получен" in finding.lower()
