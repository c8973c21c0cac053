"""Who may do what in each phase: every principal × phase × (subject, action), generated from POLICY.

POLICY is the specification: for each (subject, action) the principals allowed and the phases in which
they are. ``can()`` must agree in every cell; administrators may always act (as everywhere in Auyl).
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from auyl.contests.models import PHASE_ORDER, Phase, ProposalStatus
from auyl.contests.tests.factories import make_contest, make_proposal
from auyl.core.permissions import can
from auyl.core.roles import Role
from auyl.core.testing import make_user, make_verified_resident

P = Phase
ALL_PHASES = set(PHASE_ORDER)
OFFICIALS = {"staff", "akim"}
EVERYONE = {"anonymous", "unverified", "resident", "minor", "outsider", "staff", "akim", "far_staff", "assembly",
            "district", "observer"}

# (subject, action, object) -> (principals allowed, phases in which they are)
POLICY: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {
    ("contests.contest", "view", "contest"): (EVERYONE, ALL_PHASES),
    ("contests.contest", "change", "contest"): (OFFICIALS, {P.ANNOUNCED, P.PROPOSALS, P.REVIEW}),
    ("contests.contest", "approve", "contest"): (OFFICIALS, ALL_PHASES - {P.VOTING}),
    ("contests.contest", "publish", "contest"): (OFFICIALS, {P.RESULTS, P.IMPLEMENTATION}),
    ("contests.proposal", "view", "proposal"): (EVERYONE, ALL_PHASES),
    ("contests.proposal", "create", "contest"): ({"resident"}, {P.PROPOSALS}),
    ("contests.proposal", "change", "proposal"): ({"resident"}, {P.PROPOSALS}),  # the author withdraws
    ("contests.proposal", "approve", "proposal"): (OFFICIALS, {P.REVIEW}),
    ("contests.comment", "create", "proposal"): (OFFICIALS | {"resident"}, {P.PROPOSALS, P.REVIEW, P.VOTING}),
    ("contests.ballot", "create", "contest"): ({"resident"}, {P.VOTING}),
    ("contests.paperballotentry", "create", "contest"): (OFFICIALS, {P.VOTING}),
    ("contests.fundedproject", "change", "contest"): (OFFICIALS, {P.RESULTS, P.IMPLEMENTATION}),
}
CELLS = list(itertools.product(sorted(EVERYONE), PHASE_ORDER, POLICY))


def test_the_matrix_is_complete():
    assert len(CELLS) == len(EVERYONE) * len(Phase) * len(POLICY)


@pytest.fixture
def principals(tree):
    home = tree.home.territory
    author = make_verified_resident(tree.home, "resident", born=date(1980, 5, 5))
    return {
        "anonymous": AnonymousUser(),
        "unverified": make_user("unverified"),
        "resident": author,
        "minor": make_verified_resident(tree.home, "minor", born=date.today() - timedelta(days=17 * 365)),
        "outsider": make_verified_resident(tree.far, "outsider"),
        "staff": make_user("staff", role=Role.STAFF, territory=home),
        "akim": make_user("akim", role=Role.AKIM, territory=home),
        "far_staff": make_user("far_staff", role=Role.STAFF, territory=tree.far.territory),
        "assembly": make_user("assembly", role=Role.ASSEMBLY_MEMBER, territory=home),
        "district": make_user("district", role=Role.DISTRICT_OFFICIAL, territory=tree.district),
        "observer": make_user("observer", role=Role.NATIONAL_OBSERVER),
        "admin": make_user("admin", role=Role.ADMIN),
    }


@pytest.mark.django_db
def test_permission_matrix_by_phase(tree, principals):
    objects = {}
    for phase in PHASE_ORDER:
        contest = make_contest(tree.home, principals["staff"], phase=phase)
        proposal = make_proposal(contest, principals["resident"], status=ProposalStatus.SUBMITTED)
        objects[phase] = {"contest": contest, "proposal": proposal}
    wrong = []
    for who, phase, key in CELLS:
        subject, action, kind = key
        allowed, phases = POLICY[key]
        obj = objects[phase][kind]
        if subject == "contests.fundedproject":  # a project's permission follows its contest's phase
            obj = type("Project", (), {"contest": obj, "permission_scope": obj.permission_scope})()
        got = can(principals[who], action, obj, subject=subject)
        if got != (who in allowed and phase in phases):
            wrong.append(f"{who} {action} {subject} in {phase}: got {got}")
        if not can(principals["admin"], action, obj, subject=subject):
            wrong.append(f"admin {action} {subject} in {phase}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_settlement_restricted_contests_admit_only_their_settlements(tree, principals):
    contest = make_contest(tree.home, principals["staff"], phase=Phase.VOTING)
    other = tree.home.settlements().exclude(pk=principals["resident"].resident.settlement_id).first()
    contest.settlements.set([other])
    contest = type(contest).objects.get(pk=contest.pk)
    assert not can(principals["resident"], "create", contest, subject="contests.ballot")


@pytest.mark.django_db
def test_minimum_age_is_configurable(tree, principals):
    contest = make_contest(tree.home, principals["staff"], phase=Phase.VOTING, min_age=16)
    assert can(principals["minor"], "create", contest, subject="contests.ballot")
