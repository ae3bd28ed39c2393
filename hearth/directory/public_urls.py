"""/find-help/ — the public "Find help" pages (no sign-in)."""

from django.urls import path

from hearth.directory import public_views

app_name = "find_help"
urlpatterns = [
    path("", public_views.find_help, name="search"),
    path("services/<str:service_id>/", public_views.service_page, name="service"),
]
