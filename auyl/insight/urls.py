from django.urls import path

from auyl.insight import views

app_name = "insight"
urlpatterns = [
    path("c/<str:code>/", views.community, name="community"),
    path("c/<str:code>/duplicates/refresh/", views.refresh_duplicates, name="refresh_duplicates"),
    path("c/<str:code>/similar/", views.similar_appeals, name="similar_appeals"),
    path("c/<str:code>/discussions/", views.discussions, name="discussions"),
    path("c/<str:code>/discussions/new/", views.discussion_new, name="discussion_new"),
    path("duplicates/<int:pk>/dismiss/", views.dismiss_group, name="dismiss_group"),
    path("suggestions/<int:pk>/decide/", views.decide, name="decide"),
    path("themes/<str:source>/<int:source_id>/request/", views.request_themes, name="request_themes"),
    path("themes/<str:source>/<int:source_id>/", views.source_themes, name="source_themes"),
    path("themes/<int:pk>/", views.theme_set, name="theme_set"),
    path("themes/<int:pk>/merge/", views.merge, name="merge"),
    path("themes/<int:pk>/rerun/", views.rerun, name="rerun"),
    path("theme/<int:pk>/rename/", views.rename, name="rename"),
    path("theme/<int:pk>/split/", views.split, name="split"),
    path("contests/<int:contest_id>/similar/", views.similar_proposals, name="similar_proposals"),
    path("discussions/<int:pk>/", views.discussion, name="discussion"),
    path("discussions/<int:pk>/propose/", views.propose, name="propose"),
    path("discussions/<int:pk>/status/", views.discussion_status, name="discussion_status"),
    path("discussions/<int:pk>/map/", views.recompute_map, name="recompute_map"),
    path("statements/<int:pk>/vote/", views.vote, name="vote"),
    path("statements/<int:pk>/moderate/", views.moderate, name="moderate"),
]
