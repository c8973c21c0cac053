"""Write rules for the office's own books: one path for every record, checked, validated and audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require
from auyl.workplace.models import OfficeRecord


def save_record(*, actor, record: OfficeRecord) -> OfficeRecord:
    """Create or change a household, property object, fine, trade place or landscaping task of a community."""
    is_new = record.pk is None
    require(actor, "create" if is_new else "change", record)
    if record.settlement_id and not record.settlement.code.startswith(record.community.territory.prefix):
        raise ValidationError({"settlement": _("This settlement is not in the community.")})
    record.full_clean(exclude=["community"], validate_unique=False)
    try:
        with transaction.atomic():
            record.save()
            verb = "created" if is_new else "changed"
            audit.record(actor=actor, action=f"workplace.{record._meta.model_name}_{verb}", obj=record,
                         after={"id": record.pk})
    except IntegrityError:
        raise ValidationError(_("A record with this number already exists in the community.")) from None
    return record
