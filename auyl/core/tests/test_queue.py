"""Background work goes through a real queue: in-process by default, Redis Queue when configured."""


import pytest

from auyl.core import audit
from auyl.core.tasks import verify_audit_chain


@pytest.mark.django_db
def test_in_process_default_runs_the_task_at_once():
    audit.record(actor=None, action="x", object_type="t", object_id=1)
    result = verify_audit_chain.enqueue()
    assert result.return_value == {"checked": 1, "problems": []}


@pytest.mark.django_db(transaction=True)
def test_redis_queue_and_worker_run_the_task(rq_queue):
    import django_rq
    from django_tasks_rq import Job
    from rq.worker import SimpleWorker

    audit.record(actor=None, action="x", object_type="t", object_id=1)
    result = verify_audit_chain.enqueue()
    assert result.status == "READY" and rq_queue.count == 1  # waiting in Redis, not run yet
    django_rq.get_worker("default", job_class=Job, worker_class=SimpleWorker).work(burst=True)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"checked": 1, "problems": []}


@pytest.mark.django_db
def test_in_process_tasks_keep_the_callers_connection_and_transaction():
    from django.db import connection
    from django_tasks.backends.immediate import ImmediateBackend

    from auyl.core.tasks import refresh_worker_connections

    connection.ensure_connection()
    raw = connection.connection
    refresh_worker_connections(ImmediateBackend)
    assert connection.connection is raw and connection.in_atomic_block


def test_queue_worker_jobs_start_and_end_like_requests(monkeypatch):
    """In the worker's one long process every job drops broken or too old connections first and last."""
    from django_tasks.backends.immediate import ImmediateBackend
    from django_tasks_rq import RQBackend

    from auyl.core import tasks

    calls: list[str] = []
    monkeypatch.setattr(tasks, "close_old_connections", lambda **kwargs: calls.append("closed"))
    tasks.refresh_worker_connections(ImmediateBackend)
    assert calls == []
    tasks.refresh_worker_connections(RQBackend)
    assert calls == ["closed"]
