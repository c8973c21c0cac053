"""In a real browser: sign up → confirm the code → verify residence → log out → log in → switch language."""

from datetime import date

import pytest

from auyl.core.testing import PASSWORD, make_resident
from auyl.people.senders import ConsoleSender

pytestmark = [pytest.mark.browser]


def test_sign_up_verify_log_in_and_switch_language(page, live_tree):
    _, iin = make_resident(live_tree.home, born=date(1988, 7, 1), last_name="Сәрсенбаева",
                           first_name="Әсел", sex="F")
    page.goto("/account/signup/")
    assert page.locator("html").get_attribute("lang") == "ru"  # the browser asks for Russian
    page.fill("#id_contact", "+7 701 777 11 22")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/account/confirm/")
    code = ConsoleSender.outbox[-1][1].rsplit(" ", 1)[-1]
    page.fill("#id_code", code)
    page.click("main form.card button[type=submit]")
    page.wait_for_url("**/account/verify/")

    page.fill("#id_iin", iin[:11] + str((int(iin[11]) + 1) % 10))  # a typo first
    page.fill("#id_birth_date", "1988-07-01")
    page.click("main button[type=submit]")
    assert page.locator("[role=alert]").first.is_visible()
    page.fill("#id_iin", iin)
    page.click("main button[type=submit]")
    page.wait_for_url("**/account/")
    assert page.locator(".badge.ok").is_visible()
    assert live_tree.home.territory.name_ru in page.content()

    page.click("form[action='/account/logout/'] button")
    page.goto("/account/login/")
    page.fill("#id_username", "87017771122")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/account/")
    assert page.locator(".badge.ok").is_visible()

    page.select_option("#language-select", "kk")
    page.click("form.lang button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "kk"
    page.select_option("#language-select", "en")
    page.click("form.lang button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="My account").is_visible()


def test_wrong_password_shows_a_clear_message(page, live_tree):
    page.goto("/account/login/")
    page.fill("#id_username", "+77010000099")
    page.fill("#id_password", "wrong-password")
    page.click("main button[type=submit]")
    alert = page.locator("[role=alert]").first
    assert alert.is_visible() and alert.inner_text().strip()
