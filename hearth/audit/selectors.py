from __future__ import annotations

from django.db.models import QuerySet

from hearth.audit.models import AuditEvent
from hearth.core.policy import Perm, can


def audit_events_for(
    user,
    *,
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    actor_id: int | None = None,
    since=None,
    until=None,
) -> QuerySet[AuditEvent]:
    """An org admin sees their organisation's chain, newest first."""
    if not can(user, Perm.AUDIT_VIEW):
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.filter(chain=user.organisation_id)
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if since:
        qs = qs.filter(occurred_at__date__gte=since)
    if until:
        qs = qs.filter(occurred_at__date__lte=until)
    return qs.order_by("-seq")
