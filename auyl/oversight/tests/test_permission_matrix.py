"""Every role × own/other territory × action × oversight subject against the policy table below."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from auyl.core.roles import Action, Role
from auyl.core.testing import (
    COMMUNITY_ROLES,
    DISTRICT_ROLES,
    make_user,
    matrix_cells,
    matrix_mismatches,
    matrix_users,
    policy_allows,
)
from auyl.oversight import rollup, services
from auyl.oversight.models import Power
from auyl.oversight.selectors import Scope

OVERSEERS = {Role.NATIONAL_OBSERVER, Role.DISTRICT_OFFICIAL, Role.AUDITOR, Role.DEPUTY}
AUDIT_READERS = {*OVERSEERS, Role.AKIM, Role.STAFF, Role.ASSEMBLY_MEMBER}
NOTHING = {Action.CREATE: set(), Action.CHANGE: set(), Action.APPROVE: set(), Action.PUBLISH: set()}

# subject -> action -> roles allowed in the object's own territory; "*" = anyone; "anywhere:" = scope ignored.
POLICY = {
    "figure@community": {Action.VIEW: OVERSEERS | {Role.AKIM, Role.STAFF}, **NOTHING},
    "figure@district": {Action.VIEW: OVERSEERS, **NOTHING},
    "figure@oblast": {Action.VIEW: {Role.NATIONAL_OBSERVER}, **NOTHING},
    "figure@country": {Action.VIEW: {Role.NATIONAL_OBSERVER}, **NOTHING},
    "election": {Action.VIEW: "*", Action.CREATE: {Role.DISTRICT_OFFICIAL}, Action.CHANGE: {Role.DISTRICT_OFFICIAL},
                 Action.APPROVE: {Role.DISTRICT_OFFICIAL}, Action.PUBLISH: set()},
    "audit@draft": {Action.VIEW: AUDIT_READERS, Action.CREATE: {Role.AUDITOR}, Action.CHANGE: {Role.AUDITOR},
                    Action.APPROVE: set(), Action.PUBLISH: {Role.AUDITOR}},
    "audit@published": {Action.VIEW: "*", Action.CREATE: {Role.AUDITOR}, Action.CHANGE: {Role.AUDITOR},
                        Action.APPROVE: set(), Action.PUBLISH: {Role.AUDITOR}},
    "finding@draft": {Action.VIEW: AUDIT_READERS, Action.CREATE: {Role.AUDITOR}, Action.CHANGE: {Role.AUDITOR},
                      Action.APPROVE: {Role.AKIM}, Action.PUBLISH: set()},
    "enrolment": {Action.VIEW: OVERSEERS | {Role.AKIM, Role.STAFF}, Action.CREATE: {Role.DISTRICT_OFFICIAL},
                  Action.CHANGE: {Role.DISTRICT_OFFICIAL}, Action.APPROVE: set(), Action.PUBLISH: set()},
    "powerreview": {Action.VIEW: "*", Action.CREATE: "anywhere:akim,district_official",
                    Action.CHANGE: "anywhere:akim,district_official", Action.APPROVE: set(), Action.PUBLISH: set()},
}


def expected(role, where, subject, action) -> bool:
    allowed = POLICY[subject][action]
    if isinstance(allowed, str) and allowed.startswith("anywhere:") and role not in (None, Role.ADMIN):
        return role in allowed.removeprefix("anywhere:").split(",")
    level = subject.partition("@")[2]
    if role in COMMUNITY_ROLES and level in ("district", "oblast", "country"):
        where = "other"  # a community role never covers the district above it
    if role in DISTRICT_ROLES and level in ("oblast", "country"):
        where = "other"
    return policy_allows(allowed, role, where)


@pytest.fixture
def world(tree, official, auditor):
    from django.utils import timezone

    from auyl.oversight.tests.conftest import person, run_election

    chair = make_user("chair", role=Role.ASSEMBLY_MEMBER, territory=tree.home.territory)
    _, term = run_election(official, tree.home, date.today() - timedelta(days=10), [person()])
    admin = make_user("root", is_superuser=True)
    course = services.create_course(admin, year=2025, titles=("a", "b", "c"), modules=[("budget", ("a", "b", "c"), 8)])
    draft = services.create_audit(auditor, community=tree.home, year=2025, title="Draft")
    finding = services.add_finding(auditor, draft, description="d", amount=Decimal(1), recommendation="r",
                                   deadline=date.today() + timedelta(days=30))
    published = services.create_audit(auditor, community=tree.home, year=2024, title="Published")
    services.record_presentation(auditor, published, session_at=timezone.now(), session_url="https://x.kz/s",
                                 chair=chair)
    published = services.publish_audit(auditor, published, summary="Nothing wrong was found in 2024.")
    services.seed_powers()
    from auyl.oversight.models import PowerReview

    review = PowerReview(power=Power.objects.first(), reviewer=admin, classification="core")
    objects = {
        "figure@community": Scope(tree.home.code, rollup.COMMUNITY, ""),
        "figure@district": Scope(tree.district.prefix, rollup.DISTRICT, ""),
        "figure@oblast": Scope(tree.oblast.prefix, rollup.OBLAST, ""),
        "figure@country": Scope("", rollup.COUNTRY, ""),
        "election": term.candidate.election, "audit@draft": draft, "audit@published": published,
        "finding@draft": finding, "enrolment": services.enrol(official, course, term), "powerreview": review,
    }
    return objects, matrix_users(tree, "m-")


CELLS = matrix_cells(POLICY)


def subject_of(key: str) -> str:
    return "oversight." + {"figure": "figure"}.get(key.partition("@")[0], key.partition("@")[0])


@pytest.mark.django_db
def test_oversight_permission_matrix(world):
    objects, users = world
    wrong = matrix_mismatches(users, CELLS, expected, lambda key, action: (objects[key], subject_of(key)))
    assert not wrong, "\n".join(wrong)
    assert len(CELLS) == len(Role) * 2 * len(POLICY) * len(Action)
