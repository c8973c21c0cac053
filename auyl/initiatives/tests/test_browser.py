"""In a real browser: a resident drafts an initiative → staff check the form → several residents sign → the
threshold is reached → the akim is notified and publishes the answer, which everybody can read."""

from __future__ import annotations

import pytest

from auyl.initiatives.models import Initiative, Notice, Status
from auyl.initiatives.tests.factories import TEXT, members, officials
from conftest import login

pytestmark = [pytest.mark.browser]
ANSWER = "Жиын 20 сәуірде сағат 11:00-де мектепте өтеді. Сход состоится 20 апреля в школе."



def test_draft_check_sign_threshold_answer(page, live_tree, axe):
    people = members(live_tree.home, 30)  # 10 % of 30 adult members: 3 signatures convene a gathering
    staff = officials(live_tree)
    code = live_tree.home.code

    login(page, people[0].username)
    page.goto(f"/initiatives/c/{code}/")
    page.click(f"a[href='/initiatives/c/{code}/new/']")
    page.check("input[name=kind][value=gathering]")
    page.fill("#id_title", "Жиын шақыру: ауыз су мәселесі")
    page.fill("#id_text", TEXT)
    page.fill("#id_request", "Ауыз су туралы жиын шақыруды сұраймыз")
    page.click("main form button[type=submit]")
    page.click("form[action$='/submit/'] button")
    initiative = Initiative.objects.get()
    assert initiative.status == Status.SUBMITTED

    login(page, staff["staff"].username)
    page.goto("/initiatives/inbox/")
    page.click(f"a[href='/initiatives/{initiative.pk}/']")
    page.check("input[name=decision][value=accept]")
    page.click("form[action$='/check/'] button")
    assert page.locator("#signature-count").inner_text().split()[0] == "0"

    for person in people[:3]:
        login(page, person.username)
        page.goto(f"/initiatives/{initiative.pk}/")
        page.focus("form[action$='/sign/'] button")  # by keyboard: focus the button and press Enter
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("form[action$='/withdraw/']").count() == 1 or person == people[2]
    assert page.locator("#signature-count").inner_text().split()[0] == "3"
    initiative.refresh_from_db()
    assert initiative.status == Status.AWAITING_ANSWER and initiative.answer_due
    assert page.locator("form[action$='/sign/']").count() == 0  # collection closed at the threshold

    login(page, staff["akim"].username)
    assert Notice.objects.filter(user=staff["akim"], initiative=initiative).exists()
    page.goto("/initiatives/inbox/")
    assert initiative.title in page.content()
    page.click(f"a[href='/initiatives/{initiative.pk}/'] >> nth=0")
    page.fill("#id_answer", ANSWER)
    page.click("form[action$='/answer/'] button")

    page.context.clear_cookies()
    page.goto(f"/initiatives/{initiative.pk}/")
    assert ANSWER in page.locator("#published-answer").inner_text()
    assert page.locator("#signature-count").inner_text().split()[0] == "3"
    assert axe(page) == []
