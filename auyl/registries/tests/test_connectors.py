"""File and HTTP adapters: formats, filtering by community, time-outs, retries and the circuit breaker."""

import json
import time

import pytest

from auyl.registries.connectors import (
    CircuitBreaker,
    FileConnector,
    HttpConnector,
    RegistryError,
    SourceUnavailable,
)
from auyl.registries.tests.server import registry_server

VEHICLES = [
    {"settlement_kato": "596644100", "kind": "car", "year_made": "2012", "owner_id": "", "owner_kind": "individual"},
    {"settlement_kato": "113641100", "kind": "tractor", "year_made": "1990", "owner_id": "", "owner_kind": "legal"},
]


def test_csv_and_json_files_give_the_communitys_rows(tmp_path):
    csv_path = tmp_path / "vehicles.csv"
    csv_path.write_text("settlement_kato,kind,year_made,owner_id,owner_kind\n"
                        "596644100,car,2012,,individual\n113641100,tractor,1990,,legal\n", encoding="utf-8")
    json_path = tmp_path / "vehicles.json"
    json_path.write_text(json.dumps({"records": VEHICLES}), encoding="utf-8")
    for path in (csv_path, json_path):
        rows = FileConnector("vehicles", path).fetch("596644")
        assert [r["kind"] for r in rows] == ["car"]


def test_file_errors_are_named(tmp_path):
    with pytest.raises(SourceUnavailable):
        FileConnector("vehicles", tmp_path / "missing.csv").fetch("59")
    bad = tmp_path / "vehicles.csv"
    bad.write_text("settlement_kato,kind\n596644100,car\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="missing columns: year_made, owner_id, owner_kind"):
        FileConnector("vehicles", bad).fetch("59")
    broken = tmp_path / "vehicles.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(RegistryError, match="not valid JSON"):
        FileConnector("vehicles", broken).fetch("59")


def test_http_adapter_reads_and_sends_the_kato_prefix():
    with registry_server(VEHICLES) as (url, calls):
        rows = HttpConnector("vehicles", url, timeout=2).fetch("596644")
    assert [r["kind"] for r in rows] == ["car"] and calls == ["/registry?kato=596644"]


def test_http_adapter_times_out_retries_then_opens_the_circuit():
    breaker = CircuitBreaker(failures=2, reset=60)
    connector = HttpConnector("vehicles", "", timeout=0.2, retries=1, backoff=0, breaker=breaker)
    with registry_server(VEHICLES, delay=1.0) as (url, calls):
        connector.url = url
        started = time.monotonic()
        with pytest.raises(SourceUnavailable, match=r"time-out|within"):
            connector.fetch("596644")
        assert time.monotonic() - started < 0.9  # two attempts of 0.2 s, not the server's full second
        assert len(calls) == 2
        with pytest.raises(SourceUnavailable):
            connector.fetch("596644")
        assert breaker.is_open
        with pytest.raises(SourceUnavailable, match="circuit open"):
            connector.fetch("596644")
        assert len(calls) == 4  # the open circuit did not call the source


def test_server_errors_are_retried_client_errors_are_not():
    with registry_server(status=503) as (url, calls):
        with pytest.raises(SourceUnavailable, match="HTTP 503"):
            HttpConnector("vehicles", url, timeout=1, retries=2, backoff=0).fetch("59")
        assert len(calls) == 3
    with registry_server(status=404) as (url, calls):
        with pytest.raises(SourceUnavailable, match="HTTP 404"):
            HttpConnector("vehicles", url, timeout=1, retries=2, backoff=0).fetch("59")
        assert len(calls) == 1


def test_breaker_half_opens_after_the_reset_time():
    now = [0.0]
    breaker = CircuitBreaker(failures=1, reset=10, clock=lambda: now[0])
    breaker.record_failure()
    assert not breaker.allow()
    now[0] = 10.0
    assert breaker.allow()
    breaker.record_success()
    assert breaker.allow() and not breaker.is_open
