"""DRF glue for the one permission layer: API views ask ``can()`` exactly as pages do."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from auyl.core.permissions import can

METHOD_ACTION = {"POST": "create", "PUT": "change", "PATCH": "change", "DELETE": "change"}


class CanAct(BasePermission):
    """Object-level check: GET/HEAD need ``view``, writes need ``change``; list filtering is the view's job."""

    def has_object_permission(self, request, view, obj):
        action = "view" if request.method in SAFE_METHODS else METHOD_ACTION.get(request.method, "change")
        return can(request.user, action, obj)
