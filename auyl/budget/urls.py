from django.urls import path, register_converter

from auyl.budget import views


class KatoConverter:
    regex = r"\d{9}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class YearConverter:
    regex = r"20\d{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(KatoConverter, "kato")
register_converter(YearConverter, "year")

app_name = "budget"
urlpatterns = [
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<str:prefix>/", views.indicators, name="indicators_in"),
    path("version/<int:pk>/", views.version_detail, name="version"),
    path("version/<int:pk>/<str:action>/", views.version_action, name="version_action"),
    path("<kato:code>/", views.citizen, name="community"),
    path("<kato:code>/manage/", views.manage, name="manage"),
    path("<kato:code>/manage/create/", views.create_budget, name="create"),
    path("<kato:code>/<year:year>/", views.citizen, name="year"),
    path("<kato:code>/<year:year>/budget.pdf", views.citizen_pdf, name="pdf"),
    path("<kato:code>/<year:year>/budget.csv", views.open_csv, name="csv"),
    path("<kato:code>/<year:year>/budget.json", views.open_json, name="json"),
    path("<kato:code>/<year:year>/datapackage.json", views.datapackage, name="datapackage"),
    path("<kato:code>/<year:year>/execution/", views.execution, name="execution"),
    path("<kato:code>/<year:year>/execution.<str:fmt>", views.execution_export, name="execution_export"),
]
