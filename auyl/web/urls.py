from django.urls import path

from auyl.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("communities/", views.communities, name="communities"),
    path("c/<str:code>/", views.community, name="community"),
    path("open-data/", views.open_data, name="open_data"),
]
