from django.urls import path

from hearth.encounters import billing_views as views

app_name = "billing"
urlpatterns = [
    path("claims/", views.claims, name="claims"),
    path("payers/", views.payer_list, name="payers"),
    path("payers/new/", views.payer_edit, name="payer_create"),
    path("payers/<uuid:pk>/", views.payer_edit, name="payer_edit"),
    path("interventions/", views.intervention_list, name="interventions"),
    path("interventions/<uuid:pk>/", views.intervention_edit, name="intervention_edit"),
    path("interventions/<uuid:pk>/move/", views.intervention_move, name="intervention_move"),
]
