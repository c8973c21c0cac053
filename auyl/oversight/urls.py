from django.urls import path

from auyl.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.home, name="home"),
    path("t/<str:key>/", views.scope, name="scope"),
    path("t/<str:key>/rank/<str:metric>/", views.ranking, name="ranking"),
    path("elections/", views.elections, name="elections"),
    path("elections/new/", views.election_new, name="election_new"),
    path("elections/<int:pk>/", views.election, name="election"),
    path("terms/<int:pk>/end/", views.term_end, name="term_end"),
    path("c/<str:code>/akim/", views.community_akim, name="community_akim"),
    path("c/<str:code>/audits/", views.community_audits, name="community_audits"),
    path("audits/", views.audits, name="audits"),
    path("audits/new/", views.audit_new, name="audit_new"),
    path("audits/<int:pk>/", views.audit, name="audit"),
    path("audits/<int:pk>/summary/", views.audit_summary, name="audit_summary"),
    path("audits/<int:pk>/<str:action>/", views.audit_action, name="audit_action"),
    path("findings/<int:pk>/<str:action>/", views.finding_action, name="finding_action"),
    path("school/", views.school, name="school"),
    path("school/enrol/", views.enrol, name="enrol"),
    path("school/enrolments/<int:pk>/", views.enrolment, name="enrolment"),
    path("powers/", views.powers, name="powers"),
    path("powers/new/", views.power_new, name="power_new"),
    path("powers/<slug:code>/", views.power, name="power"),
]
