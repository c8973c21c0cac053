"""JSON API of gatherings and assemblies: meetings with live quorum and decisions, the no-confidence procedures,
the akim's reports; attendance registration for the akim's office, questions and ratings for residents.
Lists contain only what the user may see; writes go through the same services as the pages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from auyl.api.permissions import CanAct
from auyl.assemblies import selectors, services
from auyl.assemblies.models import AgendaItem, AkimReport, Decision, DismissalProcedure, DismissalStep, Meeting
from auyl.people.models import Resident

COMMUNITY = OpenApiParameter("community", str, description="KATO code of the community")


class QuorumSerializer(serializers.Serializer):
    entitled = serializers.IntegerField()
    present = serializers.IntegerField()
    needed = serializers.IntegerField()
    met = serializers.BooleanField()


class DecisionSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="item.meeting_id")
    question = serializers.CharField(source="item.title")

    class Meta:
        model = Decision
        fields = ["id", "meeting", "question", "subject_key", "motion", "text", "remarks", "votes_for",
                  "votes_against", "votes_abstain", "present", "entitled", "adopted", "decided_on", "reference",
                  "akim_position", "akim_reason", "district_outcome", "district_decided_on"]


class ItemSerializer(serializers.ModelSerializer):
    decision = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = ["position", "title", "subject_kind", "subject_key", "speeches", "decision"]

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, item: AgendaItem) -> dict | None:
        decision = getattr(item, "decision", None)
        return DecisionSerializer(decision).data if decision is not None else None


class MeetingSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="body.community.territory.code")
    body = serializers.CharField(source="body.name")
    body_kind = serializers.CharField(source="body.kind")
    quorum = serializers.SerializerMethodField()
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "community", "body", "body_kind", "number", "kind", "status", "starts_at", "place",
                  "convened_by", "initiative_reference", "notice_text", "notice_published_at", "chair_name",
                  "secretary_name", "minutes_sha256", "published_at", "quorum", "items"]

    @extend_schema_field(QuorumSerializer)
    def get_quorum(self, meeting: Meeting) -> dict:
        state = selectors.quorum(meeting)
        return {"entitled": state.entitled, "present": state.present, "needed": state.needed, "met": state.met}


class AttendanceInput(serializers.Serializer):
    resident = serializers.IntegerField(min_value=1, max_value=2**63 - 1,
                                        help_text="registry id of a person entitled to take part")


def _community_filter(request):
    from auyl.territory.models import Community

    code = request.query_params.get("community", "")[:9]
    return Community.objects.filter(territory__code=code).first() if code else None


@extend_schema(parameters=[COMMUNITY])
class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings of gatherings and assemblies: notices and minutes for everyone, drafts for the akim's office."""

    serializer_class = MeetingSerializer
    permission_classes = [CanAct]

    def get_queryset(self):
        community = _community_filter(self.request)
        return (selectors.meetings_visible_to(self.request.user, community)
                .prefetch_related("items__decision"))

    @extend_schema(request=AttendanceInput, responses={201: QuorumSerializer})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def attendance(self, request, pk=None):
        """Register one person present (the akim's office, while the meeting is in session)."""
        meeting = self.get_object()
        data = AttendanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        resident = Resident.objects.filter(pk=data.validated_data["resident"]).first()
        if resident is None:
            return Response({"error": {"code": "not_found", "message": "resident", "fields": {}}},
                            status=status.HTTP_404_NOT_FOUND)
        services.register_attendance(request.user, meeting, resident)
        return Response(MeetingSerializer(meeting).data["quorum"], status=status.HTTP_201_CREATED)


@extend_schema(parameters=[COMMUNITY])
class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Decisions of published minutes (and all of them for the akim's office of that community)."""

    serializer_class = DecisionSerializer
    permission_classes = [CanAct]

    def get_queryset(self):
        return selectors.decisions_visible_to(self.request.user, _community_filter(self.request)).order_by(
            "-decided_on", "id")


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = DismissalStep
        fields = ["kind", "round", "occurred_on", "due_on", "late", "count", "total", "positive", "reference"]


class NextStepSerializer(serializers.Serializer):
    kind = serializers.CharField(allow_null=True)
    round = serializers.IntegerField()
    due_on = serializers.DateField(allow_null=True)
    not_before = serializers.DateField(allow_null=True)
    must_terminate = serializers.BooleanField()


class DismissalSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.territory.code")
    steps = StepSerializer(many=True, read_only=True)
    next_step = serializers.SerializerMethodField()

    class Meta:
        model = DismissalProcedure
        fields = ["id", "community", "akim_name", "status", "started_on", "ended_on", "steps", "next_step"]

    @extend_schema_field(NextStepSerializer)
    def get_next_step(self, procedure: DismissalProcedure) -> dict:
        nxt = selectors.dismissal_next(procedure)
        return {"kind": nxt.kind, "round": nxt.round, "due_on": nxt.due_on, "not_before": nxt.not_before,
                "must_terminate": nxt.must_terminate}


@extend_schema(parameters=[COMMUNITY])
class DismissalViewSet(viewsets.ReadOnlyModelViewSet):
    """No-confidence procedures with their legal steps and deadlines: public."""

    serializer_class = DismissalSerializer
    permission_classes = [CanAct]

    def get_queryset(self):
        qs = DismissalProcedure.objects.select_related("community__territory").prefetch_related("steps")
        if community := _community_filter(self.request):
            qs = qs.filter(community=community)
        return qs.order_by("-started_on", "id")


class ReportSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.territory.code")
    questions = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()

    class Meta:
        model = AkimReport
        fields = ["id", "community", "year", "title", "text", "figures", "status", "meeting", "published_at",
                  "questions", "rating"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_questions(self, report: AkimReport) -> list[dict]:
        return [{"text": q.text, "asked_at": q.asked_at, "answer": q.answer, "answered_at": q.answered_at}
                for q in report.questions.all()]

    @extend_schema_field(serializers.DictField())
    def get_rating(self, report: AkimReport) -> dict:
        summary = selectors.rating_summary(report)
        return {"count": summary.count, "average": summary.average,
                "distribution": {str(score): n for score, n in summary.distribution}}


class QuestionInput(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


class RatingInput(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5)


@extend_schema(parameters=[COMMUNITY])
class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    """The akim's yearly reports: published ones with questions (no authors), answers and ratings."""

    serializer_class = ReportSerializer
    permission_classes = [CanAct]

    def get_queryset(self):
        from auyl.assemblies.models import ReportStatus
        from auyl.core.permissions import can

        qs = AkimReport.objects.select_related("community__territory").prefetch_related("questions")
        community = _community_filter(self.request)
        if community is not None:
            qs = qs.filter(community=community)
            if can(self.request.user, "change", community.territory.code, subject="assemblies.akimreport"):
                return qs.order_by("-year", "id")
        return qs.exclude(status=ReportStatus.DRAFT).order_by("-year", "id")

    @extend_schema(request=QuestionInput, responses={201: None})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def questions(self, request, pk=None):
        """A verified resident's question before the meeting."""
        data = QuestionInput(data=request.data)
        data.is_valid(raise_exception=True)
        question = services.ask_question(request.user, self.get_object(), data.validated_data["text"])
        return Response({"id": question.pk}, status=status.HTTP_201_CREATED)

    @extend_schema(request=RatingInput, responses={201: None})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def rating(self, request, pk=None):
        """One rating per verified resident after the meeting."""
        data = RatingInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.rate_report(request.user, self.get_object(), data.validated_data["score"])
        return Response({"score": data.validated_data["score"]}, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("assembly-meetings", MeetingViewSet, basename="assembly-meeting")
    router.register("assembly-decisions", DecisionViewSet, basename="assembly-decision")
    router.register("dismissal-procedures", DismissalViewSet, basename="dismissal-procedure")
    router.register("akim-reports", ReportViewSet, basename="akim-report")
