"""Public API of territories and communities (no personal data)."""

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets

from auyl.territory.models import Community, Territory


class TerritorySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Territory
        fields = ["code", "level", "kind", "type_code", "name_kk", "name_ru", "parent", "population"]


class CommunitySerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="territory.code", read_only=True)
    name_kk = serializers.CharField(source="territory.name_kk", read_only=True)
    name_ru = serializers.CharField(source="territory.name_ru", read_only=True)
    district = serializers.CharField(source="district.code", read_only=True)
    oblast = serializers.CharField(source="oblast.code", read_only=True)

    class Meta:
        model = Community
        fields = ["code", "name_kk", "name_ru", "kind", "district", "oblast", "population", "is_active"]


WITHIN = OpenApiParameter("within", str, description="KATO code prefix, e.g. 59 (an oblast) or 5966 (a district)")
SEARCH = OpenApiParameter("q", str, description="part of the name in Kazakh or Russian")


@extend_schema(parameters=[WITHIN, SEARCH, OpenApiParameter("level", str)])
class TerritoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TerritorySerializer
    lookup_field = "code"

    def get_queryset(self):
        qs = Territory.objects.select_related("parent").order_by("code")
        params = self.request.query_params
        if within := params.get("within", "")[:9]:
            qs = qs.filter(code__startswith=within)
        if level := params.get("level"):
            qs = qs.filter(level=level)
        if search := params.get("q", "")[:100]:
            qs = qs.filter(Q(name_kk__icontains=search) | Q(name_ru__icontains=search))
        return qs


@extend_schema(parameters=[WITHIN, SEARCH])
class CommunityViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CommunitySerializer
    lookup_field = "territory__code"
    lookup_url_kwarg = "code"

    def get_queryset(self):
        from auyl.territory.selectors import communities

        params = self.request.query_params
        return communities(search=params.get("q", "")[:100], within=params.get("within", "")[:9])


def register(router) -> None:
    router.register("territories", TerritoryViewSet, basename="territory")
    router.register("communities", CommunityViewSet, basename="community")
