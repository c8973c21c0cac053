"""One error shape for the whole API: {"error": {"code", "message", "fields"}} with localised messages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    fields = {}
    if isinstance(detail, dict) and "detail" in detail:
        message = str(detail["detail"])
    elif isinstance(detail, dict):
        fields = {key: [str(m) for m in (value if isinstance(value, list) else [value])]
                  for key, value in detail.items()}
        message = next(iter(fields.values()))[0] if fields else str(exc)
    else:
        message = " ".join(str(m) for m in detail) if isinstance(detail, list) else str(detail)
    code = getattr(exc, "default_code", "error")
    return Response({"error": {"code": code, "message": message, "fields": fields}},
                    status=response.status_code, headers=response.headers)
