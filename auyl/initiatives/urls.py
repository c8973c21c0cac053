from django.urls import path

from auyl.initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.index, name="index"),
    path("inbox/", views.inbox, name="inbox"),
    path("c/<str:code>/", views.community, name="community"),
    path("c/<str:code>/new/", views.new, name="new"),
    path("c/<str:code>/polls/new/", views.poll_new, name="poll_new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/hide/", views.hide, name="hide"),
    path("<int:pk>/unhide/", views.unhide, name="unhide"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/reports/dismiss/", views.dismiss_reports, name="dismiss_reports"),
    path("<int:pk>/log/", views.log, name="log"),
    path("<int:pk>/paper/", views.paper, name="paper"),
    path("<int:pk>/paper/<int:sheet>/confirm/", views.confirm_sheet, name="confirm_sheet"),
    path("polls/<int:pk>/", views.poll, name="poll"),
    path("polls/<int:pk>/manage/", views.poll_manage, name="poll_manage"),
]
