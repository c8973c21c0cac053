"""Contests in the JSON API: contests, proposals, my ballot (cast/change), results, the .pb file, the vote log."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from auyl.api.params import id_param
from auyl.api.permissions import CanAct
from auyl.contests import selectors, services
from auyl.contests.models import Ballot, Contest, Proposal, ResultRow, VoteLogEntry
from auyl.core.permissions import require
from auyl.territory.models import Territory


class ContestSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.territory.code", read_only=True)
    phase = serializers.CharField(read_only=True)

    class Meta:
        model = Contest
        fields = ["id", "title", "description", "community", "phase", "budget_amount", "proposals_from",
                  "review_from", "voting_from", "voting_until", "implementation_from", "min_age", "ballot_type",
                  "max_choices", "points_total", "rule", "min_votes"]


class ProposalSerializer(serializers.ModelSerializer):
    settlement = serializers.SlugRelatedField(slug_field="code", queryset=Territory.objects.all())
    category = serializers.SlugRelatedField(slug_field="name", read_only=True)
    cost = serializers.IntegerField(read_only=True)
    author = serializers.CharField(source="author_label", read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "contest", "title", "description", "category", "settlement", "location", "estimated_cost",
                  "cost", "status", "review_reason", "merged_into", "author", "show_author"]
        read_only_fields = ["status", "review_reason", "merged_into"]


class ContestBallotSerializer(serializers.ModelSerializer):
    saved = serializers.SerializerMethodField()
    choices = serializers.SerializerMethodField()

    class Meta:
        model = Ballot
        fields = ["saved", "channel", "version", "receipt_code", "updated_at", "choices"]

    def get_saved(self, obj: Ballot) -> bool:
        return obj.pk is not None

    def get_choices(self, obj: Ballot) -> dict[str, int]:
        if obj.pk is None:
            return {}
        if hasattr(obj, "cast_choices"):  # just cast: no need to read them back
            return {str(k): v for k, v in obj.cast_choices.items()}
        return {str(c.proposal_id): c.points for c in obj.choices.all()}


def cast_ballot_data(ballot: Ballot) -> dict:
    """What :class:`ContestBallotSerializer` gives for a ballot just cast, built by hand: on the ballot's hot path
    a ModelSerializer cost more CPU than the ballot's SQL (a test keeps the two equal)."""
    return {"saved": True, "channel": ballot.channel, "version": ballot.version, "receipt_code": ballot.receipt_code,
            "updated_at": _DATETIME.to_representation(ballot.updated_at),
            "choices": {str(k): v for k, v in ballot.cast_choices.items()}}


_DATETIME = serializers.DateTimeField()


class CastBallotSerializer(serializers.Serializer):
    choices = serializers.DictField(child=serializers.IntegerField(min_value=0), allow_empty=False,
                                    help_text="project id → points (1 for approval and knapsack ballots)")


class ContestResultRowSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="proposal.title")

    class Meta:
        model = ResultRow
        fields = ["proposal", "title", "cost", "votes", "score", "paper_votes", "funded", "position", "reason_kind",
                  "reason_data", "engine_reason"]


class VoteLogEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = VoteLogEntry
        fields = ["seq", "created_at", "kind", "receipt_hash", "supersedes", "prev_hash", "entry_hash"]


@extend_schema(parameters=[OpenApiParameter("community", str, description="KATO code of the community")])
class ContestViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ContestSerializer
    permission_classes = [CanAct]

    def get_queryset(self):
        if self.action == "ballot":  # showing my ballot needs only the contest row
            return Contest.objects.all()
        qs = selectors.contests()  # every contest is public
        if code := self.request.query_params.get("community", "")[:9]:
            qs = qs.filter(community__territory__code=code)
        return qs

    @extend_schema(request=CastBallotSerializer, responses={200: ContestBallotSerializer, 201: ContestBallotSerializer})
    @action(detail=True, methods=["get", "post"], permission_classes=[permissions.IsAuthenticated])
    def ballot(self, request, pk=None):
        """My ballot: GET shows it (``saved`` false when none); POST casts or changes it and returns the receipt."""
        if request.method == "GET":
            mine = selectors.my_ballot(self.get_object(), request.user)
            return Response(ContestBallotSerializer(mine or Ballot()).data)
        try:  # the hot path: one cached row, no queryset
            contest = selectors.contest_for_ballot(id_param(pk) or 0)
        except Contest.DoesNotExist:
            raise NotFound from None
        data = CastBallotSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            choices = {int(k): v for k, v in data.validated_data["choices"].items()}
        except ValueError:
            raise ValidationError({"choices": ["project ids are numbers"]}) from None
        ballot = services.cast_ballot(request.user, contest, choices)
        return Response(cast_ballot_data(ballot),
                        status=status.HTTP_201_CREATED if ballot.version == 1 else status.HTTP_200_OK)

    @extend_schema(responses=inline_serializer("ContestResults", {
        "computed_at": serializers.DateTimeField(), "rule": serializers.CharField(),
        "budget": serializers.IntegerField(), "total_cost": serializers.IntegerField(),
        "num_ballots": serializers.IntegerField(), "num_paper": serializers.IntegerField(),
        "num_eligible": serializers.IntegerField(), "turnout": serializers.JSONField(),
        "projects": ContestResultRowSerializer(many=True)}))
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        result = selectors.result(self.get_object())
        if result is None:
            return Response({"error": {"code": "not_found", "message": "not counted yet", "fields": {}}},
                            status=status.HTTP_404_NOT_FOUND)
        return Response({
            "computed_at": result.computed_at, "rule": result.rule, "budget": result.budget,
            "total_cost": result.total_cost, "num_ballots": result.num_ballots, "num_paper": result.num_paper,
            "num_eligible": result.num_eligible, "turnout": [
                {"settlement": t["code"], "eligible": t["eligible"], "ballots": t["ballots"]} for t in result.turnout],
            "projects": ContestResultRowSerializer(result.rows.all(), many=True).data})

    @extend_schema(responses={(200, "text/plain"): OpenApiTypes.STR})
    @action(detail=True, methods=["get"])
    def pb(self, request, pk=None):
        """The counted election in Pabulib format (anonymised voters)."""
        result = selectors.result(self.get_object())
        if result is None:
            return Response(status=status.HTTP_404_NOT_FOUND)
        return HttpResponse(result.pb_text, content_type="text/plain; charset=utf-8")

    @extend_schema(responses=VoteLogEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def log(self, request, pk=None):
        """The public hash-chained vote log."""
        page = self.paginate_queryset(selectors.vote_log(self.get_object()))
        return self.get_paginated_response(VoteLogEntrySerializer(page, many=True).data)


@extend_schema(parameters=[OpenApiParameter("contest", int, description="id of the contest")])
class ProposalViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ProposalSerializer
    permission_classes = [CanAct]

    def get_queryset(self):
        qs = Proposal.objects.select_related("contest__community__territory", "settlement", "category", "author")
        if (contest := id_param(self.request.query_params.get("contest"))) is not None:
            qs = qs.filter(contest_id=contest)
        visible = qs.exclude(status="withdrawn")
        if self.request.user.is_authenticated:
            visible = visible | qs.filter(author=self.request.user)
        return visible.order_by("pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        contest = data["contest"]
        require(self.request.user, "create", contest, subject="contests.proposal")
        serializer.instance = services.submit_proposal(
            self.request.user, contest, title=data["title"], description=data["description"],
            settlement=data["settlement"], location=data["location"], estimated_cost=data["estimated_cost"],
            show_author=data.get("show_author", False))


def register(router) -> None:
    router.register("contests", ContestViewSet, basename="contest")
    router.register("proposals", ProposalViewSet, basename="proposal")
