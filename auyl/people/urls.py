from django.urls import path

from auyl.people import views

app_name = "people"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("confirm/", views.confirm, name="confirm"),
    path("confirm/resend/", views.resend, name="resend"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("verify/", views.verify, name="verify"),
    path("notifications/", views.notifications, name="notifications"),
    path("", views.account, name="account"),
]
