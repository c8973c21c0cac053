"""Accessibility in the same real browser: axe-core finds no serious or critical violation on public pages,
and the main actions work by keyboard alone."""

import pytest

pytestmark = [pytest.mark.browser]

PUBLIC_PAGES = ["/", "/communities/", "/c/596644000/", "/account/login/", "/account/signup/", "/open-data/"]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_public_pages_have_no_serious_violations(page, live_tree, axe, language):
    page.goto("/")
    page.select_option("#language-select", language)
    page.click("form.lang button")
    page.wait_for_load_state()
    problems = {}
    for url in PUBLIC_PAGES:
        page.goto(url)
        violations = axe(page)
        if violations:
            problems[url] = [(v["id"], v["impact"], v["help"]) for v in violations]
    assert not problems, problems


def test_search_and_log_in_by_keyboard(page, live_tree):
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip"
    page.focus("#q")
    page.keyboard.type("Көкалажар")
    page.keyboard.press("Enter")
    page.wait_for_url("**/communities/?q=*")
    link = page.get_by_role("link", name="Көкалажар а.о.")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/c/596644000/")
    page.goto("/account/login/")
    page.focus("#id_username")
    page.keyboard.type("+77010000098")
    page.keyboard.press("Tab")
    page.keyboard.type("wrong-password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("[role=alert]").first.is_visible()
