"""Admin: read-only views of the helper's stored results for support staff; changes go through the services."""

from django.contrib import admin

from auyl.insight.models import AppealSuggestion, Discussion, DuplicateGroup, RoutingModel, Statement, ThemeSet


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RoutingModel)
class RoutingModelAdmin(ReadOnlyAdmin):
    list_display = ["district", "version", "trained_at"]
    exclude = ["blob"]


@admin.register(AppealSuggestion)
class AppealSuggestionAdmin(ReadOnlyAdmin):
    list_display = ["appeal", "category_code", "category_confidence", "unit", "unit_confidence", "decision"]
    list_filter = ["decision", "model_version"]


@admin.register(ThemeSet)
class ThemeSetAdmin(ReadOnlyAdmin):
    list_display = ["title", "community", "source", "status", "text_count", "runs", "computed_at"]
    list_filter = ["source", "status"]


@admin.register(DuplicateGroup)
class DuplicateGroupAdmin(ReadOnlyAdmin):
    list_display = ["community", "appeal_ids", "dismissed", "found_at"]


@admin.register(Discussion)
class DiscussionAdmin(ReadOnlyAdmin):
    list_display = ["title", "community", "status", "map_computed_at"]
    list_filter = ["status"]
    exclude = ["opinion_map"]


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ["text", "discussion", "status"]
    list_filter = ["status"]
