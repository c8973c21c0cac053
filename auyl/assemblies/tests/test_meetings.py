"""Convening, notice, attendance, live quorum and decisions of a gathering and of the assembly."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from auyl.assemblies import selectors, services
from auyl.assemblies.models import AkimPosition, ConvenedBy, Decision, MeetingKind, MeetingStatus, Position
from auyl.assemblies.tests.factories import adults, arrive, convened, minor_born, opened
from auyl.core.models import AuditEntry
from auyl.core.roles import Role
from auyl.core.testing import make_resident, make_user
from auyl.people.senders import ConsoleSender

pytestmark = pytest.mark.django_db


@pytest.fixture
def akim(tree):
    return make_user("akim", role=Role.AKIM, territory=tree.home.territory)


@pytest.fixture
def staff(tree):
    return make_user("staff", role=Role.STAFF, territory=tree.home.territory)


@pytest.fixture
def hundred(tree):
    """Exactly 100 people entitled, plus people who must not count: a minor, an unregistered and an excluded."""
    people = adults(tree.home, 100)
    make_resident(tree.home, born=minor_born())
    make_resident(tree.home, is_registered=False)
    make_resident(tree.home, is_excluded=True)
    make_resident(tree.neighbour)
    return people


def vote(staff, item, votes_for, present=None, **extra):
    return services.record_decision(staff, item, votes_for=votes_for, votes_against=0, votes_abstain=0,
                                    text="Шешім қабылдансын", **extra)


def test_the_electorate_is_adult_registered_not_excluded_members(tree, hundred):
    gathering = services.ensure_gathering(tree.home)
    assert selectors.entitled(gathering).count() == 100
    assert services.ensure_gathering(tree.home) == gathering


def test_gathering_with_exactly_ten_percent_decides(tree, hundred, staff):
    meeting = opened(staff, services.ensure_gathering(tree.home))
    for resident in hundred[:10]:
        services.register_attendance(staff, meeting, resident)
    state = selectors.quorum(meeting)
    assert (state.entitled, state.present, state.needed, state.met) == (100, 10, 10, True)
    decision = vote(staff, meeting.items.get(), votes_for=6)
    assert decision.adopted and decision.present == 10 and decision.entitled == 100


def test_gathering_one_short_of_ten_percent_cannot_decide(tree, hundred, staff):
    meeting = opened(staff, services.ensure_gathering(tree.home))
    for resident in hundred[:9]:
        services.register_attendance(staff, meeting, resident)
    assert not selectors.quorum(meeting).met
    with pytest.raises(ValidationError) as error:
        vote(staff, meeting.items.get(), votes_for=9)
    assert error.value.code == "no_quorum"
    assert not Decision.objects.exists()


def test_more_than_half_of_those_present(tree, hundred, staff):
    meeting = opened(staff, services.ensure_gathering(tree.home), items=("Бірінші", "Екінші"))
    for resident in hundred[:10]:
        services.register_attendance(staff, meeting, resident)
    first, second = meeting.items.order_by("position")
    assert not services.record_decision(staff, first, votes_for=5, votes_against=2, votes_abstain=3,
                                        text="Қабылдансын").adopted
    with pytest.raises(ValidationError) as error:
        services.record_decision(staff, second, votes_for=6, votes_against=3, votes_abstain=2, text="x")
    assert error.value.code == "too_many_votes"
    with pytest.raises(ValidationError) as error:
        vote(staff, first, votes_for=6)
    assert error.value.code == "decided"


def test_attendance_only_for_the_entitled_and_once(tree, hundred, staff):
    meeting = opened(staff, services.ensure_gathering(tree.home))
    services.register_attendance(staff, meeting, hundred[0])
    with pytest.raises(ValidationError) as error:
        services.register_attendance(staff, meeting, hundred[0])
    assert error.value.code == "duplicate"
    minor, _ = make_resident(tree.home, born=minor_born())
    outsider, _ = make_resident(tree.neighbour)
    for person in (minor, outsider):
        with pytest.raises(ValidationError) as error:
            services.register_attendance(staff, meeting, person)
        assert error.value.code == "not_entitled"
    assert meeting.attendances.count() == 1


def test_notice_period_of_ten_days_or_three_for_candidates(tree, hundred, staff):
    assembly = services.form_assembly(staff, tree.home, term_start=date.today() - timedelta(days=30))
    gathering = services.ensure_gathering(tree.home)
    soon = services.convene(staff, gathering, starts_at=timezone.now() + timedelta(days=9), place="Мектеп",
                            items=[services.ItemInput("Жол")])
    with pytest.raises(ValidationError) as error:
        services.publish_notice(staff, soon)
    assert error.value.code == "notice_period"
    candidates = services.convene(staff, assembly, kind=MeetingKind.CANDIDATE, place="Әкімдік",
                                  starts_at=timezone.now() + timedelta(days=4),
                                  items=[services.ItemInput("Кандидатты келісу", "candidate")])
    assert services.publish_notice(staff, candidates).status == MeetingStatus.NOTIFIED


def test_notice_is_sent_once_to_residents_with_accounts(tree, hundred, staff, django_capture_on_commit_callbacks):
    ConsoleSender.outbox.clear()
    make_user("+77010000001", resident=hundred[0], preferred_language="ru")
    make_user("+77010000002", resident=hundred[1])
    with django_capture_on_commit_callbacks(execute=True):
        meeting = convened(staff, services.ensure_gathering(tree.home))
    meeting.refresh_from_db()
    assert meeting.notice_sent_count == 2
    assert {to for to, _ in ConsoleSender.outbox} == {"+77010000001", "+77010000002"}
    from auyl.assemblies.tasks import send_meeting_notice

    assert send_meeting_notice.call(meeting.pk) == 0


def test_the_meeting_opens_on_its_day_only(tree, hundred, staff):
    meeting = convened(staff, services.ensure_gathering(tree.home))
    with pytest.raises(ValidationError) as error:
        services.open_meeting(staff, meeting, chair_name="А", secretary_name="Б")
    assert error.value.code == "early"
    arrive(meeting)
    with pytest.raises(ValidationError):
        services.open_meeting(staff, meeting, chair_name=" ", secretary_name="Б")
    meeting = services.open_meeting(staff, meeting, chair_name="А", secretary_name="Б")
    assert meeting.entitled_count == 100


def test_residents_convene_through_an_initiative_that_reached_ten_percent(tree, hundred, staff):
    from auyl.initiatives.models import Initiative, Kind, Status

    author = make_user("author", role=Role.RESIDENT, territory=tree.home.territory, resident=hundred[0])
    collecting = Initiative.objects.create(community=tree.home, kind=Kind.CONVENE_GATHERING, author=author,
                                           title="Жиын шақыру", text="Су мәселесі", request="Жиын өткізу",
                                           status=Status.COLLECTING)
    reached = Initiative.objects.create(community=tree.home, kind=Kind.CONVENE_GATHERING, author=author,
                                        title="Жиын шақыру", text="Су мәселесі", request="Жиын өткізу",
                                        status=Status.AWAITING_ANSWER, threshold=10,
                                        threshold_reached_at=timezone.now())
    gathering = services.ensure_gathering(tree.home)
    when = timezone.now() + timedelta(days=12)
    for initiative in (None, collecting):
        with pytest.raises(ValidationError) as error:
            services.convene(staff, gathering, starts_at=when, place="Клуб", convened_by=ConvenedBy.RESIDENTS,
                             initiative=initiative, district_consent="Аудан әкімінің шешімі №5")
        assert "initiative" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.convene(staff, gathering, starts_at=when, place="Клуб", convened_by=ConvenedBy.RESIDENTS,
                         initiative=reached)
    assert "district_consent" in error.value.message_dict
    meeting = services.convene(staff, gathering, starts_at=when, place="Клуб", convened_by=ConvenedBy.RESIDENTS,
                               initiative=reached, district_consent="Аудан әкімінің шешімі №5")
    assert meeting.initiative == reached and reached.meetings.get() == meeting


def test_powers_limit_the_agenda(tree, staff):
    gathering = services.ensure_gathering(tree.home)
    meeting = services.convene(staff, gathering, starts_at=timezone.now() + timedelta(days=12), place="Клуб")
    with pytest.raises(ValidationError) as error:
        services.add_agenda_item(staff, meeting, services.ItemInput("Бюджет", "budget", "budget.version:1"))
    assert "subject_kind" in error.value.message_dict


def test_assembly_quorum_and_seats(tree, staff):
    people = adults(tree.home, 27)
    assembly = services.form_assembly(staff, tree.home, term_start=date.today() - timedelta(days=1))
    services.add_member(staff, assembly, people[0], position=Position.CHAIR)
    for person in people[1:25]:
        services.add_member(staff, assembly, person)
    with pytest.raises(ValidationError) as error:
        services.add_member(staff, assembly, people[25])
    assert error.value.code == "full"
    with pytest.raises(ValidationError) as error:
        services.form_assembly(staff, tree.home, term_start=date.today())
    assert error.value.code == "overlap"
    meeting = opened(staff, assembly)
    assert meeting.entitled_count == 25
    for person in people[:12]:
        services.register_attendance(staff, meeting, person)
    with pytest.raises(ValidationError):
        services.register_attendance(staff, meeting, people[26])  # not a member
    with pytest.raises(ValidationError) as error:
        vote(staff, meeting.items.get(), votes_for=12)
    assert error.value.code == "no_quorum"
    services.register_attendance(staff, meeting, people[12])
    assert vote(staff, meeting.items.get(), votes_for=7).adopted


def test_separate_gathering_elects_at_most_three(tree, staff):
    people = adults(tree.home, 4)
    separate = services.create_separate_gathering(staff, tree.home, name="Абай көшесі",
                                                  settlement=tree.settlement(), section="Абай көшесі")
    seats = [services.add_member(staff, separate, p) for p in people[:3]]
    assert {s.position for s in seats} == {Position.REPRESENTATIVE}
    with pytest.raises(ValidationError):
        services.add_member(staff, separate, people[3])
    gathering = services.set_by_representatives(staff, services.ensure_gathering(tree.home), True)
    assert set(selectors.entitled(gathering)) == set(people[:3])
    assert selectors.quorum_needed(gathering, 3) == 2


def test_akims_disagreement_path(tree, hundred, staff, akim):
    district = make_user("district", role=Role.DISTRICT_OFFICIAL, territory=tree.district)
    meeting = opened(staff, services.ensure_gathering(tree.home))
    for resident in hundred[:10]:
        services.register_attendance(staff, meeting, resident)
    decision = vote(staff, meeting.items.get(), votes_for=8)
    with pytest.raises(PermissionDenied):
        services.respond_as_akim(staff, decision, accept=False, reason="x")
    with pytest.raises(ValidationError):
        services.respond_as_akim(akim, decision, accept=False, reason="")
    services.respond_as_akim(akim, decision, accept=False, reason="Қаражат жоқ")
    with pytest.raises(PermissionDenied):
        services.record_district_resolution(akim, decision, outcome="x", decided_on=date.today())
    decision = services.record_district_resolution(district, decision, outcome="Шешім орындалсын",
                                                   decided_on=date.today())
    assert decision.akim_position == AkimPosition.DISTRICT


def test_rediscussion_accepted_resolves_the_disagreement(tree, hundred, staff, akim):
    meeting = opened(staff, services.ensure_gathering(tree.home))
    for resident in hundred[:10]:
        services.register_attendance(staff, meeting, resident)
    first = vote(staff, meeting.items.get(), votes_for=8)
    services.respond_as_akim(akim, first, accept=False, reason="Қайта талқылансын")
    services.close_meeting(staff, meeting)
    again = services.convene(staff, meeting.body, starts_at=timezone.now() + timedelta(days=11), place="Клуб",
                             items=[services.ItemInput("Қайта талқылау", rediscussion_of=first)])
    services.publish_notice(staff, again)
    again = services.open_meeting(staff, arrive(again), chair_name="А", secretary_name="Б")
    for resident in hundred[:10]:
        services.register_attendance(staff, again, resident)
    second = vote(staff, again.items.get(), votes_for=9)
    services.respond_as_akim(akim, second, accept=True)
    first.refresh_from_db()
    assert first.akim_position == AkimPosition.RESOLVED


def test_bad_input_changes_nothing_and_changes_are_audited(tree, hundred, staff):
    before = AuditEntry.objects.count()
    meeting = opened(staff, services.ensure_gathering(tree.home))
    assert AuditEntry.objects.count() > before
    for resident in hundred[:10]:
        services.register_attendance(staff, meeting, resident)
    count = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.record_decision(staff, meeting.items.get(), votes_for=-1, votes_against=0, votes_abstain=0,
                                 text="x")
    assert AuditEntry.objects.count() == count and not Decision.objects.exists()
    from auyl.core import audit

    assert audit.verify().ok


def test_other_communities_officials_cannot_act(tree, hundred):
    stranger = make_user("far-akim", role=Role.AKIM, territory=tree.far.territory)
    resident_user = make_user("resident", role=Role.RESIDENT, territory=tree.home.territory, resident=hundred[0])
    gathering = services.ensure_gathering(tree.home)
    for user in (stranger, resident_user):
        with pytest.raises(PermissionDenied):
            services.convene(user, gathering, starts_at=timezone.now() + timedelta(days=12), place="x")
