"""/api/v1/: the one router. Each app contributes routes from its ``api.py`` with ``register(router)``,
so adding an app's API never touches this file."""

import importlib

from django.apps import apps
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

router = DefaultRouter()
extra_urls = []
for config in apps.get_app_configs():
    if not config.name.startswith("auyl."):
        continue
    try:
        module = importlib.import_module(f"{config.name}.api")
    except ModuleNotFoundError as error:
        if error.name == f"{config.name}.api":
            continue
        raise
    if hasattr(module, "register"):
        module.register(router)
    extra_urls += getattr(module, "urlpatterns", [])

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    *extra_urls,
    path("", include(router.urls)),
]
