from django.urls import path

from hearth.referrals import views

app_name = "referrals"
urlpatterns = [
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("reports/", views.reports, name="reports"),
    path("participant/<uuid:pk>/", views.participant_referrals, name="participant"),
    path("participant/<uuid:pk>/new/", views.referral_create, name="create"),
    path("participant/<uuid:pk>/consent/", views.consent_create, name="consent_create"),
    path("consent/<uuid:pk>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("<uuid:pk>/", views.referral_detail, name="detail"),
    path("<uuid:pk>/edit/", views.referral_edit, name="edit"),
    path("<uuid:pk>/status/", views.referral_transition, name="transition"),
    path("<uuid:pk>/outcome/", views.referral_outcome, name="outcome"),
    path("<uuid:pk>/link/", views.link_issue, name="link_issue"),
    path("<uuid:pk>/link/revoke/", views.link_revoke, name="link_revoke"),
    # The receiving organisation's page: no account, the token is the only key.
    path("r/<str:token>/", views.receiver, name="receiver"),
]
