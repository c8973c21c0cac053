"""Connectors to the state registries the workplace reads: one interface, a file adapter and an HTTP adapter.

No Django here: configuration comes in as arguments (see ``auyl.registries.services.connector_for``).

Every registry delivers flat records (one dict per row) with a ``settlement_kato`` column; a connector returns
the records of one community (KATO prefix). The columns of each registry are in ``COLUMNS`` and in
docs/workplace.md. Files are UTF-8 CSV with a header row, or JSON ``{"records": [...]}`` (or a bare list).

The HTTP adapter asks ``GET <url>?kato=<prefix>`` and expects the same JSON. It gives up after ``timeout``
seconds per attempt, retries ``retries`` times with a growing pause, and stops calling a failing source for
``breaker_reset`` seconds after ``breaker_failures`` failed calls in a row (circuit breaker), so a dead registry
costs one quick refusal instead of a wait.
"""

from __future__ import annotations

import csv
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

# Registry → required columns (besides ``settlement_kato``).
COLUMNS: dict[str, tuple[str, ...]] = {
    # ГБД ФЛ, the population registry: the format of auyl.people.registry.
    "population": ("iin", "last_name", "first_name", "patronymic", "birth_date", "sex", "address"),
    # ГБД ЮЛ, legal entities and individual entrepreneurs.
    "legal_entities": ("bin", "name", "form", "activity", "registered_on", "active"),
    # The tax authority: one row per taxpayer and kind of tax (budget classification code) and year.
    "taxpayers": ("taxpayer_id", "payer_kind", "name", "tax_kind", "year", "assessed", "paid", "arrears"),
    # The land cadastre.
    "land_plots": ("cadastral_number", "area_ha", "purpose", "right", "holder_id", "holder_kind", "registered"),
    # The register of real estate.
    "real_estate": ("object_number", "kind", "area_m2", "holder_id", "holder_kind", "registered"),
    # The register of vehicles.
    "vehicles": ("kind", "year_made", "owner_id", "owner_kind"),
}
KINDS = tuple(COLUMNS)


class RegistryError(Exception):
    """The source answered with something we cannot use, or not at all."""


class SourceUnavailable(RegistryError):
    """The source did not answer (time-out, refused, server error, circuit open)."""


class Connector(Protocol):
    kind: str

    def fetch(self, kato_prefix: str) -> list[dict[str, str]]: ...


def _check_columns(kind: str, names: list[str] | None) -> None:
    missing = [c for c in ("settlement_kato", *COLUMNS[kind]) if c not in (names or [])]
    if missing:
        raise RegistryError(f"{kind}: missing columns: {', '.join(missing)}")


def _records_of(kind: str, payload) -> list[dict[str, str]]:
    rows = payload.get("records") if isinstance(payload, dict) else payload
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise RegistryError(f"{kind}: expected a list of records")
    if rows:
        _check_columns(kind, list(rows[0]))
    return [{key: "" if value is None else str(value).strip() for key, value in row.items()} for row in rows]


def _within(rows: list[dict[str, str]], prefix: str) -> list[dict[str, str]]:
    return [row for row in rows if row.get("settlement_kato", "").startswith(prefix)]


@dataclass
class FileConnector:
    """Reads ``<kind>.csv`` or ``<kind>.json`` exported from the registry (the demo ships such files)."""

    kind: str
    path: Path

    def fetch(self, kato_prefix: str) -> list[dict[str, str]]:
        path = Path(self.path)
        if not path.exists():
            raise SourceUnavailable(f"{self.kind}: file {path.name} not found")
        if path.suffix == ".json":
            try:
                rows = _records_of(self.kind, json.loads(path.read_text("utf-8")))
            except json.JSONDecodeError as error:
                raise RegistryError(f"{self.kind}: not valid JSON (line {error.lineno})") from None
        else:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                _check_columns(self.kind, reader.fieldnames)
                rows = [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
        return _within(rows, kato_prefix)


@dataclass
class CircuitBreaker:
    """Closed → open after ``failures`` failures in a row; half-open (one trial call) after ``reset`` seconds."""

    failures: int = 3
    reset: float = 300.0
    clock: Callable[[], float] = time.monotonic
    _count: int = 0
    _opened_at: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self) -> bool:
        with self._lock:
            return self._opened_at is None or self.clock() - self._opened_at >= self.reset

    @property
    def is_open(self) -> bool:
        return not self.allow()

    def record_success(self) -> None:
        with self._lock:
            self._count, self._opened_at = 0, None

    def record_failure(self) -> None:
        with self._lock:
            self._count += 1
            if self._count >= self.failures:
                self._opened_at = self.clock()


_BREAKERS: dict[str, CircuitBreaker] = {}
_BREAKERS_LOCK = threading.Lock()


def breaker_for(url: str, failures: int, reset: float) -> CircuitBreaker:
    """One breaker per source URL for the whole process, so every request sees the same state."""
    with _BREAKERS_LOCK:
        if url not in _BREAKERS:
            _BREAKERS[url] = CircuitBreaker(failures=failures, reset=reset)
        return _BREAKERS[url]


def reset_breakers() -> None:
    with _BREAKERS_LOCK:
        _BREAKERS.clear()


@dataclass
class HttpConnector:
    """Skeleton of a connector to a registry's web service (via the e-government gateway in production)."""

    kind: str
    url: str
    timeout: float = 5.0
    retries: int = 2
    backoff: float = 0.5
    breaker: CircuitBreaker = field(default_factory=CircuitBreaker)
    headers: dict[str, str] = field(default_factory=dict)
    sleep: Callable[[float], None] = time.sleep

    def _get(self, kato_prefix: str) -> bytes:
        query = urllib.parse.urlencode({"kato": kato_prefix})
        request = urllib.request.Request(f"{self.url}{'&' if '?' in self.url else '?'}{query}",
                                         headers={"Accept": "application/json", **self.headers})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return response.read()

    def fetch(self, kato_prefix: str) -> list[dict[str, str]]:
        if not self.breaker.allow():
            raise SourceUnavailable(f"{self.kind}: circuit open after repeated failures")
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * attempt)
            try:
                body = self._get(kato_prefix)
            except urllib.error.HTTPError as error:
                problem = f"HTTP {error.code}"
                if error.code < 500:
                    break  # a client error will not heal by retrying
            except TimeoutError:
                problem = f"no answer within {self.timeout:g} s"
            except (urllib.error.URLError, ConnectionError) as error:
                reason = getattr(error, "reason", error)
                problem = "no answer (time-out)" if isinstance(reason, TimeoutError) else f"unreachable ({reason})"
            else:
                try:
                    rows = _records_of(self.kind, json.loads(body.decode("utf-8")))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    self.breaker.record_failure()
                    raise RegistryError(f"{self.kind}: the answer is not JSON") from None
                self.breaker.record_success()
                return _within(rows, kato_prefix)
        self.breaker.record_failure()
        raise SourceUnavailable(f"{self.kind}: {problem}")
