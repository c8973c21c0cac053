"""Writing to and verifying the audit chain.

Services call :func:`record` inside the same transaction as the change they audit, so a change and its
entry are saved together or not at all. :func:`verify` recomputes the whole chain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from auyl.core.hashing import GENESIS_HASH, chain_hash
from auyl.core.models import AuditEntry, AuditHead


def _payload(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "territory_code": entry.territory_code,
        "before": entry.before,
        "after": entry.after,
    }


def record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    territory_code: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    """Append one entry. ``obj`` (a model instance) fills type, id and territory when given."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        territory_code = territory_code or getattr(obj, "permission_scope", "") or ""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        user = actor if getattr(actor, "is_authenticated", False) else None
        entry = AuditEntry(
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor=user,
            actor_label=(user.get_username() if user else str(actor or "system"))[:150],
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            territory_code=territory_code or "",
            before=_jsonable(before),
            after=_jsonable(after),
            prev_hash=head.entry_hash,
        )
        entry.entry_hash = chain_hash(entry.prev_hash, _payload(entry))
        entry.save()
        head.seq, head.entry_hash = entry.seq, entry.entry_hash
        head.save(update_fields=["seq", "entry_hash"])
    return entry


def _jsonable(data: dict | None) -> dict | None:
    """Round-trip through canonical JSON so what is hashed is exactly what the database stores."""
    if data is None:
        return None
    import json

    from auyl.core.hashing import canonical_json

    return json.loads(canonical_json(data))


@dataclass
class VerificationReport:
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify() -> VerificationReport:
    """Walk the chain: every hash recomputed, every link and sequence number continuous, head matches."""
    report = VerificationReport()
    prev_hash, expected_seq = GENESIS_HASH, 1
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            report.problems.append(f"entry #{expected_seq} is missing (next found: #{entry.seq})")
        if entry.prev_hash != prev_hash:
            report.problems.append(f"entry #{entry.seq} does not link to the entry before it")
        if chain_hash(entry.prev_hash, _payload(entry)) != entry.entry_hash:
            report.problems.append(f"entry #{entry.seq} was altered (its hash does not match its content)")
        prev_hash, expected_seq = entry.entry_hash, entry.seq + 1
        report.checked += 1
    head = AuditHead.objects.filter(id=1).first()
    head_seq, head_hash = (head.seq, head.entry_hash) if head else (0, GENESIS_HASH)
    if head_seq != expected_seq - 1 or head_hash != prev_hash:
        report.problems.append(f"the chain ends at #{expected_seq - 1} but its head says #{head_seq}")
    return report
