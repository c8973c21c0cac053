"""In a real browser: a resident votes on a discussion's statements (by keyboard and by click) and the opinion
map shows the groups once the job ran; staff rename a theme and the name survives a re-run."""

from __future__ import annotations

import pytest

from auyl.core.roles import Role
from auyl.core.testing import make_user, make_verified_resident
from auyl.insight import services
from auyl.insight.models import DiscussionStatus, Source, ThemeSet
from auyl.insight.tests.test_opinion import STATEMENTS
from auyl.insight.tests.test_themes import ideas
from conftest import login

pytestmark = [pytest.mark.browser]



def test_a_resident_votes_and_the_opinion_map_shows_groups(page, live_tree, axe):
    staff = make_user("staff", role=Role.STAFF, territory=live_tree.home.territory)
    discussion = services.create_discussion(actor=staff, community=live_tree.home, title="Спорт алаңы керек пе?",
                                            statements=STATEMENTS)
    services.set_discussion_status(actor=staff, discussion=discussion, status=DiscussionStatus.OPEN)
    statements = list(discussion.statements.order_by("pk"))
    for n in range(12):  # two camps of six; everyone agrees with statement 6
        voter = make_verified_resident(live_tree.home, f"v{n}")
        for i, statement in enumerate(statements):
            services.cast_vote(actor=voter, statement=statement, vote=1 if i == 6 or (i < 3) == (n < 6) else -1)
    resident = make_verified_resident(live_tree.home, "tolkyn", first_name="Толқын", last_name="Сәрсенова",
                                      sex="F")

    login(page, resident.username)
    page.goto(f"/insight/discussions/{discussion.pk}/")
    assert "12" in page.locator("#opinion-map").inner_text()  # the job ran after the others' votes
    for n, statement in enumerate(statements):
        button = page.locator(f"#s{statement.pk} button[value='{1 if n < 3 or n == 6 else -1}']")
        if n % 2:
            button.focus()
            with page.expect_navigation():
                page.keyboard.press("Enter")
        else:
            button.click()
            page.wait_for_load_state()
    assert page.locator("button[aria-pressed='true']").count() == len(statements)
    groups = page.locator(".opinion-group")
    assert groups.count() == 2
    assert "13" in page.locator("#opinion-map").inner_text()  # recomputed after each of the resident's votes
    assert STATEMENTS[6] in page.locator("#consensus").inner_text()
    shown = page.locator("#opinion-map").inner_text()
    assert "Толқын" not in shown and "Сәрсенова" not in shown and "tolkyn" not in shown  # groups are counts
    assert axe(page) == []


def test_staff_rename_a_theme_and_the_name_survives_a_rerun(page, live_tree):
    from auyl.contests.tests.factories import make_contest, make_proposal

    staff = make_user("staff", role=Role.STAFF, territory=live_tree.home.territory)
    author = make_verified_resident(live_tree.home, "author")
    contest = make_contest(live_tree.home, staff)
    for text in ideas(("lighting", "playground", "water"), 6):
        make_proposal(contest, author, title=text[:60], description=text)

    login(page, staff.username)
    page.goto(f"/insight/themes/contest/{contest.pk}/")
    page.click("main form button[type=submit]")  # "Find the themes": runs in the background, then shows them
    page.wait_for_load_state()
    assert page.locator("#theme-status").inner_text().strip() and page.locator(".theme").count() >= 2
    first = page.locator(".theme").first
    first.locator("summary").click()
    first.locator("input[name=label]").fill("Көше жарығы — уличный свет")
    first.locator("form[action$='/rename/'] button").click()
    page.wait_for_load_state()
    assert page.locator(".theme-label", has_text="Көше жарығы — уличный свет").count() == 1
    page.click("form[action$='/rerun/'] button")
    page.wait_for_load_state()
    assert page.locator(".theme-label", has_text="Көше жарығы — уличный свет").count() == 1
    assert ThemeSet.objects.get(source=Source.CONTEST, source_id=contest.pk).runs == 2

    page.context.clear_cookies()  # the contest's themes are public, without edit forms
    page.goto(page.url)
    assert page.locator(".theme-label", has_text="Көше жарығы — уличный свет").count() == 1
    assert page.locator("form[action$='/rename/']").count() == 0
