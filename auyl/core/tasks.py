"""Background work of the core: the scheduled verification of the audit chain."""

from django_tasks import task


@task()
def verify_audit_chain() -> dict:
    """Recompute the whole chain (run nightly by the operator's scheduler); the result is kept by the queue."""
    from auyl.core.audit import verify

    report = verify()
    return {"checked": report.checked, "problems": report.problems}
