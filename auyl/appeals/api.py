"""Appeals in the JSON API: the office's queue and a resident's own appeals (/api/v1/appeals/), plus the Open311
GeoReport v2 endpoints (/api/v1/open311/v2/, see open311.py)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets

from auyl.api.permissions import CanAct
from auyl.appeals import selectors
from auyl.appeals.models import Appeal
from auyl.appeals.open311 import urlpatterns as open311_urls
from auyl.core.permissions import is_platform_admin, role_scopes
from auyl.core.roles import Role


class AppealSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.territory.code")
    category = serializers.CharField(source="category.code")
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Appeal
        fields = ["id", "number", "community", "kind", "channel", "status", "category", "subject", "registered_on",
                  "due_on", "deadline", "overdue", "answered_at", "rating"]

    def get_overdue(self, obj: Appeal) -> bool:
        return obj.is_overdue(timezone.localdate())


@extend_schema(parameters=[
    OpenApiParameter("community", str, description="KATO code of the community"),
    OpenApiParameter("due", str, enum=list(selectors.DUE_FILTERS)),
    OpenApiParameter("status", str), OpenApiParameter("q", str, description="number, subject or text")])
class AppealViewSet(viewsets.ReadOnlyModelViewSet):
    """Appeals the user may handle (the akim's office of their community) or wrote themselves."""

    serializer_class = AppealSerializer
    queryset = Appeal.objects.none()  # for the schema; get_queryset decides what each user sees
    permission_classes = [permissions.IsAuthenticated, CanAct]

    def get_queryset(self):
        user = self.request.user
        qs = Appeal.objects.select_related("community__territory", "category")
        if not is_platform_admin(user, None):
            visible = Q(applicant_user=user)
            for role, prefix in role_scopes(user):
                if role in (Role.AKIM, Role.STAFF):
                    visible |= Q(community__territory__code__startswith=prefix)
            qs = qs.filter(visible)
        params = self.request.query_params
        if community := params.get("community", "")[:9]:
            qs = qs.filter(community__territory__code=community)
        if (due := params.get("due", "")) in selectors.DUE_FILTERS:
            qs = qs.filter(selectors.due_condition(due, timezone.localdate()))
        if status := params.get("status", "")[:20]:
            qs = qs.filter(status=status)
        if search := params.get("q", "")[:100]:
            qs = qs.filter(Q(number__icontains=search) | Q(subject__icontains=search))
        return qs.order_by("deadline", "id")


def register(router) -> None:
    router.register("appeals", AppealViewSet, basename="appeal")


urlpatterns = open311_urls
