"""In a real browser, end to end: staff announce a contest, residents propose (with a duplicate hint), staff
review, residents vote (one changes their vote, one paper ballot by double entry), results appear with the
explanation, and one project is tracked to done."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from auyl.contests.models import Contest, FundedProject, Proposal
from auyl.core.roles import Role
from auyl.core.testing import PASSWORD, make_resident, make_user, make_verified_resident

pytestmark = [pytest.mark.browser]


def open_as(browser, live_server, username: str):
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 412, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto("/account/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/account/")
    return page


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_contest_end_to_end(browser, live_server, live_tree):
    home = live_tree.home
    for name in ("staff", "staff2"):
        make_user(name, role=Role.STAFF, territory=home.territory)
    for i, name in enumerate(("aigerim", "bolat", "sanzhar")):
        make_verified_resident(home, name, born=date(1980 + i, 3, 1))
    _, grandma_iin = make_resident(home, born=date(1948, 5, 9), last_name="Омарова", first_name="Күләш", sex="F")

    # 1. Staff announce the contest.
    staff = open_as(browser, live_server, "staff")
    staff.goto(f"/contests/c/{home.territory.code}/")
    staff.click("text=Announce a contest")
    now = timezone.now()
    staff.fill("#id_title", "Beautiful village 2026")
    staff.fill("#id_budget_amount", "3000000")
    for field, days in (("proposals_from", -1), ("review_from", 5), ("voting_from", 10), ("voting_until", 20),
                        ("implementation_from", 30)):
        staff.fill(f"#id_{field}", local(now + timedelta(days=days)))
    staff.fill("#id_min_votes", "1")
    staff.fill("#id_max_choices", "1")
    staff.fill("#id_categories", "Playgrounds\nLighting")
    staff.click("main form button[type=submit]")
    staff.wait_for_url("**/contests/*/")
    assert staff.locator(".phases li.now").inner_text().startswith("Proposals")
    contest = Contest.objects.get()

    # 2. Residents propose; the second sees a duplicate hint while typing.
    aigerim = open_as(browser, live_server, "aigerim")
    aigerim.goto(f"/contests/{contest.pk}/")
    aigerim.click("text=Propose a project")
    aigerim.fill("#id_title", "Playground near the school")
    aigerim.fill("#id_description", "Swings and a slide for the children near the school")
    aigerim.select_option("#id_category", label="Playgrounds")
    aigerim.select_option("#id_settlement", index=1)
    aigerim.fill("#id_location", "School street 3")
    aigerim.fill("#id_estimated_cost", "2000000")
    aigerim.click("main form button[type=submit]")
    aigerim.wait_for_url("**/contests/proposals/*/")
    assert aigerim.locator("h1").inner_text() == "Playground near the school"

    bolat = open_as(browser, live_server, "bolat")
    bolat.goto(f"/contests/{contest.pk}/propose/")
    bolat.locator("#id_title").press_sequentially("Playground at the school")
    bolat.locator("#similar").get_by_text("Playground near the school").wait_for()
    bolat.fill("#id_title", "Street lights on Abai street")
    bolat.fill("#id_description", "Ten LED lamps on the dark part of Abai street")
    bolat.select_option("#id_settlement", index=2)
    bolat.fill("#id_location", "Abai street")
    bolat.fill("#id_estimated_cost", "1500000")
    bolat.click("main form button[type=submit]")
    bolat.wait_for_url("**/contests/proposals/*/")

    # 3. Staff start the review, mark both feasible (one with a corrected cost) and open the voting.
    staff.goto(f"/contests/{contest.pk}/")
    staff.click("text=Start the next phase now")
    assert staff.locator(".phases li.now").inner_text().startswith("Review")
    playground, lights = Proposal.objects.order_by("pk")
    for proposal, cost in ((playground, "2200000"), (lights, "")):
        staff.goto(f"/contests/proposals/{proposal.pk}/")
        staff.check("#review input[value=yes]")
        staff.fill("#review textarea", "Public land, the akimat can build it this year.")
        staff.fill("#review input[name=final_cost]", cost)
        staff.click("#review button[type=submit]")
        staff.wait_for_selector("text=The review is saved and published.")
    staff.goto(f"/contests/{contest.pk}/")
    staff.click("text=Start the next phase now")
    assert staff.locator(".phases li.now").inner_text().startswith("Voting")

    # 4. Residents vote; Aigerim changes her vote; the page says plainly that the vote is saved.
    aigerim.goto(f"/contests/{contest.pk}/ballot/")
    assert "You have not voted yet." in aigerim.locator("#vote-status").inner_text()
    aigerim.check(f"#project-{lights.pk}")
    aigerim.click("main form button[type=submit]")
    aigerim.locator("#vote-status.saved").wait_for()
    assert "Your vote is saved." in aigerim.locator("#vote-status").inner_text()
    first_receipt = aigerim.locator(".receipt").inner_text()
    aigerim.uncheck(f"#project-{lights.pk}")
    aigerim.check(f"#project-{playground.pk}")
    with aigerim.expect_navigation():
        aigerim.click("main form button:has-text('Save my changed vote')")
    status = aigerim.locator("#vote-status").inner_text()
    assert "Your vote is saved." in status and "Playground near the school" in status
    receipt = aigerim.locator(".receipt").inner_text()
    assert receipt != first_receipt
    for page in (bolat, open_as(browser, live_server, "sanzhar")):
        page.goto(f"/contests/{contest.pk}/ballot/")
        page.check(f"#project-{playground.pk}")
        page.click("main form button[type=submit]")
        page.locator("#vote-status.saved").wait_for()
        assert "Your vote is saved." in page.locator("#vote-status").inner_text()

    # 5. A paper ballot: entered by one staff member, confirmed by another.
    staff.goto(f"/contests/{contest.pk}/paper/")
    staff.fill("#id_iin", grandma_iin)
    staff.check(f"#project-{lights.pk}")
    staff.click("text=Save the first entry")
    staff.wait_for_selector("text=it is not counted yet")
    second = open_as(browser, live_server, "staff2")
    second.goto(f"/contests/{contest.pk}/paper/")
    second.click("text=Enter it the second time")
    second.fill("#id_iin", grandma_iin)
    second.check(f"#project-{lights.pk}")
    second.click("text=Confirm and count")
    second.wait_for_selector("text=the paper ballot is counted")

    # 6. Voting closes (the clock moves on); the results appear with the explanation.
    Contest.objects.filter(pk=contest.pk).update(voting_until=timezone.now() - timedelta(seconds=1))
    aigerim.goto(f"/contests/{contest.pk}/log/?code={receipt}")
    assert "it is the one that counts" in aigerim.locator("#receipt-check").inner_text()
    aigerim.goto(f"/contests/{contest.pk}/results/")
    table = aigerim.locator("#results-table").inner_text()
    assert "Funded as number 1 in order of votes" in table
    assert re.search(r"Not funded: when its turn came only 800\D?000 ₸ were left", table)
    assert "1 on paper" in table
    assert aigerim.locator("svg.bar").count() >= 2

    # 7. Staff track the winner to done.
    project = FundedProject.objects.get()
    staff.goto(f"/contests/projects/{project.pk}/")
    staff.select_option("#id_status", "done")
    staff.fill("#id_text", "The playground is open.")
    staff.fill("#id_spent_total", "2150000")
    staff.click("main form button[type=submit]")
    staff.wait_for_selector("text=The progress note is published.")
    aigerim.goto(f"/contests/projects/{project.pk}/")
    assert aigerim.locator("#project-status").inner_text() == "Done"
    assert "The playground is open." in aigerim.content()
