"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) at /api/v1/open311/v2/: appeal categories as
``services``, published appeals as ``requests``, JSON and XML, the standard's error format.

``jurisdiction_id`` is the community's 9-digit KATO code (required when posting); ``service_request_id`` is the
appeal's registration number. Posting needs an ``api_key`` issued by the platform (``auyl manage open311_key``).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from auyl.appeals import selectors, services
from auyl.appeals.models import Appeal, Category, Channel, Kind

DEFAULT_DAYS = 90
MAX_REQUESTS = 1000


# --- serializers (the standard's fields) -------------------------------------------------------------


class ServiceSerializer(serializers.Serializer):
    service_code = serializers.CharField(source="code")
    service_name = serializers.CharField(source="name")
    description = serializers.CharField(source="name_en")
    metadata = serializers.SerializerMethodField()
    type = serializers.SerializerMethodField()
    keywords = serializers.CharField()
    group = serializers.CharField()

    def get_metadata(self, obj) -> bool:
        return False

    def get_type(self, obj) -> str:
        return "realtime"


class ServiceDefinitionSerializer(serializers.Serializer):
    service_code = serializers.CharField()
    attributes = serializers.ListField(child=serializers.DictField())


class ServiceRequestSerializer(serializers.Serializer):
    service_request_id = serializers.CharField(source="number")
    status = serializers.SerializerMethodField()
    status_notes = serializers.CharField(source="get_status_display")
    service_name = serializers.CharField(source="category.name")
    service_code = serializers.CharField(source="category.code")
    description = serializers.CharField(source="text")
    agency_responsible = serializers.SerializerMethodField()
    service_notice = serializers.SerializerMethodField()
    requested_datetime = serializers.DateTimeField(source="received_at")
    updated_datetime = serializers.DateTimeField(source="updated_at")
    expected_datetime = serializers.SerializerMethodField()
    address = serializers.CharField(source="location_text")
    address_id = serializers.SerializerMethodField()
    zipcode = serializers.SerializerMethodField()
    lat = serializers.DecimalField(source="latitude", max_digits=9, decimal_places=6, allow_null=True)
    long = serializers.DecimalField(source="longitude", max_digits=9, decimal_places=6, allow_null=True)
    media_url = serializers.SerializerMethodField()

    def get_status(self, obj: Appeal) -> str:
        return "open" if obj.is_open else "closed"

    def get_agency_responsible(self, obj: Appeal) -> str:
        return obj.forwarded_to or _("Akim's office of %(name)s") % {"name": obj.community.territory.name}

    def get_service_notice(self, obj: Appeal) -> str:
        return _("Answer due by %(date)s") % {"date": obj.deadline.strftime("%d.%m.%Y")}

    def get_expected_datetime(self, obj: Appeal) -> str:
        end = timezone.make_aware(datetime.combine(obj.deadline, time(23, 59, 59)))
        return end.isoformat()

    def get_address_id(self, obj: Appeal) -> str:
        return ""

    def get_zipcode(self, obj: Appeal) -> str:
        return ""

    def get_media_url(self, obj: Appeal) -> str:
        photo = next(iter(obj.photos.all()), None)
        request = self.context.get("request")
        return request.build_absolute_uri(photo.image.url) if photo and request else ""


class PostRequestSerializer(serializers.Serializer):
    api_key = serializers.CharField()
    jurisdiction_id = serializers.RegexField(r"^\d{9}$")
    service_code = serializers.CharField(max_length=40)
    lat = serializers.DecimalField(max_digits=12, decimal_places=8, required=False, allow_null=True)
    long = serializers.DecimalField(max_digits=12, decimal_places=8, required=False, allow_null=True)
    address_string = serializers.CharField(max_length=300, required=False, allow_blank=True)
    address_id = serializers.CharField(max_length=100, required=False, allow_blank=True)
    email = serializers.CharField(max_length=100, required=False, allow_blank=True)
    device_id = serializers.CharField(max_length=100, required=False, allow_blank=True)
    account_id = serializers.CharField(max_length=100, required=False, allow_blank=True)
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    description = serializers.CharField(max_length=4000)
    media_url = serializers.CharField(max_length=500, required=False, allow_blank=True)

    def validate(self, data):
        has_point = data.get("lat") is not None and data.get("long") is not None
        if not (has_point or data.get("address_string") or data.get("address_id")):
            raise serializers.ValidationError(_("Give lat and long, address_string or address_id."))
        return data


class PostResponseSerializer(serializers.Serializer):
    service_request_id = serializers.CharField()
    service_notice = serializers.CharField()
    account_id = serializers.CharField(allow_blank=True)


class TokenSerializer(serializers.Serializer):
    service_request_id = serializers.CharField()
    token = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    code = serializers.IntegerField()
    description = serializers.CharField()


# --- rendering ---------------------------------------------------------------------------------------


class Open311XMLRenderer(BaseRenderer):
    """The standard's XML: a root element holding one element per item; errors as <errors><error>."""

    media_type = "text/xml"
    format = "xml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = (renderer_context or {}).get("view")
        response = (renderer_context or {}).get("response")
        root_name, item_name = ("errors", "error") if response is not None and response.status_code >= 400 \
            else (getattr(view, "xml_root", "items"), getattr(view, "xml_item", "item"))
        root = ElementTree.Element(root_name)
        for item in data if isinstance(data, list) else [data]:
            element = ElementTree.SubElement(root, item_name)
            for key, value in (item or {}).items():
                self._add(element, key, value)
        return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)

    def _add(self, parent, key, value) -> None:
        child = ElementTree.SubElement(parent, key)
        if isinstance(value, list):
            for item in value:
                self._add(child, "attribute", item)
        elif isinstance(value, dict):
            for sub_key, sub_value in value.items():
                self._add(child, sub_key, sub_value)
        elif isinstance(value, bool):
            child.text = "true" if value else "false"
        elif value is not None:
            child.text = str(value)


def open311_errors(exc, context):
    """The standard's error shape: a list of {code, description}, the HTTP status as ``code``."""
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(exc.messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if not isinstance(exc, exceptions.APIException):
        return None
    detail = exc.detail
    messages = []
    if isinstance(detail, dict):
        for field, errors in detail.items():
            for error in errors if isinstance(errors, list) else [errors]:
                messages.append(str(error) if field in ("non_field_errors", "detail") else f"{field}: {error}")
    else:
        messages = [str(m) for m in (detail if isinstance(detail, list) else [detail])]
    return Response([{"code": exc.status_code, "description": m} for m in messages], status=exc.status_code)


class Open311View(APIView):
    authentication_classes: list = []
    permission_classes: list = []
    renderer_classes = [JSONRenderer, Open311XMLRenderer]
    parser_classes = [FormParser, MultiPartParser, JSONParser]
    xml_root, xml_item = "service_requests", "request"

    def get_exception_handler(self):
        return open311_errors


JURISDICTION = OpenApiParameter("jurisdiction_id", str, description="KATO code of the community")


# --- endpoints ---------------------------------------------------------------------------------------


class ServiceList(Open311View):
    xml_root, xml_item = "services", "service"

    @extend_schema(parameters=[JURISDICTION],
                   responses={200: ServiceSerializer(many=True)}, tags=["open311"])
    def get(self, request, format=None):
        return Response(ServiceSerializer(selectors.categories(), many=True).data)


class ServiceDefinition(Open311View):
    xml_root, xml_item = "service_definitions", "service_definition"

    @extend_schema(parameters=[JURISDICTION],
                   responses={200: ServiceDefinitionSerializer, 404: ErrorSerializer(many=True)}, tags=["open311"])
    def get(self, request, service_code: str, format=None):
        if not selectors.categories().filter(code=service_code).exists():
            raise exceptions.NotFound(_("service_code %(code)s not found") % {"code": service_code[:40]})
        return Response({"service_code": service_code, "attributes": []})


def _when(value: str | None, name: str):
    if not value:
        return None
    try:
        parsed = parse_datetime(value.replace(" ", "+"))
    except ValueError:
        parsed = None
    # Real offsets lie within ±14 h, and the database stores years 1–9999 only after conversion to UTC.
    offset = parsed.utcoffset() if parsed is not None and timezone.is_aware(parsed) else None
    if parsed is None or (offset is not None and abs(offset.total_seconds()) > 14 * 3600) \
            or not 1900 <= parsed.year <= 9000:
        raise exceptions.ValidationError({name: _("Use the W3C date-time format, e.g. 2026-03-19T10:00:00+05:00.")})
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


class RequestList(Open311View):
    @extend_schema(tags=["open311"],
                   parameters=[JURISDICTION,
                               OpenApiParameter("service_request_id", str, description="comma-separated ids"),
                               OpenApiParameter("service_code", str),
                               OpenApiParameter("start_date", OpenApiTypes.DATETIME),
                               OpenApiParameter("end_date", OpenApiTypes.DATETIME),
                               OpenApiParameter("status", str, enum=["open", "closed"])],
                   responses={200: ServiceRequestSerializer(many=True), 400: ErrorSerializer(many=True)})
    def get(self, request, format=None):
        params = request.query_params
        ids = [i.strip() for i in params.get("service_request_id", "").split(",") if i.strip()][:MAX_REQUESTS]
        start, end = _when(params.get("start_date"), "start_date"), _when(params.get("end_date"), "end_date")
        if not ids and start is None:
            start = (end or timezone.now()) - timedelta(days=DEFAULT_DAYS)
        qs = selectors.public(community_code=params.get("jurisdiction_id", "")[:9],
                              service_code=params.get("service_code", "")[:400], ids=ids, start=start, end=end,
                              status=params.get("status", "")).prefetch_related("photos")[:MAX_REQUESTS]
        return Response(ServiceRequestSerializer(qs, many=True, context={"request": request}).data)

    @extend_schema(tags=["open311"], request=PostRequestSerializer,
                   responses={201: PostResponseSerializer(many=True), 400: ErrorSerializer(many=True),
                              403: ErrorSerializer(many=True)})
    def post(self, request, format=None):
        serializer = PostRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        client = services.open311_client(data["api_key"])
        if client is None:
            raise exceptions.PermissionDenied(_("api_key is missing or not valid"))
        from auyl.territory.models import Community

        community = Community.objects.select_related("territory").filter(
            territory__code=data["jurisdiction_id"], is_active=True).first()
        if community is None:
            raise exceptions.NotFound(_("jurisdiction_id %(code)s not found") % {"code": data["jurisdiction_id"]})
        category = Category.objects.filter(code=data["service_code"], is_active=True).first()
        if category is None:
            raise exceptions.ValidationError({"service_code": _("service_code %(code)s not found")
                                              % {"code": data["service_code"]}})
        name = " ".join(p for p in (data.get("last_name", ""), data.get("first_name", "")) if p)
        description = data["description"].strip()
        appeal = services.file_appeal(
            actor=None, client=client, channel=Channel.OPEN311, kind=Kind.REPORT, community=community,
            category=category, subject=(description.splitlines()[0] if description else category.name)[:120],
            text=description, location_text=data.get("address_string", ""), latitude=data.get("lat"),
            longitude=data.get("long"), applicant_name=name,
            applicant_contact=data.get("phone") or data.get("email", ""))
        body = [{"service_request_id": appeal.number, "token": str(appeal.token),
                 "service_notice": _("Answer due by %(date)s") % {"date": appeal.deadline.strftime("%d.%m.%Y")},
                 "account_id": data.get("account_id", "")}]
        return Response(body, status=201)


class RequestDetail(Open311View):
    @extend_schema(tags=["open311"], parameters=[JURISDICTION],
                   responses={200: ServiceRequestSerializer(many=True), 404: ErrorSerializer(many=True)})
    def get(self, request, service_request_id: str, format=None):
        qs = selectors.public(ids=[service_request_id]).prefetch_related("photos")
        if not qs:
            raise exceptions.NotFound(_("service_request_id %(id)s not found") % {"id": service_request_id[:40]})
        return Response(ServiceRequestSerializer(qs, many=True, context={"request": request}).data)


class TokenDetail(Open311View):
    @extend_schema(tags=["open311"], parameters=[JURISDICTION],
                   responses={200: TokenSerializer(many=True), 404: ErrorSerializer(many=True)})
    def get(self, request, token, format=None):
        appeal = Appeal.objects.filter(token=token, channel=Channel.OPEN311).first()
        if appeal is None:
            raise exceptions.NotFound(_("token %(token)s not found") % {"token": token})
        return Response([{"service_request_id": appeal.number, "token": str(appeal.token)}])


ENDPOINTS = [
    ("services", ServiceList), ("services/<slug:service_code>", ServiceDefinition), ("requests", RequestList),
    ("requests/<slug:service_request_id>", RequestDetail), ("tokens/<uuid:token>", TokenDetail),
]
# One route per format (…/services.json, …/services.xml) so that each appears in the OpenAPI document.
urlpatterns = [
    path(f"open311/v2/{route}.{extension}", view.as_view(), {"format": extension},
         name=f"open311-{view.__name__.lower()}-{extension}")
    for route, view in ENDPOINTS for extension in ("json", "xml")
]
