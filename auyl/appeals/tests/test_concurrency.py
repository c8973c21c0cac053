"""Under parallel connections on PostgreSQL: every appeal gets its own number, a reception slot goes to one
visitor, an answer is rated once."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from auyl.appeals import services
from auyl.appeals.models import Appeal, Category, ReceptionBooking
from auyl.core.roles import Role
from auyl.core.testing import make_tree, make_user, make_verified_resident

WORKERS = 8


def in_threads(function, arguments):
    def run(argument):
        try:
            return function(argument)
        except ValidationError as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(run, arguments))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_numbers_slots_and_ratings():
    """One test (one database flush): numbering, then slot booking, then rating."""
    tree = make_tree()
    parallel_filings_get_distinct_consecutive_numbers(tree)
    a_slot_is_booked_once_however_many_try(tree)
    an_answer_is_rated_once(tree)


def parallel_filings_get_distinct_consecutive_numbers(tree):
    water = Category.objects.get(code="water")
    authors = [make_verified_resident(tree.home, f"+7701111{i:04d}") for i in range(WORKERS * 2)]
    in_threads(lambda user: services.file_appeal(actor=user, community=tree.home, category=water, subject="Су",
                                                 text="Су жоқ"), authors)
    numbers = sorted(Appeal.objects.values_list("number", flat=True))
    year = date.today().year
    assert numbers == [f"596644-{year}-{n:05d}" for n in range(1, len(authors) + 1)]


def a_slot_is_booked_once_however_many_try(tree):
    akim = make_user("akim-pg", role=Role.AKIM, territory=tree.home.territory)
    [reception] = services.schedule_receptions(
        actor=akim, community=tree.home, official=akim, official_title="Әкім", days=[date.today() + timedelta(7)],
        starts_at=time(10), ends_at=time(11), place="Әкімдік")
    people = [make_verified_resident(tree.home, f"+7701222{i:04d}") for i in range(WORKERS)]
    results = in_threads(lambda user: services.book_slot(actor=user, reception=reception, slot=time(10),
                                                         topic="Жер"), people)
    assert sum(isinstance(r, ReceptionBooking) for r in results) == 1
    assert ReceptionBooking.objects.filter(reception=reception).count() == 1


def an_answer_is_rated_once(tree):
    staff = make_user("staff-pg", role=Role.STAFF, territory=tree.home.territory)
    author = make_verified_resident(tree.home, "+77013330000")
    appeal = services.file_appeal(actor=author, community=tree.home, category=Category.objects.get(code="roads"),
                                  subject="Жол", text="Шұңқыр")
    services.answer(actor=staff, appeal=appeal, text="Шұңқыр жөнделді, рақмет.")
    results = in_threads(lambda rating: services.rate_answer(actor=author, appeal=appeal, rating=rating),
                         [1, 2, 3, 4, 5, 5, 4, 3])
    assert sum(isinstance(r, Appeal) for r in results) == 1
    assert Appeal.objects.get(pk=appeal.pk).rating in {1, 2, 3, 4, 5}
