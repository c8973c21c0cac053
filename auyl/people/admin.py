from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from auyl.people.models import PersonalDataAccess, Resident, RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["territory"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = [*BaseUserAdmin.fieldsets, ("Auyl", {"fields": ["phone", "contact_confirmed", "resident",
                                                                "preferred_language"]})]
    raw_id_fields = ["resident"]
    inlines = [RoleInline]
    list_display = ["username", "phone", "email", "contact_confirmed", "is_staff"]


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    """The IIN is never shown: only its last four digits."""

    list_display = ["last_name", "first_name", "iin_last4", "community", "settlement", "is_registered"]
    list_filter = ["is_registered", "is_excluded"]
    search_fields = ["last_name", "first_name", "community__territory__code"]
    exclude = ["iin_hash", "iin_encrypted"]
    readonly_fields = ["iin_last4"]
    raw_id_fields = ["community", "settlement"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "resident", "purpose"]
    raw_id_fields = ["user", "resident"]

    def has_change_permission(self, request, obj=None):
        return False
