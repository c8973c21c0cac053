"""The School of akims (enrolment, module completion, the share of first-time akims trained) and the powers
register (seeded from the law, reviewed, reported)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.roles import Role
from auyl.core.testing import make_user
from auyl.oversight import selectors, services
from auyl.oversight.models import Classification, Power, PowerReview, Topic
from auyl.oversight.tests.conftest import person, run_election

pytestmark = pytest.mark.django_db

TITLES = ("Әкімдер мектебі", "Школа акимов", "School of akims")


@pytest.fixture
def course(db):
    admin = make_user("admin", is_superuser=True)
    return services.create_course(admin, year=2025, titles=TITLES, modules=[
        (topic, (topic, topic, topic), 8) for topic in Topic.values])


def test_completing_every_module_completes_the_course_and_counts_as_trained(tree, official, course):
    today = date.today()
    _, term = run_election(official, tree.home, today - timedelta(days=60), [person()])
    enrolment = services.enrol(official, course, term, on=today - timedelta(days=50))
    modules = list(course.modules.all())
    for module in modules[:-1]:
        services.complete_module(official, enrolment, module, on=today - timedelta(days=10))
    assert enrolment.completed_on is None
    with pytest.raises(ValidationError, match="already passed"):
        services.complete_module(official, enrolment, modules[0], on=today)
    services.complete_module(official, enrolment, modules[-1], on=today)
    enrolment.refresh_from_db()
    assert enrolment.completed_on == today
    services.refresh_figures(today.year)
    figures = selectors.figures_of(tree.home.code, today.year)
    assert figures["first_time_akims_trained"].value == 1
    assert figures["akims_trained"].value == 1


def test_enrolment_is_refused_twice_and_outside_the_district(tree, official, course):
    far_official = make_user("far", role=Role.DISTRICT_OFFICIAL, territory=tree.far.district)
    _, term = run_election(far_official, tree.far, date.today() - timedelta(days=5), [person()])
    with pytest.raises(PermissionDenied):
        services.enrol(official, course, term)
    services.enrol(far_official, course, term)
    with pytest.raises(ValidationError, match="already enrolled"):
        services.enrol(far_official, course, term)


def test_only_administrators_create_courses(tree, official):
    with pytest.raises(PermissionDenied):
        services.create_course(official, year=2025, titles=TITLES, modules=[("budget", TITLES, 8)])


def test_seeded_powers_are_real_and_idempotent(db):
    assert services.seed_powers() == services.seed_powers() == Power.objects.count()
    water = Power.objects.get(code="okrug-water-supply")
    assert water.legal_source == "Law 148, art. 35 p.1" and water.in_law
    assert Power.objects.filter(legal_source__startswith="Law 148, art. 38-1").exists()
    assert Power.objects.filter(level="district").count() >= 5


def test_reviews_classify_powers_and_the_report_counts_them(tree):
    services.seed_powers()
    akim = make_user("akim", role=Role.AKIM, territory=tree.home.territory)
    official = make_user("official", role=Role.DISTRICT_OFFICIAL, territory=tree.district)
    other_akim = make_user("akim2", role=Role.AKIM, territory=tree.far.territory)
    lighting = Power.objects.get(code="okrug-street-lighting")
    services.review_power(akim, lighting, classification=Classification.CORE)
    services.review_power(other_akim, lighting, classification=Classification.CORE)
    services.review_power(official, lighting, classification=Classification.DUPLICATED,
                          comment="The district housing department does the same")
    services.review_power(akim, lighting, classification=Classification.NON_CORE, comment="Changed my mind")
    assert PowerReview.objects.filter(power=lighting).count() == 3
    services.propose_missing_power(akim, level="community", title="Access to the land cadastre",
                                   comment="We cannot answer land questions")
    report = selectors.classification_report()
    assert report["levels"]["community"]["missing"] == 1
    assert report["reviews"] == 4
    lighting_consensus = selectors.consensus(list(PowerReview.objects.filter(power=lighting)))
    assert lighting_consensus == Classification.CORE  # one each: the order core, non-core, … breaks the tie


def test_a_classification_other_than_core_needs_a_comment_and_residents_cannot_review(tree):
    services.seed_powers()
    akim = make_user("akim", role=Role.AKIM, territory=tree.home.territory)
    resident = make_user("resident", role=Role.RESIDENT, territory=tree.home.territory)
    power = Power.objects.first()
    with pytest.raises(ValidationError):
        services.review_power(akim, power, classification=Classification.NON_CORE)
    with pytest.raises(PermissionDenied):
        services.review_power(resident, power, classification=Classification.CORE)
    assert not PowerReview.objects.exists()
