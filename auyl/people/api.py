"""The resident registry for the akim's office: personal data, so officials of that community only."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.response import Response

from auyl.api.permissions import CanAct
from auyl.people import crypto
from auyl.people.models import Resident
from auyl.people.selectors import residents_visible_to
from auyl.people.services import log_personal_data_access


class ResidentSerializer(serializers.ModelSerializer):
    iin = serializers.SerializerMethodField(help_text="masked: only the last four digits")
    community = serializers.CharField(source="community.territory.code")
    settlement = serializers.CharField(source="settlement.code")

    class Meta:
        model = Resident
        fields = ["id", "iin", "last_name", "first_name", "patronymic", "birth_date", "sex", "community",
                  "settlement", "address", "is_registered", "is_excluded"]

    def get_iin(self, obj: Resident) -> str:
        return crypto.masked_iin(obj.iin_last4)


@extend_schema(parameters=[OpenApiParameter("community", str, description="KATO code of the community"),
                           OpenApiParameter("q", str, description="part of the last name")])
class ResidentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ResidentSerializer
    permission_classes = [permissions.IsAuthenticated, CanAct]

    def get_queryset(self):
        qs = residents_visible_to(self.request.user)
        if community := self.request.query_params.get("community", "")[:9]:
            qs = qs.filter(community__territory__code=community)
        if search := self.request.query_params.get("q", "")[:100]:
            qs = qs.filter(last_name__istartswith=search)
        return qs.order_by("last_name", "first_name", "id")

    def retrieve(self, request, *args, **kwargs):
        resident = self.get_object()
        log_personal_data_access(request.user, resident, "api.resident_detail")
        return Response(self.get_serializer(resident).data)


def register(router) -> None:
    router.register("residents", ResidentViewSet, basename="resident")
