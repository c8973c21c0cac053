"""Under concurrency a budget never gets two adjustments under way, nor a version approved twice
(database constraints plus row locks), on PostgreSQL with parallel connections."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from auyl.budget import services
from auyl.budget.models import Budget, BudgetVersion, State
from auyl.budget.tests.helpers import agreed, approved, budget_of

YEAR = timezone.localdate().year
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("classified")]


def _race(count, work):
    barrier = threading.Barrier(count)
    results = []

    def run(index):
        try:
            barrier.wait()
            results.append(("ok", work(index)))
        except Exception as error:  # collected and asserted on below
            results.append(("error", type(error).__name__))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_parallel_adjustments_open_only_one(tree, people):
    budget = budget_of(approved(tree.home, YEAR, people["staff"], people["district"]))
    results = _race(6, lambda i: services.create_adjustment(Budget.objects.get(pk=budget.pk),
                                                            actor=people["staff"], reason=f"adjustment {i}").pk)
    assert [r[0] for r in results].count("ok") == 1
    assert {r[1] for r in results if r[0] == "error"} == {"ValidationError"}
    assert BudgetVersion.objects.filter(budget=budget, state=State.DRAFT).count() == 1


def test_parallel_approvals_approve_once(tree, people):
    version = agreed(tree.home, YEAR, people["staff"])
    results = _race(5, lambda i: services.approve(BudgetVersion.objects.get(pk=version.pk),
                                                  actor=people["district"], reference=f"№ {i}").state)
    assert [r[0] for r in results].count("ok") == 1
    assert BudgetVersion.objects.filter(budget=version.budget, state=State.APPROVED).count() == 1
    from auyl.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="budget.approve").count() == 1
