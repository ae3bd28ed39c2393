from django.urls import path

from hearth.participants import self_views

app_name = "participants_self"
urlpatterns = [
    path("", self_views.participant_home, name="home"),
    path("my-record.json", self_views.participant_own_record_download, name="download"),
]
