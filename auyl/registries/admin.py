from django.contrib import admin

from auyl.registries.models import SourceStatus


@admin.register(SourceStatus)
class SourceStatusAdmin(admin.ModelAdmin):
    list_display = ["source", "community", "adapter", "last_success_at", "unavailable_since", "records"]
    list_filter = ["source", "adapter"]
    readonly_fields = ["last_attempt_at", "last_success_at", "unavailable_since", "last_error", "records"]
