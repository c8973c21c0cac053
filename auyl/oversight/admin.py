"""Admin screens for the records of oversight (read mostly; changes go through the pages and services)."""

from django.contrib import admin

from auyl.oversight.models import AkimTerm, Audit, Course, Election, Figure, Finding, Module, Power, PowerReview


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ["scope", "level", "period", "metric", "value", "communities", "computed_at"]
    list_filter = ["level", "period", "metric"]
    search_fields = ["scope"]


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0


@admin.register(Audit)
class AuditAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "year", "status", "published_at"]
    list_filter = ["status", "year"]
    list_select_related = ["community__territory"]
    inlines = [FindingInline]


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["community", "date", "kind", "status", "electorate", "ballots_cast"]
    list_filter = ["status", "kind"]
    list_select_related = ["community__territory"]


@admin.register(AkimTerm)
class AkimTermAdmin(admin.ModelAdmin):
    list_display = ["full_name", "community", "starts_on", "ends_on", "ended_on", "is_first_time"]
    list_select_related = ["community__territory"]
    exclude = ["iin_hash"]


class ModuleInline(admin.TabularInline):
    model = Module
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title_en", "year"]
    inlines = [ModuleInline]


@admin.register(Power)
class PowerAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "title_en", "legal_source", "in_law"]
    list_filter = ["level", "in_law"]


@admin.register(PowerReview)
class PowerReviewAdmin(admin.ModelAdmin):
    list_display = ["power", "classification", "reviewed_at"]
    list_filter = ["classification"]
