"""Write rules for territories: the idempotent KATO import and community population updates."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from auyl.territory.kato import SELF_GOVERNING_KINDS, kind_of, parent_code, read_kato
from auyl.territory.models import Community, Kind, Level, Territory


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    communities_created: int = 0
    counts: dict[str, int] = field(default_factory=dict)


@transaction.atomic
def import_kato(path: Path | None = None) -> ImportResult:
    """Load the classifier: create missing units, update changed names, leave identical rows untouched.

    Re-running it on the same file changes nothing (every row reports ``unchanged``).
    """
    rows = list(read_kato(path))
    codes = {row.code for row in rows}
    # A settlement row sits directly under a district when its EF segment has no administration row.
    sub_district_segments = {row.code[:6] for row in rows if row.level == Level.SUB_DISTRICT}
    existing = {t.code: t for t in Territory.objects.all()}
    result = ImportResult()
    for row in sorted(rows, key=lambda r: (len(r.prefix), r.code)):
        kind = kind_of(row, district_has_sub_district=row.code[:6] in sub_district_segments)
        parent_key = parent_code(row.code, codes)
        values = {
            "level": row.level,
            "kind": kind,
            "type_code": row.type_code,
            "name_kk": row.name_kk,
            "name_ru": row.name_ru,
            "prefix": row.code[:6] if kind == Kind.TOWN and row.level == Level.SETTLEMENT else row.prefix,
            "kato_version": row.version,
            "parent_id": existing[parent_key].pk if parent_key else None,
        }
        territory = existing.get(row.code)
        if territory is None:
            territory = Territory.objects.create(code=row.code, **values)
            existing[row.code] = territory
            result.created += 1
        elif any(getattr(territory, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(territory, key, value)
            territory.save()
            result.updated += 1
        else:
            result.unchanged += 1
    result.communities_created = _ensure_communities(existing)
    result.counts = kato_counts()
    return result


def _ensure_communities(territories: dict[str, Territory]) -> int:
    have = set(Community.objects.values_list("territory_id", flat=True))
    new = [
        Community(
            territory=t,
            kind=t.kind,
            district=territories[t.code[:4] + "00000"],
            oblast=territories[t.code[:2] + "0000000"],
        )
        for t in territories.values()
        if t.kind in SELF_GOVERNING_KINDS and t.pk not in have
    ]
    Community.objects.bulk_create(new, batch_size=500)
    return len(new)


def kato_counts() -> dict[str, int]:
    """Counts people ask for first: oblasts, districts, 4th-level communities, settlements."""
    return {
        "oblasts": Territory.objects.filter(level=Level.OBLAST).count(),
        "districts": Territory.objects.filter(level=Level.DISTRICT).count(),
        "communities": Community.objects.count(),
        "rural_okrugs": Community.objects.filter(kind=Kind.RURAL_OKRUG).count(),
        "settlements": Territory.objects.filter(level=Level.SETTLEMENT).count(),
    }


def set_population(community: Community, population: int) -> None:
    Community.objects.filter(pk=community.pk).update(population=population)
    Territory.objects.filter(pk=community.territory_id).update(population=population)
