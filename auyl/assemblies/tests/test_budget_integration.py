"""A budget reaches "approved" only through an assembly decision recorded in a quorate meeting."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from auyl.assemblies import services
from auyl.assemblies.models import Motion
from auyl.assemblies.tests.factories import adults, arrive
from auyl.budget import services as budget
from auyl.budget.models import State
from auyl.budget.selectors import versions_awaiting_assembly
from auyl.budget.tests.helpers import drafted
from auyl.core.roles import Role
from auyl.core.testing import make_user

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year + 1


@pytest.fixture
def setting(tree):
    staff = make_user("staff", role=Role.STAFF, territory=tree.home.territory)
    district = make_user("district", role=Role.DISTRICT_OFFICIAL, territory=tree.district)
    members = adults(tree.home, 15)
    assembly = services.form_assembly(staff, tree.home, term_start=date.today() - timedelta(days=100))
    for member in members:
        services.add_member(staff, assembly, member)
    version = drafted(tree.home, YEAR, staff)
    budget.submit(version, actor=staff)
    return staff, district, members, assembly, version


def sitting(staff, assembly, version, members_present):
    meeting = services.convene(staff, assembly, starts_at=timezone.now() + timedelta(days=11), place="Әкімдік",
                               items=[services.ItemInput("Бюджет жобасын келісу", "budget",
                                                         version.agenda_subject_key)])
    services.publish_notice(staff, meeting)
    meeting = services.open_meeting(staff, arrive(meeting), chair_name="Төраға", secretary_name="Хатшы")
    for member in members_present:
        services.register_attendance(staff, meeting, member)
    return meeting


def test_budget_is_approved_only_after_the_assembly_agreed_it_in_a_meeting(setting):
    staff, district, members, assembly, version = setting
    assert version.agenda_subject_key in services.selectors.budget_subjects(assembly.community)
    with pytest.raises(ValidationError):
        budget.approve(version, actor=district, reference="№ 42-3")

    # 7 of 15 present: no quorum, no decision, the budget stays submitted.
    meeting = sitting(staff, assembly, version, members[:7])
    with pytest.raises(ValidationError) as error:
        services.record_decision(staff, meeting.items.get(), votes_for=7, votes_against=0, votes_abstain=0,
                                 text="Келісілсін")
    assert error.value.code == "no_quorum"
    version.refresh_from_db()
    assert version.state == State.SUBMITTED
    services.close_meeting(staff, meeting)

    # 8 of 15: quorate; 5 for is not more than half of 8 present → not adopted → not agreed.
    meeting = sitting(staff, assembly, version, members[:8])
    decision = services.record_decision(staff, meeting.items.get(), votes_for=4, votes_against=4,
                                        votes_abstain=0, text="Келісілсін")
    assert not decision.adopted
    version.refresh_from_db()
    assert version.state == State.SUBMITTED
    services.close_meeting(staff, meeting)

    meeting = sitting(staff, assembly, version, members[:8])
    decision = services.record_decision(staff, meeting.items.get(), votes_for=6, votes_against=1, votes_abstain=1,
                                        text="Бюджет жобасы келісілсін")
    assert decision.adopted and decision.subject_key == version.agenda_subject_key
    version.refresh_from_db()
    assert version.state == State.AGREED
    assert version.assembly_reference == meeting.reference
    assert version not in versions_awaiting_assembly(assembly.community)
    version = budget.approve(version, actor=district, reference="№ 42-3")
    assert version.state == State.APPROVED


def test_returned_with_remarks(setting):
    staff, _district, members, assembly, version = setting
    meeting = sitting(staff, assembly, version, members[:10])
    services.record_decision(staff, meeting.items.get(), votes_for=9, votes_against=1, votes_abstain=0,
                             text="Ескертпелермен қайтарылсын", motion=Motion.RETURN,
                             remarks="Жол жөндеуге қаражат көбейтілсін")
    version.refresh_from_db()
    assert version.state == State.RETURNED
    assert version.assembly_remarks == "Жол жөндеуге қаражат көбейтілсін"


def test_only_versions_awaiting_the_assembly_go_on_the_agenda(setting):
    staff, _district, _members, assembly, _version = setting
    meeting = services.convene(staff, assembly, starts_at=timezone.now() + timedelta(days=11), place="Әкімдік")
    with pytest.raises(ValidationError) as error:
        services.add_agenda_item(staff, meeting, services.ItemInput("Бюджет", "budget", "budget.version:999"))
    assert "subject_key" in error.value.message_dict
