from django.contrib import admin

from auyl.appeals.models import AgencyRequest, Appeal, AppealEvent, Category, Open311Key, Reception, ReceptionBooking


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_kk", "name_ru", "name_en", "group", "order", "is_active"]
    list_editable = ["order", "is_active"]


class EventInline(admin.TabularInline):
    model = AppealEvent
    extra = 0
    readonly_fields = ["at", "actor", "kind", "text", "internal"]


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ["number", "community", "kind", "category", "status", "deadline"]
    list_filter = ["status", "kind", "channel", "category"]
    search_fields = ["number", "subject"]
    raw_id_fields = ["community", "settlement", "applicant_user", "applicant_resident", "assignee", "answered_by",
                     "registered_by", "duplicate_of"]
    readonly_fields = ["number", "registered_on", "due_on", "forward_by"]
    inlines = [EventInline]


@admin.register(Reception)
class ReceptionAdmin(admin.ModelAdmin):
    list_display = ["community", "official_title", "day", "starts_at", "ends_at", "place"]
    raw_id_fields = ["community", "official"]


@admin.register(ReceptionBooking)
class ReceptionBookingAdmin(admin.ModelAdmin):
    list_display = ["reception", "slot", "status"]
    raw_id_fields = ["reception", "user", "appeal"]


@admin.register(AgencyRequest)
class AgencyRequestAdmin(admin.ModelAdmin):
    list_display = ["number", "community", "agency", "status", "deadline"]
    raw_id_fields = ["community", "appeal", "created_by"]


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "created_at"]
    readonly_fields = ["key_hash"]
