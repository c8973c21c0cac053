"""End to end in Chromium: a resident files an appeal, staff answer it, the resident rates the answer, and the
akim's workplace shows the counts change."""

import pytest

from auyl.core.roles import Role
from auyl.core.testing import make_user, make_verified_resident
from conftest import login


def as_user(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url, locale="ru-RU", viewport={"width": 412, "height": 900},
                                  bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    login(page, username)
    return page


def counts(page) -> dict[str, str]:
    page.goto("/workplace/596644000/")
    return {name: page.inner_text(f"#count-{name}") for name in ("open", "overdue", "answered")}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_files_staff_answer_resident_rates_akim_sees_counts(browser, live_server, axe):
    from auyl.core.testing import make_tree

    tree = make_tree()
    make_verified_resident(tree.home, "+77010000042", last_name="Сейітова", first_name="Гүлнар", sex="F")
    make_user("akim-home", role=Role.AKIM, territory=tree.home.territory)
    make_user("staff-home", role=Role.STAFF, territory=tree.home.territory)

    akim = as_user(browser, live_server, "akim-home")
    assert counts(akim) == {"open": "0", "overdue": "0", "answered": "0"}
    assert axe(akim) == []

    resident = as_user(browser, live_server, "+77010000042")
    resident.goto("/appeals/c/596644000/new/")
    assert axe(resident) == []
    resident.select_option("#id_category", label="Водоснабжение")
    resident.fill("#id_subject", "Нет воды на улице Абая")
    resident.fill("#id_text", "Третий день нет воды в колонке у школы.")
    resident.click("main button[type=submit]")
    number = resident.inner_text("#appeal-number")
    assert number.startswith("596644-")
    assert counts(akim)["open"] == "1"

    staff = as_user(browser, live_server, "staff-home")
    staff.goto("/workplace/596644000/list/appeals/?due=open")
    staff.click(f"text={number}")
    staff.fill("#id_answer-text", "Колонку починили 20 марта, вода есть.")
    staff.click("#answer-form button[type=submit]")
    assert "Колонку починили" in staff.inner_text("#appeal-answer")

    resident.goto("/appeals/")
    resident.click(f"text={number}")
    resident.check("input[name=rate-rating][value='5']")
    resident.click("main form button[type=submit]")
    assert resident.inner_text("#appeal-rating") == "5 / 5"

    assert counts(akim) == {"open": "0", "overdue": "0", "answered": "1"}
    assert akim.inner_text("#mean-rating") == "5.0" or akim.inner_text("#mean-rating") == "5,0"
    for page in (akim, resident, staff):
        page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_form_shows_similar_public_appeals_while_the_resident_types(browser, live_server, axe):
    from auyl.core.testing import make_tree
    from auyl.insight.tests.conftest import make_appeal

    tree = make_tree()
    make_appeal(tree.home, "Яма у школы", "Прошу засыпать яму у дома 25 по улице Жастар, её размыло весной",
                is_public=True)
    make_verified_resident(tree.home, "+77010000043", last_name="Омаров", first_name="Ерлан")
    resident = as_user(browser, live_server, "+77010000043")
    resident.goto("/appeals/c/596644000/new/")
    assert resident.locator("#similar-items").count() == 0
    resident.fill("#id_text", "Засыпьте яму у дома 25 на улице Жастар, размыло весной")
    hint = resident.locator("#similar-items")
    hint.wait_for()
    assert "Яма у школы" in hint.inner_text()
    assert axe(resident) == []
