from django.contrib import admin

from hearth.organisations.models import LocalCrisisLine, Organisation, Programme


class LocalCrisisLineInline(admin.TabularInline):
    model = LocalCrisisLine
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "timezone", "allow_community_signup"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LocalCrisisLineInline]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "is_active"]
    list_filter = ["organisation", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["managers"]
