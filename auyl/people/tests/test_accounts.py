"""Sign-up, one-time codes, log-in lock-out and verification against the registry."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from auyl.core.models import AuditEntry
from auyl.core.roles import Role
from auyl.core.testing import PASSWORD, make_resident, make_user
from auyl.people import services
from auyl.people.models import RoleAssignment
from auyl.people.senders import ConsoleSender


def last_code() -> str:
    return ConsoleSender.outbox[-1][1].rsplit(" ", 1)[-1]


@pytest.fixture
def request_from():
    def build(address="10.0.0.1"):
        return RequestFactory().post("/account/login/", REMOTE_ADDR=address)

    return build


@pytest.mark.django_db
def test_sign_up_normalises_phone_and_sends_a_code():
    user = services.sign_up(contact="8 (701) 234-56-78", password=PASSWORD)
    assert user.username == user.phone == "+77012345678"
    assert not user.contact_confirmed
    assert ConsoleSender.outbox[-1][0] == "+77012345678"
    services.confirm_code(user, last_code())
    user.refresh_from_db()
    assert user.contact_confirmed


@pytest.mark.django_db
@pytest.mark.parametrize("contact", ["12345", "not an email", "+1 555 0100"])
def test_sign_up_rejects_bad_contacts(contact):
    with pytest.raises(ValidationError) as error:
        services.sign_up(contact=contact, password=PASSWORD)
    assert error.value.code == "contact"


@pytest.mark.django_db
def test_duplicate_and_weak_passwords_are_refused():
    services.sign_up(contact="a@example.com", password=PASSWORD)
    with pytest.raises(ValidationError):
        services.sign_up(contact="A@example.com", password=PASSWORD)
    with pytest.raises(ValidationError):
        services.sign_up(contact="b@example.com", password="12345678")


@pytest.mark.django_db
def test_wrong_codes_lock_out_and_kill_the_code(settings):
    user = services.sign_up(contact="c@example.com", password=PASSWORD)
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(settings.AUYL_LOGIN_MAX_FAILURES):
        with pytest.raises(ValidationError):
            services.confirm_code(user, wrong)
    with pytest.raises(ValidationError) as error:
        services.confirm_code(user, code)
    assert error.value.code == "locked"
    user.refresh_from_db()
    assert not user.contact_confirmed


@pytest.mark.django_db
def test_login_locks_out_after_repeated_failures(settings, request_from):
    make_user("+77015550000")
    for _ in range(settings.AUYL_LOGIN_MAX_FAILURES):
        with pytest.raises(ValidationError) as error:
            services.check_login(request_from(), username="+77015550000", password="wrong")
        assert error.value.code == "invalid"
    with pytest.raises(ValidationError) as error:
        services.check_login(request_from("10.0.0.2"), username="+77015550000", password=PASSWORD)
    assert error.value.code == "locked"


@pytest.mark.django_db
def test_login_succeeds_and_resets_the_counter(request_from):
    make_user("+77015550001")
    with pytest.raises(ValidationError):
        services.check_login(request_from(), username="+77015550001", password="wrong")
    user = services.check_login(request_from(), username="8 701 555 00 01", password=PASSWORD)
    assert user.username == "+77015550001"


@pytest.mark.django_db
def test_verification_matches_iin_and_birth_date(tree):
    resident, iin = make_resident(tree.home, born=date(1990, 3, 4))
    user = make_user("+77015550002")
    with pytest.raises(ValidationError) as error:
        services.verify_resident(user, iin=iin, birth_date=date(1990, 3, 5))
    assert error.value.code == "no_match"
    assert services.verify_resident(user, iin=iin, birth_date=date(1990, 3, 4)) == resident
    assert RoleAssignment.objects.filter(user=user, role=Role.RESIDENT, territory=tree.home.territory).exists()
    entry = AuditEntry.objects.get(action="people.verified")
    assert iin not in str(entry.after) and iin not in str(entry.before)
    other = make_user("+77015550003")
    with pytest.raises(ValidationError) as error:
        services.verify_resident(other, iin=iin, birth_date=date(1990, 3, 4))
    assert error.value.code == "taken"


@pytest.mark.django_db
def test_notifications_page_lists_and_marks_read(client):
    from django.utils.translation import gettext_lazy as _

    from auyl.core.models import Notification
    from auyl.core.notifications import notify

    user = make_user("+77015550009")
    notify([user], subject=_("The code is wrong."), deliver=False)
    client.force_login(user)
    html = client.get("/account/notifications/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Код қате." in html  # stored in the user's own language (Kazakh by default)
    assert Notification.objects.get(user=user).read_at is not None


@pytest.mark.django_db
def test_a_role_granted_for_a_future_term_starts_on_its_first_day(tree):
    from datetime import timedelta

    from auyl.people.selectors import active_role_scopes

    user = make_user("+77015550010")
    start = date.today() + timedelta(days=3)
    services.grant_role(granted_by=None, user=user, role=Role.AKIM, territory=tree.home.territory,
                        valid_from=start, valid_until=start + timedelta(days=4 * 365))
    assert active_role_scopes(user) == []
    assert active_role_scopes(user, today=start) == [(Role.AKIM, "596644")]


@pytest.mark.django_db
def test_the_menu_links_to_the_notifications_inbox_for_anyone_with_a_role(client, tree):
    from auyl.core.roles import Role

    client.force_login(make_user("+77015550010", role=Role.RESIDENT, territory=tree.home.territory))
    assert 'href="/account/notifications/"' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
