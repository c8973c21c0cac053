"""Open API of initiatives, signatures and polls: texts, counts, per-settlement totals, the public signature log,
poll results and anonymous answers. No personal data: signers are counts and pseudonyms, voters are ballots."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from auyl.api.permissions import CanAct
from auyl.initiatives import selectors, services
from auyl.initiatives.models import Answer, Ballot, Initiative, Kind, Poll, Question, SignatureLogEntry
from auyl.territory.models import Community

COMMUNITY = OpenApiParameter("community", str, description="KATO code of the community")


class SettlementCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_kk = serializers.CharField()
    name_ru = serializers.CharField()
    count = serializers.IntegerField()


class InitiativeSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.territory.code", read_only=True)
    authors = serializers.ListField(source="author_names", child=serializers.CharField(), read_only=True)
    addressee = serializers.CharField(read_only=True)
    title = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()
    request = serializers.SerializerMethodField()
    signatures = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = ["id", "community", "kind", "is_petition", "status", "title", "text", "request", "authors",
                  "addressee", "members_at_opening", "threshold", "signatures", "opens_at", "closes_at",
                  "threshold_reached_at", "answer_due", "overdue", "answer", "answered_at", "refusal_reason",
                  "hidden_reason", "log_head", "created_at"]

    def _shown(self, obj: Initiative, value: str) -> str:
        return "" if obj.is_hidden else value

    def get_title(self, obj: Initiative) -> str:
        return self._shown(obj, obj.title)

    def get_text(self, obj: Initiative) -> str:
        return self._shown(obj, obj.text)

    def get_request(self, obj: Initiative) -> str:
        return self._shown(obj, obj.request)

    def get_signatures(self, obj: Initiative) -> int:
        total = getattr(obj, "signature_total", None)
        return selectors.signature_count(obj) if total is None else total

    def get_overdue(self, obj: Initiative) -> bool:
        return obj.is_overdue()


class InitiativeDetailSerializer(InitiativeSerializer):
    per_settlement = serializers.SerializerMethodField()

    class Meta(InitiativeSerializer.Meta):
        fields = [*InitiativeSerializer.Meta.fields, "per_settlement"]

    @extend_schema(responses=SettlementCountSerializer(many=True))
    def get_per_settlement(self, obj: Initiative) -> list[dict]:
        return selectors.per_settlement_counts(obj)


class DraftSerializer(serializers.Serializer):
    community = serializers.CharField(max_length=9, help_text="KATO code of the community")
    kind = serializers.ChoiceField(choices=Kind.choices)
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=10000)
    request = serializers.CharField(max_length=3000)
    collection_days = serializers.IntegerField(default=30)


class LogEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = SignatureLogEntry
        fields = ["seq", "at", "event", "source", "settlement_code", "signer", "prev_hash", "entry_hash"]


COUNT_RESPONSE = inline_serializer("SignatureCount", {"signatures": serializers.IntegerField(),
                                                       "status": serializers.CharField()})


@extend_schema(parameters=[COMMUNITY])
class InitiativeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Initiatives and deputies' petitions the caller may see (public ones for everybody)."""

    permission_classes = [CanAct]

    def get_queryset(self):
        code = self.request.query_params.get("community", "")[:9]
        return selectors.initiatives_visible_to(self.request.user, community_code=code).prefetch_related(
            "coauthors__resident")

    def get_serializer_class(self):
        if self.action == "create":
            return DraftSerializer
        return InitiativeDetailSerializer if self.action == "retrieve" else InitiativeSerializer

    def get_permissions(self):
        if self.action in ("create", "sign", "withdraw"):
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(request=DraftSerializer, responses={201: InitiativeDetailSerializer})
    def create(self, request, *args, **kwargs):
        """Draft an initiative (a deputy's petition when the caller is a deputy of the district)."""
        data = DraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        community = get_object_or_404(Community, territory__code=fields.pop("community"))
        initiative = services.draft(request.user, community, **fields)
        return Response(InitiativeDetailSerializer(initiative).data, status=status.HTTP_201_CREATED)

    def _count(self, initiative: Initiative) -> Response:
        initiative.refresh_from_db(fields=["status"])
        return Response({"signatures": selectors.signature_count(initiative), "status": initiative.status})

    @extend_schema(request=None, responses=COUNT_RESPONSE)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        """Sign as a verified adult member of the community (once; a repeat is refused)."""
        initiative = self.get_object()
        services.sign(request.user, initiative)
        return self._count(initiative)

    @extend_schema(request=None, responses=COUNT_RESPONSE)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw one's signature while the collection is open."""
        initiative = self.get_object()
        services.withdraw(request.user, initiative)
        return self._count(initiative)

    @extend_schema(responses=LogEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def log(self, request, pk=None):
        """The public hash-chained log of signatures and withdrawals (pseudonymous)."""
        initiative = self.get_object()
        page = self.paginate_queryset(selectors.signature_log(initiative))
        return self.get_paginated_response(LogEntrySerializer(page, many=True).data)


class OptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class QuestionSerializer(serializers.ModelSerializer):
    options = OptionSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = ["id", "position", "text", "kind", "max_choices", "options"]


class PollSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.territory.code", read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)
    result = serializers.JSONField(read_only=True, help_text=(
        "Published at the close: ballots, eligible, per question respondents and per option counts (ranking: "
        "Borda points and first places), ballots_by_settlement and turnout per settlement."))

    class Meta:
        model = Poll
        fields = ["id", "community", "title", "description", "subject_key", "spending_line", "min_age",
                  "opens_at", "closes_at", "is_ready", "published_at", "questions", "result"]


class AnswerRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = Answer
        fields = ["question", "option", "rank"]


class BallotSerializer(serializers.ModelSerializer):
    settlement = serializers.CharField(source="settlement.code")
    answers = serializers.SerializerMethodField()

    class Meta:
        model = Ballot
        fields = ["id", "settlement", "answers"]

    def get_answers(self, obj: Ballot) -> list[dict]:
        # Choices only: free texts are residents' own words and go out only after masking (see docs).
        return [{"question": a.question_id, "option": a.option_id, "rank": a.rank}
                for a in obj.answers.all() if a.option_id]


ANSWER_REQUEST = inline_serializer("PollAnswers", {"answers": serializers.DictField(
    help_text="question id → option id (one choice), list of option ids (several choices; ranking in order of "
              "preference) or text")})


@extend_schema(parameters=[COMMUNITY])
class PollViewSet(viewsets.ReadOnlyModelViewSet):
    """Public-expertise polls: questions, and the result once published at the close."""

    serializer_class = PollSerializer
    permission_classes = [CanAct]

    def get_queryset(self):
        code = self.request.query_params.get("community", "")[:9]
        return selectors.polls_visible_to(self.request.user, community_code=code).prefetch_related(
            "questions__options")

    def get_permissions(self):
        if self.action == "answer":
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(request=ANSWER_REQUEST,
                   responses={201: inline_serializer("BallotId", {"ballot": serializers.IntegerField()})})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Answer the poll once, as a verified resident of the community of the required age."""
        poll = self.get_object()
        raw = request.data.get("answers")
        if not isinstance(raw, dict):
            raise serializers.ValidationError({"answers": ["an object: question id → answer"]})
        try:
            answers = {int(key): value for key, value in raw.items()}
        except (TypeError, ValueError):
            raise serializers.ValidationError({"answers": ["question ids must be integers"]}) from None
        ballot = services.answer_poll(request.user, poll, answers)
        return Response({"ballot": ballot.pk}, status=status.HTTP_201_CREATED)

    @extend_schema(responses=BallotSerializer(many=True))
    @action(detail=True, methods=["get"])
    def ballots(self, request, pk=None):
        """Anonymous ballots of a poll whose result is published (open data for recounting)."""
        poll = self.get_object()
        qs = Ballot.objects.none() if not poll.published_at else (
            Ballot.objects.filter(poll=poll).select_related("settlement").prefetch_related("answers").order_by("id"))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(BallotSerializer(page, many=True).data)


def register(router) -> None:
    router.register("initiatives", InitiativeViewSet, basename="initiative")
    router.register("polls", PollViewSet, basename="poll")
