from django.urls import path

from hearth.encounters import caseload_views as views

app_name = "caseload"
urlpatterns = [
    path("", views.my_caseload, name="mine"),
    path("team/", views.team, name="team"),
]
