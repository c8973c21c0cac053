from django.contrib import admin

from auyl.territory.models import Community, Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_kk", "name_ru", "level", "kind", "population"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name_kk", "name_ru"]
    raw_id_fields = ["parent"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["territory", "kind", "district", "population", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["territory__code", "territory__name_kk", "territory__name_ru"]
    raw_id_fields = ["territory", "district", "oblast"]
