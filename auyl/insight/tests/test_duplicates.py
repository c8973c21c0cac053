"""Near-duplicates: staff see suggested groups (never merges) and can dismiss them; hints while typing show
residents only published appeals; contest proposals get hints with the stage behind each."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from auyl.insight import selectors, services
from auyl.insight.models import DuplicateGroup
from auyl.insight.tests.conftest import make_appeal

pytestmark = pytest.mark.django_db

HOLE = "Прошу засыпать яму у дома 25 по улице Жастар, её размыло весной, уже почти метр глубиной"
HOLE_AGAIN = "Яма у дома 25 по улице Жастар размыта весной, почти метр глубиной, прошу засыпать"
WATER = "Су тек түнде ғана келеді, күндіз қысым жоқ, екінші қабатқа жетпейді"
LIGHTS = "Не горят фонари на улице Абая уже месяц, темно вечером"


@pytest.fixture
def appeals(tree):
    return [make_appeal(tree.home, "Яма", HOLE), make_appeal(tree.home, "Яма на Жастар", HOLE_AGAIN),
            make_appeal(tree.home, "Су", WATER, is_public=True), make_appeal(tree.home, "Фонари", LIGHTS),
            make_appeal(tree.neighbour, "Яма", HOLE)]


def test_groups_are_suggested_per_community_and_survive_only_while_found(tree, people, appeals):
    assert services.refresh_duplicate_groups(tree.home.pk) == 1
    group = DuplicateGroup.objects.get()
    assert sorted(group.appeal_ids) == sorted([appeals[0].pk, appeals[1].pk])
    assert services.refresh_duplicate_groups(tree.home.pk) == 1 and DuplicateGroup.objects.count() == 1
    (shown, texts), = selectors.duplicate_groups(tree.home)
    assert shown == group and {a.subject for a in texts} == {"Яма", "Яма на Жастар"}
    appeals[1].delete()
    services.refresh_duplicate_groups(tree.home.pk)
    assert not DuplicateGroup.objects.exists()


def test_staff_dismiss_a_group_and_it_is_not_suggested_again(tree, people, appeals):
    services.refresh_duplicate_groups(tree.home.pk)
    group = DuplicateGroup.objects.get()
    for who in ("alice", "far_staff"):
        with pytest.raises(PermissionDenied):
            services.dismiss_duplicate_group(actor=people[who], group=group)
    services.dismiss_duplicate_group(actor=people["staff"], group=group)
    services.refresh_duplicate_groups(tree.home.pk)
    assert DuplicateGroup.objects.get().dismissed and selectors.duplicate_groups(tree.home) == []


def test_hints_while_typing_show_residents_only_published_appeals(tree, people, appeals):
    typed = "Прошу засыпать яму у дома 25 по улице Жастар, размыло"
    office = selectors.similar_appeals(people["staff"], tree.home, typed)
    assert office and office[0].obj.pk in {appeals[0].pk, appeals[1].pk}
    assert selectors.similar_appeals(people["alice"], tree.home, typed) == []  # those two are not public
    water = selectors.similar_appeals(people["alice"], tree.home, "Су тек түнде келеді, күндіз қысым жоқ")
    assert [s.obj.pk for s in water] == [appeals[2].pk]
    assert selectors.similar_appeals(people["staff"], tree.home, "яма") == []  # too short to compare


def test_contest_proposal_hints(tree, people):
    from auyl.contests.tests.factories import make_contest, make_proposal

    contest = make_contest(tree.home, people["staff"])
    lights = make_proposal(contest, people["alice"], title="Освещение улицы Абая",
                           description="Поставить фонари на улице Абая")
    make_proposal(contest, people["bob"], title="Детская площадка", description="Площадка у школы")
    found = selectors.similar_proposals(contest, "Фонари и освещение на улице Абая")
    assert [s.obj for s in found] == [lights] and found[0].kind in {"exact", "fuzzy", "similar"}
    assert selectors.similar_proposals(contest, "Фонари и освещение на улице Абая", exclude=lights.pk) == []
