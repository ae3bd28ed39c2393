from django.urls import path

from hearth.encounters import views

app_name = "encounters"
urlpatterns = [
    path("new/<uuid:participant_pk>/", views.encounter_new, name="new"),
    path("units/", views.units_preview, name="units"),
    path("<uuid:pk>/", views.encounter_detail, name="detail"),
    path("<uuid:pk>/edit/", views.encounter_edit, name="edit"),
    path("<uuid:pk>/sign/", views.encounter_sign, name="sign"),
    path("<uuid:pk>/cosign/", views.encounter_cosign, name="cosign"),
    path("<uuid:pk>/addendum/", views.encounter_addendum, name="addendum"),
]
