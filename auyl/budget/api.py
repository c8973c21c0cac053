"""Budget API: open data lines with filters (territory, year, code), versions with their lifecycle steps,
roll-up indicators. Writes go through the services, which check ``can()`` themselves."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.response import Response

from auyl.api.params import year_param
from auyl.budget import selectors, services
from auyl.budget.models import Budget, BudgetVersion, Rollup, State
from auyl.territory.models import Community

TERRITORY = OpenApiParameter("territory", str, description="KATO code prefix: 59 (oblast), 5966 (district), "
                                                           "596644000 (community)")
YEAR = OpenApiParameter("year", int, description="planned year of the budget")
CODE = OpenApiParameter("code", str, description="revenue code (104302) or programme code prefix (07.124)")


def _digits(value: str | None, limit: int = 9) -> str:
    value = (value or "")[:limit]
    return value if value.isdigit() else ""


class OpenDataLineSerializer(serializers.Serializer):
    kato = serializers.CharField()
    community_kk = serializers.CharField()
    community_ru = serializers.CharField()
    budget_year = serializers.IntegerField()
    version = serializers.IntegerField()
    approved_on = serializers.DateField(allow_null=True)
    fiscal_year = serializers.IntegerField()
    direction = serializers.CharField(help_text="revenue or expenditure")
    code = serializers.CharField()
    name_kk = serializers.CharField()
    name_ru = serializers.CharField()
    name_en = serializers.CharField()
    revenue_kind = serializers.CharField(allow_null=True)
    own_revenue = serializers.BooleanField(allow_null=True)
    spending_direction = serializers.IntegerField(allow_null=True)
    functional_group = serializers.CharField(allow_null=True)
    administrator = serializers.CharField(allow_null=True)
    programme = serializers.CharField(allow_null=True)
    subprogramme = serializers.CharField(allow_null=True)
    planned = serializers.DecimalField(max_digits=17, decimal_places=2)
    executed = serializers.DecimalField(max_digits=17, decimal_places=2, allow_null=True)


@extend_schema(parameters=[TERRITORY, YEAR, CODE])
class OpenDataLineViewSet(viewsets.GenericViewSet):
    """Plan lines of every budget in force (open data, no personal data), with the amount executed."""

    serializer_class = OpenDataLineSerializer

    def list(self, request):
        params = request.query_params
        code = "".join(ch for ch in params.get("code", "")[:14] if ch.isdigit() or ch == ".")
        rows = selectors.open_data_rows(territory=_digits(params.get("territory")), year=year_param(params.get("year")),
                                        code=code)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class HeadlineSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    tax = serializers.DecimalField(max_digits=17, decimal_places=2)
    non_tax = serializers.DecimalField(max_digits=17, decimal_places=2)
    capital = serializers.DecimalField(max_digits=17, decimal_places=2)
    transfers = serializers.DecimalField(max_digits=17, decimal_places=2)
    revenues = serializers.DecimalField(max_digits=17, decimal_places=2)
    expenditures = serializers.DecimalField(max_digits=17, decimal_places=2)
    net_lending = serializers.DecimalField(max_digits=17, decimal_places=2)
    financial_assets = serializers.DecimalField(max_digits=17, decimal_places=2)
    balance = serializers.DecimalField(max_digits=17, decimal_places=2)
    financing = serializers.DecimalField(max_digits=17, decimal_places=2)


class VersionSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="budget.community.territory.code", read_only=True)
    first_year = serializers.IntegerField(source="budget.first_year", read_only=True)
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = BudgetVersion
        fields = ["id", "community", "first_year", "number", "state", "reason", "in_force", "assembly_reference",
                  "assembly_decided_on", "assembly_remarks", "maslikhat_reference", "approved_on"]
        read_only_fields = fields

    def get_in_force(self, obj: BudgetVersion) -> bool:
        return obj.budget.in_force_id == obj.pk


class VersionDetailSerializer(VersionSerializer):
    headline = serializers.SerializerMethodField()

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "headline"]
        read_only_fields = fields

    @extend_schema_field(HeadlineSerializer(many=True))
    def get_headline(self, obj: BudgetVersion) -> list[dict]:
        """The headline indicators of each of the three years."""
        rows = []
        for year in obj.budget.years:
            h = services.headline_of(obj, year)
            rows.append({"year": year, "tax": h.tax, "non_tax": h.non_tax, "capital": h.capital,
                         "transfers": h.transfers, "revenues": h.revenues, "expenditures": h.expenditures,
                         "net_lending": h.net_lending, "financial_assets": h.financial_assets,
                         "balance": h.balance, "financing": h.financing})
        return HeadlineSerializer(rows, many=True).data


class PlanSerializer(serializers.Serializer):
    side = serializers.ChoiceField(choices=["revenue", "expenditure"])
    code = serializers.CharField(max_length=14)
    year = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=15, decimal_places=2, min_value=0)


class ApproveSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=100)
    approved_on = serializers.DateField(required=False)


class CreateBudgetSerializer(serializers.Serializer):
    community = serializers.RegexField(r"^\d{9}$", help_text="KATO code of the community")
    first_year = serializers.IntegerField(min_value=2018, max_value=2100)


class AdjustSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


NO_BODY = inline_serializer("NoBody", fields={})


@extend_schema(parameters=[TERRITORY, YEAR, OpenApiParameter("state", str, enum=State.values)])
class VersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Budget versions: public once submitted to the assembly; drafts for the officials concerned (the
    queryset). Each step is checked by its service with ``require()`` (change for the office, approve for the
    district). The assembly's agreement is not an API step: only an adopted item of a quorate meeting of the
    assembly records it (``services.record_assembly_agreement``)."""

    def get_serializer_class(self):
        return VersionDetailSerializer if self.action == "retrieve" else VersionSerializer

    def get_queryset(self):
        params = self.request.query_params
        qs = selectors.versions_visible_to(self.request.user).order_by("budget__community__territory__code",
                                                                        "budget__first_year", "number")
        if territory := _digits(params.get("territory")):
            qs = qs.filter(budget__community__territory__code__startswith=territory)
        if year := year_param(params.get("year")):
            qs = qs.filter(budget__first_year=year)
        if (state := params.get("state")) in State.values:
            qs = qs.filter(state=state)
        return qs

    def _step(self, request, func, **kwargs):
        version = self.get_object()
        func(version, actor=request.user, **kwargs)
        return Response(VersionDetailSerializer(BudgetVersion.objects.get(pk=version.pk)).data)

    @extend_schema(request=PlanSerializer, responses=VersionDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def plan(self, request, pk=None):
        """Set one plan figure of a draft or returned version (0 removes the line)."""
        body = PlanSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._step(request, services.set_plan, **body.validated_data)

    @extend_schema(request=NO_BODY, responses=VersionDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def submit(self, request, pk=None):
        """The akim's office submits the version to the community assembly."""
        return self._step(request, services.submit)

    @extend_schema(request=ApproveSerializer, responses=VersionDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def approve(self, request, pk=None):
        """A district official records the maslikhat's approval of a version the assembly agreed."""
        body = ApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._step(request, services.approve, **body.validated_data)

    @extend_schema(request=NO_BODY, responses=VersionDetailSerializer)
    @action(detail=True, methods=["post"], url_path="start-execution",
            permission_classes=[permissions.IsAuthenticated])
    def start_execution(self, request, pk=None):
        return self._step(request, services.start_execution)

    @extend_schema(request=NO_BODY, responses=VersionDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def close(self, request, pk=None):
        return self._step(request, services.close)


class BudgetSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.territory.code")
    in_force = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Budget
        fields = ["id", "community", "first_year", "in_force"]


@extend_schema(parameters=[TERRITORY, YEAR])
class BudgetViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Three-year budgets of communities (public list); the akim's office starts one or opens an adjustment."""

    serializer_class = BudgetSerializer

    def get_queryset(self):
        params = self.request.query_params
        qs = Budget.objects.select_related("community__territory").order_by("community__territory__code",
                                                                            "first_year")
        if territory := _digits(params.get("territory")):
            qs = qs.filter(community__territory__code__startswith=territory)
        if year := year_param(params.get("year")):
            qs = qs.filter(first_year=year)
        return qs

    @extend_schema(request=CreateBudgetSerializer, responses={201: VersionDetailSerializer})
    def create(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise NotAuthenticated
        body = CreateBudgetSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        community = Community.objects.filter(territory__code=body.validated_data["community"]).first()
        if community is None:
            raise NotFound
        version = services.create_budget(community, body.validated_data["first_year"], actor=request.user)
        return Response(VersionDetailSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AdjustSerializer, responses={201: VersionDetailSerializer})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def adjust(self, request, pk=None):
        """Open an adjustment (корректировка) of the budget in force."""
        body = AdjustSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        version = services.create_adjustment(self.get_object(), actor=request.user, **body.validated_data)
        return Response(VersionDetailSerializer(version).data, status=status.HTTP_201_CREATED)


class RollupSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rollup
        fields = ["prefix", "depth", "year", "communities", "population", "tax", "non_tax", "capital", "transfers",
                  "expenditures", "own_revenues", "self_sufficiency", "target", "own_per_resident", "own_growth",
                  "tax_shares", "computed_at"]


@extend_schema(parameters=[
    OpenApiParameter("prefix", str, description="KATO prefix: empty for the country, 2 or 4 digits"),
    YEAR, OpenApiParameter("depth", OpenApiTypes.INT, enum=[0, 2, 4, 6])])
class RollupViewSet(viewsets.ReadOnlyModelViewSet):
    """Self-sufficiency, own revenue per resident, growth and share of each tax, by territory and year."""

    serializer_class = RollupSerializer

    def get_queryset(self):
        params = self.request.query_params
        qs = Rollup.objects.order_by("year", "prefix")
        if "prefix" in params:
            qs = qs.filter(prefix__startswith=_digits(params.get("prefix")))
        if year := year_param(params.get("year")):
            qs = qs.filter(year=year)
        if (depth := params.get("depth")) in ("0", "2", "4", "6"):
            qs = qs.filter(depth=int(depth))
        return qs


def register(router) -> None:
    router.register("budget-lines", OpenDataLineViewSet, basename="budget-line")
    router.register("budget-versions", VersionViewSet, basename="budget-version")
    router.register("budgets", BudgetViewSet, basename="budget")
    router.register("budget-rollups", RollupViewSet, basename="budget-rollup")
