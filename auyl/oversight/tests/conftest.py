"""Fixtures of the oversight tests: officials in the small KATO tree and helpers to run an election."""

from datetime import date

import pytest

from auyl.core.roles import Role
from auyl.core.testing import make_user
from auyl.oversight import services


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, the source language; translation tests override it."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def official(tree):
    return make_user("district-official", role=Role.DISTRICT_OFFICIAL, territory=tree.district)


@pytest.fixture
def auditor(tree):
    return make_user("auditor", role=Role.AUDITOR, territory=tree.district)


def run_election(actor, community, day, candidates, *, electorate=1000, ballots=800, first_time=None):
    """Schedule, nominate and count: ``candidates`` are (name, birth date, votes, extra kwargs)."""
    election = services.schedule_election(actor, community=community, day=day)
    made = []
    for name, born, votes, extra in candidates:
        made.append((services.nominate(actor, election, full_name=name, birth_date=born,
                                       **{"education": "higher", "experience_years": 5, "nomination": "self",
                                          **extra}), votes))
    term = services.record_results(actor, election, electorate=electorate, ballots_cast=ballots,
                                   votes={c.pk: v for c, v in made if c.is_eligible}, first_time=first_time)
    return election, term


def person(name="Ахметов Айдар", born=date(1980, 5, 1), votes=500, **extra):
    return (name, born, votes, extra)
