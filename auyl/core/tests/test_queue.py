"""Background work goes through a real queue: in-process by default, Redis Queue when configured."""

import os

import pytest

from auyl.core import audit
from auyl.core.tasks import verify_audit_chain


@pytest.mark.django_db
def test_in_process_default_runs_the_task_at_once():
    audit.record(actor=None, action="x", object_type="t", object_id=1)
    result = verify_audit_chain.enqueue()
    assert result.return_value == {"checked": 1, "problems": []}


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (set REDIS_URL)")
@pytest.mark.django_db(transaction=True)
def test_redis_queue_and_worker_run_the_task(settings):
    import django_rq
    from django_tasks_rq import Job

    settings.RQ_QUEUES = {"default": {"URL": os.environ["REDIS_URL"], "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = settings.RQ_TASKS
    queue = django_rq.get_queue("default", job_class=Job)
    queue.empty()
    audit.record(actor=None, action="x", object_type="t", object_id=1)
    result = verify_audit_chain.enqueue()
    assert result.status == "READY" and queue.count == 1  # waiting in Redis, not run yet
    worker = django_rq.get_worker("default", job_class=Job)
    worker.work(burst=True)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"checked": 1, "problems": []}
