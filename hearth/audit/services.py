"""Writing audit events. Every read or change of participant data calls ``audit_record``."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from hearth.audit.chain import GENESIS, HASHED_FIELDS, ChainProblem, event_hash, verify
from hearth.audit.models import AuditEvent, Channel


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # Behind a proxy, SecurityMiddleware/PROXY settings are responsible for REMOTE_ADDR;
    # we do not trust X-Forwarded-For ourselves (it is client-controlled).
    return request.META.get("REMOTE_ADDR") or None


def _lock_chain(chain: int) -> None:
    """Serialise writers of one chain until commit. SQLite already serialises writers
    (IMMEDIATE transactions); on PostgreSQL a transaction-scoped advisory lock does."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7_400_001, chain])


@transaction.atomic
def audit_record(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_id: str = "",
    organisation_id: int | None = None,
    detail: str = "",
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> AuditEvent:
    """Append one event to the organisation's chain.

    ``detail`` must never hold personal data: field names and counts only.
    """
    if organisation_id is None:
        organisation_id = getattr(actor, "organisation_id", None)
    chain = organisation_id or 0
    _lock_chain(chain)
    last = (
        AuditEvent.objects.filter(chain=chain).order_by("-seq").values_list("seq", "hash").first()
    )
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    fields: dict[str, Any] = {
        "chain": chain,
        "seq": seq,
        "occurred_at": timezone.now(),
        "actor_id": getattr(actor, "pk", None),
        "actor_role": getattr(actor, "role", "") or "",
        "action": str(action),
        "object_type": object_type,
        "object_id": str(object_id),
        "detail": detail[:200],
        "channel": str(channel),
        "ip_address": _client_ip(request),
    }
    event = AuditEvent(**fields, prev_hash=prev_hash)
    event.hash = event_hash(prev_hash, hashable_fields(event))
    event.save(force_insert=True)
    return event


def hashable_fields(event: AuditEvent) -> dict[str, Any]:
    """The event's hashed fields in a form that is identical whether the event was just
    built or read back from either database (UTC ISO time, text IP)."""
    values = {name: getattr(event, name) for name in HASHED_FIELDS}
    values["occurred_at"] = event.occurred_at.astimezone(UTC).isoformat()
    values["ip_address"] = str(event.ip_address) if event.ip_address else None
    return values


def audit_verify(*, chain: int | None = None) -> list[ChainProblem]:
    """Walk every chain (or one) and report tampering."""
    events = AuditEvent.objects.all().order_by("chain", "seq")
    if chain is not None:
        events = events.filter(chain=chain)
    rows = (
        {**hashable_fields(e), "prev_hash": e.prev_hash, "hash": e.hash}
        for e in events.iterator(chunk_size=2000)
    )
    return verify(rows)
