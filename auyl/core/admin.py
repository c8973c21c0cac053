from django.contrib import admin

from auyl.core.models import AuditEntry, Notification


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the chain is append-only, changed only by services."""

    list_display = ["seq", "created_at", "actor_label", "action", "object_type", "object_id", "territory_code"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "territory_code", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "user", "created_at", "read_at", "sent_at"]
    raw_id_fields = ["user"]
