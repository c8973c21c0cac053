"""Refreshing the local copy of each registry for a community, and recording how fresh each source is.

A refresh replaces a community's rows of one registry in one transaction; a failing source leaves the last good
copy in place and marks the source "unavailable since" its first failure, so pages degrade instead of breaking.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from auyl.core import audit
from auyl.core.permissions import require
from auyl.people import crypto
from auyl.people.models import Resident
from auyl.people.registry import RegistryRecord
from auyl.registries.connectors import (
    Connector,
    FileConnector,
    HttpConnector,
    RegistryError,
    breaker_for,
)
from auyl.registries.models import (
    HolderKind,
    LandPlot,
    LandPurpose,
    LegalEntity,
    RealEstate,
    Source,
    SourceStatus,
    TaxAccount,
    TaxKind,
    Vehicle,
)
from auyl.territory.models import Community, Level, Territory

logger = logging.getLogger(__name__)


def connector_for(source: str) -> Connector:
    """The connector the settings give a registry: its HTTP endpoint if one is set, else its file."""
    config = settings.AUYL_REGISTRIES.get(source, {})
    if url := config.get("url"):
        http = settings.AUYL_REGISTRY_HTTP
        return HttpConnector(kind=source, url=url, timeout=http["timeout"], retries=http["retries"],
                             backoff=http["backoff"],
                             breaker=breaker_for(url, http["breaker_failures"], http["breaker_reset"]))
    directory = Path(settings.AUYL_REGISTRY_DIR)
    json_path = directory / f"{source}.json"
    return FileConnector(kind=source, path=json_path if json_path.exists() else directory / f"{source}.csv")


# --- converting rows ---------------------------------------------------------------------------------


class _Rows:
    """Turns a registry's rows into model rows, naming the row of each problem."""

    def __init__(self, community: Community) -> None:
        self.community = community
        self.settlements = {t.code: t for t in Territory.objects.filter(
            prefix__startswith=community.territory.prefix, level=Level.SETTLEMENT)}
        self.residents = dict(Resident.objects.filter(community=community).values_list("iin_hash", "id"))

    def base(self, row: dict[str, str], id_field: str = "", kind_field: str = "") -> dict:
        values = {"community": self.community, "settlement": self.settlements.get(row["settlement_kato"])}
        if id_field:
            identifier = row[id_field].replace(" ", "")
            if identifier and (not identifier.isdigit() or len(identifier) != 12):
                raise ValueError(f"{id_field} must have 12 digits")
            key = crypto.lookup_hash(identifier) if identifier else ""
            holder_kind = row.get(kind_field) or HolderKind.INDIVIDUAL
            if holder_kind not in HolderKind.values:
                raise ValueError(f"{kind_field} must be individual or legal")
            values.update(holder_hash=key, holder_last4=identifier[-4:], holder_kind=holder_kind,
                          resident_id=self.residents.get(key) if holder_kind == HolderKind.INDIVIDUAL else None)
        return values


def _money(value: str) -> Decimal:
    try:
        return Decimal(value or "0").quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(f"not an amount: {value!r}") from None


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes"}


def _legal_entity(rows: _Rows, row: dict) -> LegalEntity:
    base = {**rows.base(row, "bin"), "holder_kind": HolderKind.LEGAL, "resident_id": None}
    return LegalEntity(**base, name=row["name"][:300],
                       form=row["form"][:40], activity=row["activity"][:200],
                       registered_on=date.fromisoformat(row["registered_on"]) if row["registered_on"] else None,
                       is_active=_flag(row["active"]))


def _tax_account(rows: _Rows, row: dict) -> TaxAccount:
    if row["tax_kind"] not in TaxKind.values:
        raise ValueError(f"unknown tax {row['tax_kind']!r}")
    base = rows.base(row, "taxpayer_id", "payer_kind")
    return TaxAccount(**base, name=row["name"][:300] if base["holder_kind"] == HolderKind.LEGAL else "",
                      tax_kind=row["tax_kind"], year=int(row["year"]), assessed=_money(row["assessed"]),
                      paid=_money(row["paid"]), arrears=_money(row["arrears"]))


def _land_plot(rows: _Rows, row: dict) -> LandPlot:
    if row["purpose"] not in LandPurpose.values:
        raise ValueError(f"unknown purpose {row['purpose']!r}")
    return LandPlot(**rows.base(row, "holder_id", "holder_kind"), cadastral_number=row["cadastral_number"][:40],
                    area_ha=Decimal(row["area_ha"]), purpose=row["purpose"], right=row["right"][:40],
                    registered=_flag(row["registered"]))


def _real_estate(rows: _Rows, row: dict) -> RealEstate:
    return RealEstate(**rows.base(row, "holder_id", "holder_kind"), object_number=row["object_number"][:40],
                      kind=row["kind"][:40], area_m2=Decimal(row["area_m2"]), registered=_flag(row["registered"]))


def _vehicle(rows: _Rows, row: dict) -> Vehicle:
    return Vehicle(**rows.base(row, "owner_id", "owner_kind"), kind=row["kind"][:40],
                   year_made=int(row["year_made"]) if row["year_made"] else None)


CONVERTERS: dict[str, tuple[type, Callable]] = {
    Source.LEGAL_ENTITIES: (LegalEntity, _legal_entity),
    Source.TAXPAYERS: (TaxAccount, _tax_account),
    Source.LAND_PLOTS: (LandPlot, _land_plot),
    Source.REAL_ESTATE: (RealEstate, _real_estate),
    Source.VEHICLES: (Vehicle, _vehicle),
}


class _PopulationRows:
    """Adapts population-registry rows to the resident registry's import (auyl.people.services)."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.rows = rows

    def records(self) -> Iterator[RegistryRecord]:
        for line, row in enumerate(self.rows, start=2):
            yield RegistryRecord(line=line, iin=row["iin"], last_name=row["last_name"],
                                 first_name=row["first_name"], patronymic=row["patronymic"],
                                 birth_date=row["birth_date"], sex=row["sex"], settlement_kato=row["settlement_kato"],
                                 address=row["address"], registered=row.get("registered", "1") != "0",
                                 excluded=row.get("excluded", "0") == "1")


def _store(source: str, community: Community, rows: list[dict[str, str]]) -> int:
    if source == Source.POPULATION:
        from auyl.people.services import import_registry

        report = import_registry(_PopulationRows(rows))
        if not report.ok:
            raise RegistryError("; ".join(report.errors[:5]))
        return report.created + report.updated
    model, convert = CONVERTERS[source]
    converter = _Rows(community)
    objects = []
    for line, row in enumerate(rows, start=2):
        try:
            objects.append(convert(converter, row))
        except (ValueError, KeyError, InvalidOperation) as error:
            raise RegistryError(f"{source}: record {line}: {error}") from None
    model.objects.filter(community=community).delete()
    model.objects.bulk_create(objects, batch_size=1000)
    return len(objects)


# --- refreshing --------------------------------------------------------------------------------------


def refresh(source: str, community: Community, *, actor=None, connector: Connector | None = None) -> SourceStatus:
    """Fetch one registry for one community and replace its local copy; on failure keep the old copy and
    record since when the source is unavailable. Never raises for a source problem."""
    if actor is not None:
        require(actor, "change", community.territory.code, subject="registries.sourcestatus")
    connector = connector or connector_for(source)
    now = timezone.now()
    status, _ = SourceStatus.objects.get_or_create(source=source, community=community)
    status.last_attempt_at, status.adapter = now, "http" if isinstance(connector, HttpConnector) else "file"
    try:
        rows = connector.fetch(community.territory.prefix)
        with transaction.atomic():
            count = _store(source, community, rows)
            status.records, status.last_success_at = count, now
            status.unavailable_since, status.last_error = None, ""
            status.save()
            audit.record(actor=actor or "registries", action="registries.refreshed", obj=status,
                         after={"source": source, "records": count, "adapter": status.adapter})
    except RegistryError as error:
        logger.warning("registry %s for %s failed: %s", source, community.territory.code, error)
        status.unavailable_since = status.unavailable_since or now
        status.last_error = str(error)[:300]
        status.save()
    return status


def refresh_all(community: Community, *, actor=None, sources: list[str] | None = None) -> list[SourceStatus]:
    return [refresh(source, community, actor=actor) for source in sources or Source.values]


def record_loaded(source: str, community: Community, records: int, *, adapter: str = "file") -> SourceStatus:
    """Note a load done elsewhere (e.g. ``auyl import residents`` for the population registry) as fresh."""
    now = timezone.now()
    status, _ = SourceStatus.objects.update_or_create(source=source, community=community, defaults=dict(
        adapter=adapter, last_attempt_at=now, last_success_at=now, unavailable_since=None, last_error="",
        records=records))
    return status
