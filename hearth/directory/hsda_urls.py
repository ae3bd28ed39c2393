"""/hsda/ — the HSDS 3.0 API (public, read-only)."""

from django.urls import path

from hearth.directory import hsda

app_name = "hsda"
urlpatterns = [
    path("", hsda.api_root, name="root"),
    path("services", hsda.service_list, name="services"),
    path("services/<str:id>", hsda.service_detail, name="service"),
    path("service_at_locations", hsda.service_at_location_list, name="service_at_locations"),
    path(
        "service_at_locations/<str:id>",
        hsda.service_at_location_detail,
        name="service_at_location",
    ),
    path("organizations", hsda.organization_list, name="organizations"),
    path("organizations/<str:id>", hsda.organization_detail, name="organization"),
    path("taxonomies", hsda.taxonomy_list, name="taxonomies"),
    path("taxonomies/<str:id>", hsda.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", hsda.taxonomy_term_list, name="taxonomy_terms"),
    path("taxonomy_terms/<str:id>", hsda.taxonomy_term_detail, name="taxonomy_term"),
]
