"""/api/v1/: every app registers its viewsets on the one router here."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from auyl.people.api import ResidentViewSet
from auyl.territory.api import CommunityViewSet, TerritoryViewSet

router = DefaultRouter()
router.register("territories", TerritoryViewSet, basename="territory")
router.register("communities", CommunityViewSet, basename="community")
router.register("residents", ResidentViewSet, basename="resident")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
