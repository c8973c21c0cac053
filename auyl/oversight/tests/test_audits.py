"""Audit commission findings: recorded by auditors, presented with the assembly chair, answered by the akim,
followed up to resolution, summarised publicly."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from auyl.core.permissions import can
from auyl.core.roles import Role
from auyl.core.testing import make_user
from auyl.oversight import selectors, services
from auyl.oversight.models import Audit, Finding

pytestmark = pytest.mark.django_db
SOON = date.today() + timedelta(days=60)


@pytest.fixture
def people(tree, auditor):
    return {
        "auditor": auditor,
        "akim": make_user("akim", role=Role.AKIM, territory=tree.home.territory),
        "chair": make_user("chair", role=Role.ASSEMBLY_MEMBER, territory=tree.home.territory),
        "far_chair": make_user("far-chair", role=Role.ASSEMBLY_MEMBER, territory=tree.far.territory),
        "resident": make_user("resident", role=Role.RESIDENT, territory=tree.home.territory),
    }


@pytest.fixture
def audit_with_findings(tree, people):
    item = services.create_audit(people["auditor"], community=tree.home, year=2025, title="Budget 2025")
    services.add_finding(people["auditor"], item, description="Street lighting paid twice",
                         amount=Decimal("1250000"), recommendation="Recover the overpayment", deadline=SOON)
    services.add_finding(people["auditor"], item, description="No inventory of communal property",
                         amount=Decimal("0"), recommendation="Take the inventory", deadline=SOON)
    return item


def present(item, people):
    return services.record_presentation(people["auditor"], item, session_at=timezone.now(),
                                        session_url="https://meet.example.kz/audit", chair=people["chair"])


def test_the_whole_cycle(audit_with_findings, people):
    item = present(audit_with_findings, people)
    first, second = item.findings.order_by("number")
    services.respond(people["akim"], first, response="Recovered 1,250,000 ₸ from the contractor")
    services.add_follow_up(people["akim"], first, note="Payment order No. 15 attached")
    services.add_follow_up(people["auditor"], first, note="Checked the bank statement", resolves=True)
    services.respond(people["akim"], second, response="Inventory ordered")
    services.add_follow_up(people["auditor"], second, note="Inventory act of 1 March", resolves=True)
    item.refresh_from_db()
    assert item.status == Audit.Status.CLOSED
    services.publish_audit(people["auditor"], item, summary="Two findings, 1.25 mln ₸, both resolved on time.")
    item = selectors.audit_detail(item.pk)
    assert selectors.audit_summary(item) == {"findings": 2, "amount": Decimal("1250000"), "resolved": 2,
                                             "responded": 0, "open": 0, "overdue": 0}
    from django.contrib.auth.models import AnonymousUser

    assert can(AnonymousUser(), "view", item) and can(AnonymousUser(), "view", item.findings.first())


def test_findings_are_added_only_before_the_presentation(audit_with_findings, people):
    present(audit_with_findings, people)
    with pytest.raises(ValidationError, match="before the audit is presented"):
        services.add_finding(people["auditor"], audit_with_findings, description="x", amount=Decimal(1),
                             recommendation="y", deadline=SOON)


def test_the_chair_must_belong_to_this_community_assembly(audit_with_findings, people):
    with pytest.raises(ValidationError) as error:
        services.record_presentation(people["auditor"], audit_with_findings, session_at=timezone.now(),
                                     session_url="https://meet.example.kz/a", chair=people["far_chair"])
    assert "chair" in error.value.message_dict
    audit_with_findings.refresh_from_db()
    assert audit_with_findings.status == Audit.Status.DRAFT


def test_the_akim_answers_only_after_the_presentation_and_only_the_commission_resolves(audit_with_findings, people):
    finding = audit_with_findings.findings.first()
    with pytest.raises(ValidationError, match="after the audit is presented"):
        services.respond(people["akim"], finding, response="ok")
    present(audit_with_findings, people)
    with pytest.raises(PermissionDenied):
        services.respond(people["auditor"], finding, response="I am not the akim")
    with pytest.raises(ValidationError, match="Only the audit commission"):
        services.add_follow_up(people["akim"], finding, note="Done", resolves=True)
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN


@pytest.mark.parametrize("field,kwargs", [
    ("amount", {"amount": Decimal("-1")}), ("deadline", {"deadline": date.today()}),
    ("description", {"description": "  "}), ("recommendation", {"recommendation": ""}),
])
def test_bad_findings_are_refused(audit_with_findings, people, field, kwargs):
    values = dict(description="d", amount=Decimal(1), recommendation="r", deadline=SOON) | kwargs
    with pytest.raises(ValidationError) as error:
        services.add_finding(people["auditor"], audit_with_findings, **values)
    assert field in error.value.message_dict
    assert audit_with_findings.findings.count() == 2


def test_drafts_are_hidden_from_residents_and_other_territories(tree, audit_with_findings, people):
    outsider = make_user("far-auditor", role=Role.AUDITOR, territory=tree.far.district)
    assert not can(people["resident"], "view", audit_with_findings)
    assert not can(outsider, "view", audit_with_findings)
    assert can(people["chair"], "view", audit_with_findings)
    assert list(selectors.audits_visible_to(outsider)) == []
    assert list(selectors.audits_visible_to(people["akim"])) == [audit_with_findings]
    with pytest.raises(PermissionDenied):
        services.add_finding(outsider, audit_with_findings, description="d", amount=Decimal(1),
                             recommendation="r", deadline=SOON)


def test_publishing_needs_a_presentation_and_a_summary(audit_with_findings, people):
    with pytest.raises(ValidationError, match="after it is presented"):
        services.publish_audit(people["auditor"], audit_with_findings, summary="A long enough public summary.")
    present(audit_with_findings, people)
    with pytest.raises(ValidationError):
        services.publish_audit(people["auditor"], audit_with_findings, summary="short")
    assert not Audit.objects.get(pk=audit_with_findings.pk).is_public
