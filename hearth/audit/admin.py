from django.contrib import admin

from hearth.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only."""

    list_display = [
        "chain",
        "seq",
        "occurred_at",
        "actor_id",
        "actor_role",
        "action",
        "object_type",
        "channel",
    ]
    list_filter = ["chain", "action", "object_type", "channel"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
