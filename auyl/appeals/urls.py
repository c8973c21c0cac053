from django.urls import path

from auyl.appeals import views

app_name = "appeals"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("c/<str:code>/", views.community, name="community"),
    path("c/<str:code>/new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/act/<str:action>/", views.act, name="act"),
    path("reception/<int:pk>/", views.reception, name="reception"),
    path("booking/<int:pk>/visit/", views.record_visit, name="record_visit"),
    path("office/<str:code>/new/", views.office_new, name="office_new"),
    path("office/<str:code>/receptions/", views.receptions, name="receptions"),
    path("office/<str:code>/requests/", views.agency_requests, name="requests"),
    path("request/<int:pk>/answer/", views.agency_answer, name="agency_answer"),
]
