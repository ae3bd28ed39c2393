"""Back-office admin for billing configuration only. Encounters and notes are never
registered here: they hold health information and are read and changed only through the
audited pages and API."""

from django.contrib import admin

from hearth.encounters.models import Intervention, Payer


@admin.register(Payer)
class PayerAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "organisation",
        "hcpcs_code",
        "modifiers",
        "unit_minutes",
        "rounding",
        "daily_unit_cap",
        "cosign_required",
        "is_active",
    ]
    list_filter = ["organisation", "is_active", "cosign_required", "rounding"]
    search_fields = ["name", "hcpcs_code"]
    readonly_fields = ["public_id", "created_at", "updated_at"]


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "position", "is_active"]
    list_filter = ["organisation", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]
    readonly_fields = ["public_id", "created_at", "updated_at"]
