"""Routing: a new appeal gets a suggestion with "why" in the background; staff decisions retrain the district."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEntry
from auyl.insight import services
from auyl.insight.models import AppealSuggestion, Decision, RoutingModel
from auyl.insight.tests.conftest import make_appeal

pytestmark = pytest.mark.django_db

WATER = "Су жоқ, құбыр жарылды. Бір апта бойы су келмейді, ұңғыма насосы бұзылған"
LIGHT = "На улице Абая не горят фонари уже месяц, вечером темно, дети идут из школы в темноте"


def test_a_new_appeal_gets_a_suggestion_after_commit(tree, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = make_appeal(tree.home, "Фонари", LIGHT)
    suggestion = AppealSuggestion.objects.get(appeal=appeal)
    assert suggestion.category_code == "lighting" and suggestion.unit == "akim_apparatus"
    assert 0 < suggestion.category_confidence <= 1 and suggestion.category_why
    assert suggestion.model_version == 0 and suggestion.decision == Decision.PENDING
    appeal.refresh_from_db()
    assert appeal.suggested_category.code == "lighting" and appeal.suggestion_confidence > 0


def test_nothing_is_suggested_for_a_rolled_back_appeal(tree, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pass
    assert not callbacks and not AppealSuggestion.objects.exists()


def test_staff_correct_a_suggestion_and_the_district_model_retrains(tree, people,
                                                                     django_capture_on_commit_callbacks):
    appeal = make_appeal(tree.home, "Вода", WATER)
    suggestion = services.suggest_routing(appeal.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_routing(actor=people["staff"], suggestion=suggestion, category_code="housing",
                                unit="district_housing_utilities")
    suggestion.refresh_from_db()
    appeal.refresh_from_db()
    assert suggestion.decision == Decision.CORRECTED and suggestion.final_unit == "district_housing_utilities"
    assert appeal.category.code == "housing"  # applied through the appeals service
    model = RoutingModel.objects.get(district=tree.district)
    assert model.version == 1 and model.training_ids == [appeal.pk]
    assert AuditEntry.objects.filter(action="insight.routing_decided").count() == 1
    # The next appeal of the district is routed by the retrained model (version 1), the far one by the starter.
    other = make_appeal(tree.neighbour, "Су", WATER + " тағы")
    assert services.suggest_routing(other.pk).model_version == 1
    far = make_appeal(tree.far, "Су", WATER)
    assert services.suggest_routing(far.pk).model_version == 0


def test_a_staff_decision_is_never_overwritten_by_a_rerun(tree, people):
    appeal = make_appeal(tree.home, "Фонари", LIGHT)
    suggestion = services.suggest_routing(appeal.pk)
    services.decide_routing(actor=people["staff"], suggestion=suggestion, category_code="lighting",
                            unit="akim_apparatus")
    again = services.suggest_routing(appeal.pk)
    assert again.decision == Decision.CONFIRMED and again.final_category_code == "lighting"


@pytest.mark.parametrize("category, unit", [("nope", "akim_apparatus"), ("lighting", "nope")])
def test_bad_decisions_are_refused_and_change_nothing(tree, people, category, unit):
    appeal = make_appeal(tree.home, "Фонари", LIGHT)
    suggestion = services.suggest_routing(appeal.pk)
    with pytest.raises(ValidationError):
        services.decide_routing(actor=people["staff"], suggestion=suggestion, category_code=category, unit=unit)
    suggestion.refresh_from_db()
    assert suggestion.decision == Decision.PENDING and not RoutingModel.objects.exists()


@pytest.mark.parametrize("who", ["alice", "far_staff", "nobody"])
def test_only_the_office_decides(tree, people, who):
    suggestion = services.suggest_routing(make_appeal(tree.home, "Фонари", LIGHT).pk)
    with pytest.raises(PermissionDenied):
        services.decide_routing(actor=people[who], suggestion=suggestion, category_code="lighting",
                                unit="akim_apparatus")


def test_retraining_is_reproducible_from_the_stored_ids(tree, people):
    for text, category, unit in [(WATER, "water", "akim_apparatus"), (LIGHT, "lighting", "akim_apparatus")]:
        suggestion = services.suggest_routing(make_appeal(tree.home, "x", text).pk)
        services.decide_routing(actor=people["staff"], suggestion=suggestion, category_code=category, unit=unit)
    first = services.retrain_router(tree.district.pk)
    second = services.retrain_router(tree.district.pk)
    assert second.version == first.version + 1 and first.training_ids == second.training_ids
    _, routers = services.current_routers(tree.district.pk)
    assert routers["category"].suggest(LIGHT).label == "lighting"
