from django.contrib import admin
from django.urls import include, path

from hearth.core import views as core_views
from hearth.core.api import api

urlpatterns = [
    path("", core_views.landing, name="landing"),
    path("healthz", core_views.healthz, name="healthz"),
    path("help/", core_views.crisis_help, name="help"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("", include(("hearth.core.urls", "core"))),
    path("participants/", include("hearth.participants.urls")),
    path("me/", include("hearth.participants.self_urls")),
    path("manage/", include("hearth.accounts.urls")),
    path("manage/", include("hearth.organisations.urls")),
    path("manage/audit/", include("hearth.audit.urls")),
    path("encounters/", include("hearth.encounters.urls")),
    path("caseload/", include("hearth.encounters.caseload_urls")),
    path("billing/", include("hearth.encounters.billing_urls")),
    path("plans/", include("hearth.plans.urls")),
    path("matching/", include("hearth.matching.urls")),
    path("groups/", include("hearth.groups.urls")),
    path("helpline/", include("hearth.helpline.urls")),
    path("directory/", include("hearth.directory.urls")),
    path("hsda/", include("hearth.directory.hsda_urls")),
    path("find-help/", include("hearth.directory.public_urls")),
    path("referrals/", include("hearth.referrals.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/", api.urls),
    path("backoffice/", admin.site.urls),
]

handler403 = "hearth.core.errors.forbidden"
handler404 = "hearth.core.errors.not_found"
handler500 = "hearth.core.errors.server_error"
