from django.urls import path

from auyl.workplace import views

app_name = "workplace"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.dashboard, name="dashboard"),
    path("<str:code>/refresh/", views.refresh, name="refresh"),
    path("<str:code>/list/<str:key>/", views.list_view, name="list"),
    path("<str:code>/list/<str:key>/new/", views.record, name="record_new"),
    path("<str:code>/list/<str:key>/<int:pk>/", views.record, name="record_edit"),
    path("<str:code>/person/<int:pk>/", views.person, name="person"),
]
