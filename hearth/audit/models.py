"""The audit trail: append-only, hash-chained, no personal data.

An event names who (user id and role), what (an action code and an opaque record id),
when, and from where (IP address and channel). Each event stores the hash of the one
before it in the same organisation's chain, so editing or deleting any event breaks
every hash after it (``manage.py verify_audit``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted")


class Action(models.TextChoices):
    VIEW = "view", _("Viewed")
    LIST = "list", _("Listed")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    STATUS = "status", _("Changed status")
    ASSIGN = "assign", _("Changed care team")
    EXPORT = "export", _("Exported")
    SEARCH = "search", _("Searched")
    ROTATE_KEYS = "rotate_keys", _("Re-encrypted")


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    ADMIN = "admin", _("Back-office admin")
    COMMAND = "command", _("Command line")
    SYSTEM = "system", _("System")


OBJECT_TYPE_LABELS = {
    "participant": _("Participant"),
    "user": _("User"),
    "programme": _("Programme"),
    "api_token": _("API token"),
    "audit": _("Audit trail"),
    "encryption": _("Encryption keys"),
    "recovery_plan": _("Recovery plan"),
    "wellness_plan": _("Wellness plan"),
    "safety_plan": _("Safety plan"),
    "encounter": _("Session"),
    "note": _("Progress note"),
    "payer": _("Payer"),
    "intervention": _("Intervention"),
    "claims": _("Claims"),
    "caseload": _("Caseload"),
    "supervision": _("Supervision"),
    "referral": _("Referral"),
    "referral_consent": _("Consent to share"),
    "referral_link": _("Referral link (receiving organisation)"),
    "referral_report": _("Referral reports"),
}


class AuditEvent(models.Model):
    # One chain per organisation keeps writers in different tenants from queueing behind
    # each other; chain 0 holds platform-level events.
    chain = models.PositiveBigIntegerField(db_index=True)
    seq = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_role = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.CharField(max_length=200, blank=True)  # field names or counts, never values
    channel = models.CharField(max_length=10, choices=Channel.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")
        ]
        indexes = [
            models.Index(fields=["chain", "-occurred_at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.chain}:{self.seq} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted")

    @property
    def actor_role_label(self) -> str:
        from hearth.core.policy import Role

        return str(dict(Role.choices).get(self.actor_role, self.actor_role))

    @property
    def object_type_label(self) -> str:
        return str(OBJECT_TYPE_LABELS.get(self.object_type, self.object_type))
