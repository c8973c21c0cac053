"""Read-mostly admin: the record is changed through services (audited), so the admin only lets one look."""

from django.contrib import admin

from auyl.assemblies.models import (
    AkimReport,
    Body,
    Decision,
    DevelopmentProgramme,
    DismissalProcedure,
    Meeting,
    Membership,
    MonitoringReport,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Body)
class BodyAdmin(ReadOnly):
    list_display = ["name", "kind", "community", "term_start", "term_end"]
    list_filter = ["kind"]


@admin.register(Membership)
class MembershipAdmin(ReadOnly):
    list_display = ["body", "position", "since", "until"]
    list_select_related = ["body"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ["__str__", "kind", "status", "starts_at", "place"]
    list_filter = ["status", "kind"]
    list_select_related = ["body"]


@admin.register(Decision)
class DecisionAdmin(ReadOnly):
    list_display = ["reference", "subject_key", "adopted", "decided_on", "akim_position"]
    list_filter = ["adopted", "akim_position"]


@admin.register(DevelopmentProgramme)
class ProgrammeAdmin(ReadOnly):
    list_display = ["title", "community", "first_year", "last_year", "status"]


@admin.register(MonitoringReport)
class MonitoringAdmin(ReadOnly):
    list_display = ["commission", "year", "half", "extraordinary", "signed_on"]


@admin.register(AkimReport)
class ReportAdmin(ReadOnly):
    list_display = ["title", "community", "year", "status"]


@admin.register(DismissalProcedure)
class DismissalAdmin(ReadOnly):
    list_display = ["community", "akim_name", "status", "started_on", "ended_on"]
