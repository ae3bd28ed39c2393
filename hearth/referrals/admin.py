from django.contrib import admin

from hearth.referrals.models import ReferralSettings


@admin.register(ReferralSettings)
class ReferralSettingsAdmin(admin.ModelAdmin):
    """Per-organisation follow-up and link lifetimes. Referrals themselves are casework and
    are changed only through the pages and the API (services, audit)."""

    list_display = ("organisation", "follow_up_days", "link_days")
