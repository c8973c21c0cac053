from django.contrib import admin

from auyl.workplace.models import AdministrativeFine, Household, LandscapingTask, MunicipalProperty, TradePlace

for model, people in ((Household, ["head"]), (MunicipalProperty, []), (AdministrativeFine, ["offender"]),
                      (TradePlace, []), (LandscapingTask, [])):
    admin.site.register(model, list_filter=["community"], raw_id_fields=["community", "settlement", *people])
