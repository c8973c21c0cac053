"""Admin: read-mostly views for support staff; every change of substance goes through the services."""

from django.contrib import admin

from auyl.initiatives.models import Initiative, Notice, PaperSheet, Poll, Question, Report


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReportInline(ReadOnlyInline):
    model = Report
    fields = ["reason", "created_at", "handled_at"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "kind", "is_petition", "status", "threshold", "answer_due"]
    list_filter = ["status", "kind", "is_petition"]
    search_fields = ["title"]
    readonly_fields = [f.name for f in Initiative._meta.fields]
    inlines = [ReportInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(PaperSheet)
class PaperSheetAdmin(admin.ModelAdmin):
    list_display = ["number", "initiative", "status", "entered_at", "confirmed_at"]
    readonly_fields = [f.name for f in PaperSheet._meta.fields]


class QuestionInline(ReadOnlyInline):
    model = Question
    fields = ["position", "text", "kind", "max_choices"]


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "opens_at", "closes_at", "is_ready", "published_at"]
    list_filter = ["is_ready"]
    readonly_fields = ["result", "published_at"]
    inlines = [QuestionInline]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["user", "initiative", "created_at", "read_at"]
    readonly_fields = [f.name for f in Notice._meta.fields]
