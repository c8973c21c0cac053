"""Every role × own/other territory × action × oversight subject against the policy table below."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from auyl.core.permissions import can
from auyl.core.roles import Action, Role
from auyl.core.testing import make_user
from auyl.oversight import rollup, services
from auyl.oversight.models import Power
from auyl.oversight.selectors import Scope

COMMUNITY_ROLES = {Role.RESIDENT, Role.AKIM, Role.STAFF, Role.ASSEMBLY_MEMBER}
DISTRICT_ROLES = {Role.DEPUTY, Role.AUDITOR, Role.DISTRICT_OFFICIAL}
NATIONWIDE_ROLES = {Role.NATIONAL_OBSERVER, Role.ADMIN}
ALL_ROLES = sorted([*COMMUNITY_ROLES, *DISTRICT_ROLES, *NATIONWIDE_ROLES])
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
    if allowed == "*" or role == Role.ADMIN:
        return True
    if role is None:
        return False
    if isinstance(allowed, str):
        return role in allowed.removeprefix("anywhere:").split(",")
    level = subject.partition("@")[2]
    in_scope = where == "own" or role in NATIONWIDE_ROLES
    if role in COMMUNITY_ROLES and level in ("district", "oblast", "country"):
        in_scope = False  # a community role never covers the district above it
    if role in DISTRICT_ROLES and level in ("oblast", "country"):
        in_scope = False
    return in_scope and role in allowed


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
    users = {}
    for role, where in itertools.product(ALL_ROLES, ["own", "other"]):
        if role in NATIONWIDE_ROLES:
            territory = None
        elif role in DISTRICT_ROLES:
            territory = tree.district if where == "own" else tree.far.district
        else:
            territory = tree.home.territory if where == "own" else tree.far.territory
        users[(role, where)] = make_user(f"m-{role}-{where}", role=role, territory=territory)
    return objects, users


CELLS = list(itertools.product(ALL_ROLES, ["own", "other"], list(POLICY), Action.values))


def subject_of(key: str) -> str:
    return "oversight." + {"figure": "figure"}.get(key.partition("@")[0], key.partition("@")[0])


@pytest.mark.django_db
def test_oversight_permission_matrix(world):
    objects, users = world
    wrong = []
    for role, where, key, action in CELLS:
        got = can(users[(role, where)], action, objects[key], subject=subject_of(key))
        if got != expected(role, where, key, action):
            wrong.append(f"{role}@{where} {action} {key}: got {got}")
    for key, action in itertools.product(POLICY, Action.values):
        if can(AnonymousUser(), action, objects[key], subject=subject_of(key)) != expected(None, "x", key, action):
            wrong.append(f"anonymous {action} {key}")
    assert not wrong, "\n".join(wrong)
    assert len(CELLS) == len(Role) * 2 * len(POLICY) * len(Action)
