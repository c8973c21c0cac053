from django.urls import path
from django.views.generic import RedirectView

from auyl.contests import views

app_name = "contests"
urlpatterns = [
    path("", views.contest_list, name="list"),
    path("c/<str:code>/", views.community_contests, name="community"),
    path("c/<str:code>/new/", views.contest_create, name="create"),
    path("<int:pk>/", views.contest_detail, name="detail"),
    path("<int:pk>/edit/", views.contest_edit, name="edit"),
    path("<int:pk>/advance/", views.advance, name="advance"),
    path("<int:pk>/propose/", views.propose, name="propose"),
    path("<int:pk>/similar/", views.similar, name="similar"),
    path("<int:pk>/ballot/", views.ballot, name="ballot"),
    path("<int:pk>/paper/", views.paper, name="paper"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results.pb", views.results_pb, name="results_pb"),
    path("<int:pk>/log/", views.vote_log, name="log"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("proposals/<int:pk>/review/", views.review, name="review"),
    path("proposals/<int:pk>/merge/", views.merge, name="merge"),
    path("paper/<int:pk>/confirm/", views.paper_confirm, name="paper_confirm"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    # Notifications moved to the one inbox of every app (core notifications); old links land there.
    path("notifications/", RedirectView.as_view(pattern_name="people:notifications", permanent=True)),
]
