"""Oversight API (read-only): figures a user may see, elections and terms (public), audits the user may see,
the powers register with its classification."""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, viewsets

from auyl.api.params import year_param
from auyl.api.permissions import CanAct
from auyl.core.roles import Role
from auyl.oversight import selectors, services
from auyl.oversight.models import AkimTerm, Audit, Candidate, Election, Figure, Finding, Power

FIGURE_READERS = (Role.NATIONAL_OBSERVER, Role.DISTRICT_OFFICIAL, Role.AUDITOR, Role.DEPUTY, Role.AKIM, Role.STAFF)


class FigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Figure
        fields = ["scope", "level", "period", "metric", "value", "numerator", "denominator", "communities",
                  "computed_at"]


@extend_schema(parameters=[
    OpenApiParameter("scope", str, description="exact KATO prefix: '' country, 2 oblast, 4 district, 9 community"),
    OpenApiParameter("within", str, description="KATO prefix: figures of units under it"),
    OpenApiParameter("year", int), OpenApiParameter("metric", str), OpenApiParameter("level", str),
])
class FigureViewSet(viewsets.ReadOnlyModelViewSet):
    """Precomputed roll-ups. Each user sees only the territories their roles cover (a district official: their
    district and its communities)."""

    serializer_class = FigureSerializer
    permission_classes = [permissions.IsAuthenticated, CanAct]

    def get_queryset(self):
        prefixes = selectors.prefixes_for(self.request.user, FIGURE_READERS)
        qs = Figure.objects.filter(selectors.within_any(prefixes, "scope"))
        params = self.request.query_params
        if "scope" in params:
            qs = qs.filter(scope=params["scope"][:9])
        if within := params.get("within", "")[:9]:
            qs = qs.filter(scope__startswith=within)
        if (year := year_param(params.get("year"))) is not None:
            qs = qs.filter(period=year)
        if metric := params.get("metric"):
            qs = qs.filter(metric=metric[:64])
        if level := params.get("level"):
            qs = qs.filter(level=level[:10])
        return qs.order_by("period", "scope", "metric")


class CandidateSerializer(serializers.ModelSerializer):
    age = serializers.IntegerField(read_only=True)
    reasons = serializers.SerializerMethodField(help_text="localised reasons of a refused registration")

    class Meta:
        model = Candidate
        fields = ["id", "full_name", "age", "education", "experience_years", "nomination", "party", "is_eligible",
                  "reasons", "votes", "is_elected"]

    def get_reasons(self, obj: Candidate) -> list[str]:
        return services.problem_messages(obj.problems)


class ElectionSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.territory.code", read_only=True)
    turnout = serializers.SerializerMethodField()
    candidates = CandidateSerializer(many=True, read_only=True)

    class Meta:
        model = Election
        fields = ["id", "community", "date", "kind", "status", "electorate", "ballots_cast", "turnout", "candidates"]

    @extend_schema_field(OpenApiTypes.FLOAT)
    def get_turnout(self, obj: Election) -> float | None:
        return obj.turnout


WITHIN = OpenApiParameter("within", str, description="KATO prefix")


@extend_schema(parameters=[WITHIN, OpenApiParameter("year", int)])
class ElectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Elections of akims with candidates, reasons of refusals and results (public)."""

    serializer_class = ElectionSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.elections(within=params.get("within", "")[:9],
                                   year=year_param(params.get("year"))).prefetch_related("candidates")


class AkimTermSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.territory.code", read_only=True)

    class Meta:
        model = AkimTerm
        fields = ["id", "community", "full_name", "starts_on", "ends_on", "ended_on", "end_reason", "is_first_time",
                  "nomination", "age_at_election"]


@extend_schema(parameters=[WITHIN, OpenApiParameter("on", OpenApiTypes.DATE, description="in office on this day")])
class AkimTermViewSet(viewsets.ReadOnlyModelViewSet):
    """Akims' terms (public: akims are public officials)."""

    serializer_class = AkimTermSerializer

    def get_queryset(self):
        from datetime import date

        params = self.request.query_params
        try:
            on = date.fromisoformat(params["on"]) if params.get("on") else None
        except ValueError:
            on = None
        return selectors.terms(within=params.get("within", "")[:9], on=on)


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["number", "description", "amount", "recommendation", "deadline", "status", "response",
                  "resolved_on"]


class AuditSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.territory.code", read_only=True)
    findings = FindingSerializer(many=True, read_only=True)

    class Meta:
        model = Audit
        fields = ["id", "community", "year", "title", "status", "session_at", "public_summary", "published_at",
                  "findings"]


class AuditViewSet(viewsets.ReadOnlyModelViewSet):
    """Audits of community budgets: published ones for everyone, drafts for the roles of that territory."""

    serializer_class = AuditSerializer
    permission_classes = [CanAct]

    def get_queryset(self):
        return selectors.audits_visible_to(self.request.user).prefetch_related("findings")


class PowerSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    consensus = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()

    class Meta:
        model = Power
        fields = ["code", "level", "title", "title_kk", "title_ru", "title_en", "legal_source", "in_law",
                  "consensus", "reviews"]

    def get_consensus(self, obj: Power) -> str | None:
        return selectors.consensus(list(obj.reviews.all()))

    def get_reviews(self, obj: Power) -> dict[str, int]:
        counts: dict[str, int] = {}
        for review in obj.reviews.all():
            counts[review.classification] = counts.get(review.classification, 0) + 1
        return counts


@extend_schema(parameters=[OpenApiParameter("level", str)])
class PowerViewSet(viewsets.ReadOnlyModelViewSet):
    """The register of akims' powers with each power's classification by reviewers (public)."""

    serializer_class = PowerSerializer
    lookup_field = "code"

    def get_queryset(self):
        qs = selectors.powers()
        if level := self.request.query_params.get("level"):
            qs = qs.filter(Q(level=level[:10]))
        return qs


def register(router) -> None:
    router.register("oversight/figures", FigureViewSet, basename="oversight-figure")
    router.register("oversight/elections", ElectionViewSet, basename="oversight-election")
    router.register("oversight/terms", AkimTermViewSet, basename="oversight-term")
    router.register("oversight/audits", AuditViewSet, basename="oversight-audit")
    router.register("oversight/powers", PowerViewSet, basename="oversight-power")
