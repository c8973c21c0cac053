"""The audit chain: appends link by hash; any tampering in the database is reported."""

import pytest
from django.core.management import CommandError, call_command

from auyl.core import audit
from auyl.core.models import AuditEntry, AuditHead


@pytest.fixture
def chain(db):
    for n in range(5):
        audit.record(actor=None, action="budget.changed", object_type="budget.budget", object_id=n,
                     territory_code="596644000", before={"amount": n}, after={"amount": n + 1})
    return list(AuditEntry.objects.order_by("seq"))


def test_intact_chain_verifies(chain):
    report = audit.verify()
    assert report.ok and report.checked == 5
    assert chain[1].prev_hash == chain[0].entry_hash
    call_command("verify_audit")


@pytest.mark.parametrize("tamper", [
    lambda: AuditEntry.objects.filter(seq=3).update(after={"amount": 999}),
    lambda: AuditEntry.objects.filter(seq=2).update(actor_label="someone else"),
    lambda: AuditEntry.objects.filter(seq=4).update(action="budget.deleted"),
    lambda: AuditEntry.objects.filter(seq=3).delete(),
    lambda: AuditEntry.objects.filter(seq=5).delete(),
    lambda: AuditEntry.objects.filter(seq=1).update(entry_hash="f" * 64),
    lambda: AuditHead.objects.update(seq=4),
], ids=["edit-after", "edit-actor", "edit-action", "delete-middle", "delete-last", "rehash", "head"])
def test_tampering_is_detected(chain, tamper):
    tamper()
    report = audit.verify()
    assert not report.ok
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_recomputed_hash_after_edit_still_breaks_the_next_link(chain):
    from auyl.core.audit import _payload
    from auyl.core.hashing import chain_hash

    entry = AuditEntry.objects.get(seq=2)
    entry.after = {"amount": 0}
    entry.entry_hash = chain_hash(entry.prev_hash, _payload(entry))
    entry.save()
    report = audit.verify()
    assert any("#3 does not link" in p for p in report.problems)
