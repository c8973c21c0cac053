"""In a real browser: convene → publish the notice → register attendance → vote the items → publish minutes,
then what a resident sees."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from auyl.assemblies.models import Meeting
from auyl.assemblies.tests.factories import adults
from auyl.core.roles import Role
from auyl.core.testing import make_user
from conftest import login

pytestmark = [pytest.mark.browser]


FLASH = re.compile(r'^<li class="(success|error|info|warning|debug)">')


def own_violations(violations: list[dict]) -> list[tuple[str, list[str]]]:
    """axe-core findings in this app's markup. base.html's flash messages (``<ul role="status">`` takes the list
    semantics from its ``<li>``) belong to the web shell and are reported there."""
    found = []
    for violation in violations:
        nodes = [n["html"][:200] for n in violation["nodes"]
                 if not (violation["id"] == "listitem" and FLASH.match(n["html"]))]
        if nodes:
            found.append((violation["id"], nodes))
    return found


def test_convene_notice_attendance_votes_minutes(page, live_tree, settings, tmp_path, axe):
    settings.MEDIA_ROOT = tmp_path
    page.set_default_timeout(60000)  # 2 cores shared by the whole suite
    people = adults(live_tree.home, 20)  # quorum 2
    make_user("staff", role=Role.STAFF, territory=live_tree.home.territory)
    code = live_tree.home.territory.code
    login(page, "staff")

    page.goto(f"/assemblies/{code}/")
    page.click("text=Созвать сход или собрание")
    page.select_option("#id_body", label=page.locator("#id_body option").nth(1).inner_text())
    when = timezone.localtime(timezone.now() + timedelta(days=12))
    page.fill("#id_starts_at", when.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_place", "Мәдениет үйі")
    page.fill("#id_questions", "Көше жарығы\nСу құбыры")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/assemblies/meeting/*/")
    meeting = Meeting.objects.get()

    page.fill("#id_text", "Барлық тұрғындарды шақырамыз")
    page.click("form[action$='/notice/'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=status]").inner_text() == "объявление опубликовано"

    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now())  # ten days later: the day has come
    page.reload()
    page.fill("#id_chair_name", "Ержан Сұлтанов")
    page.fill("#id_secretary_name", "Гүлнұр Әбенова")
    page.click("form[action$='/open/'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=present]").inner_text() == "0"
    assert page.locator(".badge.bad", has_text="кворума").is_visible()

    for person in people[:3]:
        page.fill("#find-resident", person.iin_last4)
        page.press("#find-resident", "Enter")  # by keyboard
        page.wait_for_load_state()
        page.click("#attendance form[action$='/register/'] button")
        page.wait_for_load_state()
    assert page.locator("[data-testid=present]").inner_text() == "3"
    assert page.locator(".badge.ok", has_text="Кворум").is_visible()
    assert own_violations(axe(page)) == []

    first, second = meeting.items.order_by("position")
    for item, votes_for in ((first, "3"), (second, "1")):
        prefix = f"#id_i{item.pk}-"
        page.fill(prefix + "text", f"Шешім: {item.title}")
        page.fill(prefix + "votes_for", votes_for)
        page.fill(prefix + "votes_against", "0")
        page.fill(prefix + "votes_abstain", str(3 - int(votes_for)))
        page.click(f"form[action$='/item/{item.pk}/vote/'] button")
        page.wait_for_load_state()
    assert "принято" in page.locator("[data-testid=votes-1]").inner_text()
    assert "не принято" in page.locator("[data-testid=votes-2]").inner_text()
    page.fill(f"#id_s{first.pk}-speeches", "Аким: фонари заменят весной.")
    page.click(f"form[action$='/item/{first.pk}/speeches/'] button")
    page.wait_for_load_state()

    page.click("form[action$='/close/'] button")
    page.wait_for_load_state()
    page.click("form[action$='/sign/'] button")
    page.wait_for_load_state()
    page.click("form[action$='/publish/'] button")
    page.wait_for_load_state()
    assert page.locator("[data-testid=status]").inner_text() == "протокол опубликован"

    page.context.clear_cookies()  # a resident, not logged in, reads the minutes
    page.goto(f"/assemblies/meeting/{meeting.pk}/minutes/?lang=ru")
    text = page.locator("main").inner_text()
    assert "Мәдениет үйі" in text and "Ержан Сұлтанов" in text and "фонари заменят" in text
    assert page.locator("[data-testid=entitled]").inner_text() == "20"
    assert page.locator("[data-testid=present]").inner_text() == "3"
    assert people[0].first_name not in text  # residents present are counted, not named
    assert own_violations(axe(page)) == []
    pdf = page.request.get(f"/assemblies/meeting/{meeting.pk}/minutes-kk.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
