"""Open API of the AI helper: theme sets with their themes (public ones for everybody, the office's own for
the office), routing suggestions and decisions (office), discussions with their opinion maps (groups are
counts, never people) and voting (verified residents)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from auyl.api.permissions import CanAct
from auyl.core.permissions import is_platform_admin, role_scopes
from auyl.core.roles import Role
from auyl.insight import services
from auyl.insight.models import (
    AppealSuggestion,
    Discussion,
    DiscussionStatus,
    Source,
    Statement,
    StatementStatus,
    Theme,
    ThemeSet,
)

COMMUNITY = OpenApiParameter("community", str, description="KATO code of the community")


def _office_filter(user, field: str) -> Q | None:
    """Q for objects in territories where the user is akim or staff; None means everywhere (administrator)."""
    if is_platform_admin(user, None):
        return None
    prefixes = [prefix for role, prefix in role_scopes(user) if role in (Role.AKIM, Role.STAFF)]
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= Q(**{f"{field}__startswith": prefix})
    return q


def _by_community(request, qs: QuerySet, field: str) -> QuerySet:
    if code := request.query_params.get("community", "")[:9]:
        qs = qs.filter(**{field: code})
    return qs


class ThemeSerializer(serializers.ModelSerializer):
    residents = serializers.IntegerField(read_only=True)

    class Meta:
        model = Theme
        fields = ["id", "label", "keywords", "labels_by_language", "size", "residents", "residents_by_settlement",
                  "representatives", "edited", "summary"]


class ThemeSetSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.territory.code", read_only=True)
    themes = ThemeSerializer(many=True, read_only=True)

    class Meta:
        model = ThemeSet
        fields = ["id", "community", "source", "source_id", "title", "status", "text_count", "computed_at", "themes"]


@extend_schema(parameters=[COMMUNITY])
class ThemeSetViewSet(viewsets.ReadOnlyModelViewSet):
    """Themes of contests' proposals and polls' answers (public once published) and of months' appeals (office)."""

    serializer_class = ThemeSetSerializer
    permission_classes = [CanAct]

    def get_queryset(self):
        qs = ThemeSet.objects.select_related("community__territory").prefetch_related("themes").order_by("-pk")
        office = _office_filter(self.request.user, "community__territory__code")
        if office is not None:
            qs = qs.filter(Q(public=True) & ~Q(source=Source.APPEALS) | office)
        return _by_community(self.request, qs, "community__territory__code")


class SuggestionSerializer(serializers.ModelSerializer):
    appeal_number = serializers.CharField(source="appeal.number", read_only=True)

    class Meta:
        model = AppealSuggestion
        fields = ["id", "appeal", "appeal_number", "category_code", "category_confidence", "category_why", "unit",
                  "unit_confidence", "unit_why", "model_version", "decision", "final_category_code", "final_unit",
                  "decided_at"]
        read_only_fields = fields


class DecisionSerializer(serializers.Serializer):
    category = serializers.CharField(max_length=40)
    unit = serializers.CharField(max_length=60)


@extend_schema(parameters=[COMMUNITY])
class SuggestionViewSet(viewsets.ReadOnlyModelViewSet):
    """The helper's routing suggestions for the akim's office; ``decide`` confirms or corrects one."""

    serializer_class = SuggestionSerializer
    permission_classes = [permissions.IsAuthenticated, CanAct]

    def get_queryset(self):
        qs = AppealSuggestion.objects.select_related("appeal__community__territory").order_by("-pk")
        office = _office_filter(self.request.user, "appeal__community__territory__code")
        if office is not None:
            qs = qs.filter(office)
        return _by_community(self.request, qs, "appeal__community__territory__code")

    @extend_schema(request=DecisionSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def decide(self, request, pk=None):
        """The list is already the office's own; the service checks ``change`` itself."""
        suggestion = self.get_object()
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decided = services.decide_routing(actor=request.user, suggestion=suggestion,
                                          category_code=data.validated_data["category"],
                                          unit=data.validated_data["unit"])
        return Response(SuggestionSerializer(decided).data)


class StatementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Statement
        fields = ["id", "text"]


class DiscussionSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.territory.code", read_only=True)
    statements = serializers.SerializerMethodField()
    opinion_map = serializers.JSONField(read_only=True, help_text="groups (sizes and representative statements), "
                                        "consensus statements, anonymous 2-D points; never names")

    class Meta:
        model = Discussion
        fields = ["id", "community", "title", "description", "status", "statements", "opinion_map",
                  "map_computed_at"]

    def get_statements(self, obj: Discussion) -> list[dict]:
        approved = [s for s in obj.statements.all() if s.status == StatementStatus.APPROVED]
        return StatementSerializer(approved, many=True).data


class VoteSerializer(serializers.Serializer):
    statement = serializers.IntegerField()
    vote = serializers.ChoiceField(choices=[1, 0, -1])


@extend_schema(parameters=[COMMUNITY])
class DiscussionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Discussions (open and closed ones are public) with their opinion maps; verified residents vote."""

    serializer_class = DiscussionSerializer
    permission_classes = [CanAct]

    def get_queryset(self):
        qs = (Discussion.objects.select_related("community__territory").prefetch_related("statements")
              .order_by("-pk"))
        office = _office_filter(self.request.user, "community__territory__code")
        if office is not None:
            qs = qs.filter(~Q(status=DiscussionStatus.DRAFT) | office)
        return _by_community(self.request, qs, "community__territory__code")

    @extend_schema(request=VoteSerializer, responses={201: inline_serializer(
        "VoteResult", {"statement": serializers.IntegerField(), "vote": serializers.IntegerField()})})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def vote(self, request, pk=None):
        discussion = self.get_object()
        data = VoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        statement = discussion.statements.filter(pk=data.validated_data["statement"]).first()
        if statement is None:
            return Response({"error": {"code": "not_found", "message": "no such statement", "fields": {}}},
                            status=status.HTTP_404_NOT_FOUND)
        row = services.cast_vote(actor=request.user, statement=statement, vote=data.validated_data["vote"])
        return Response({"statement": statement.pk, "vote": row.vote}, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("insight/theme-sets", ThemeSetViewSet, basename="insight-theme-set")
    router.register("insight/suggestions", SuggestionViewSet, basename="insight-suggestion")
    router.register("insight/discussions", DiscussionViewSet, basename="insight-discussion")
