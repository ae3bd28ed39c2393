from django.urls import path

from hearth.participants import views

app_name = "participants"
urlpatterns = [
    path("", views.participant_list, name="list"),
    path("new/", views.participant_create, name="create"),
    path("export.csv", views.participant_export, name="export"),
    path("<uuid:pk>/", views.participant_detail, name="detail"),
    path("<uuid:pk>/edit/", views.participant_edit, name="edit"),
    path("<uuid:pk>/status/", views.participant_status, name="status"),
    path("<uuid:pk>/care-team/", views.participant_assign, name="assign"),
]
