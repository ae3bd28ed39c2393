from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from hearth.audit.models import Action, AppendOnlyError, AuditEvent
from hearth.audit.services import audit_record, audit_verify
from hearth.core.policy import Role

TABLE = AuditEvent._meta.db_table


def _tamper(sql: str, params: list) -> None:
    """Edit the table behind the application's back, as an attacker with full database
    access would: first switching off the append-only triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(sql, params)
        else:
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            cursor.execute("DROP TRIGGER audit_auditevent_no_delete")
            cursor.execute(sql, params)


def test_database_refuses_raw_updates_and_deletes(world):
    event = audit_record(
        actor=world.users[Role.ORG_ADMIN], action=Action.VIEW, object_type="participant"
    )
    for sql in (
        f"UPDATE {TABLE} SET detail = 'x' WHERE id = %s",
        f"DELETE FROM {TABLE} WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])


def test_reading_a_participant_writes_exactly_one_event(world, client_for):
    specialist = world.users[Role.PEER_SPECIALIST]
    before = AuditEvent.objects.count()
    response = client_for(specialist).get(
        reverse("participants:detail", args=[world.mine.public_id])
    )
    assert response.status_code == 200
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert len(events) == 1
    event = events[0]
    assert (event.action, event.object_type, event.object_id) == (
        Action.VIEW,
        "participant",
        str(world.mine.public_id),
    )
    assert event.actor_id == specialist.pk and event.actor_role == Role.PEER_SPECIALIST
    assert event.ip_address == "127.0.0.1"
    assert event.chain == world.org.pk


def test_events_hold_no_personal_data(world, client_for):
    client = client_for(world.users[Role.ORG_ADMIN])
    client.get(reverse("participants:list") + "?q=Maria")
    client.get(reverse("participants:detail", args=[world.mine.public_id]))
    for event in AuditEvent.objects.all():
        text = " ".join(str(getattr(event, f.name)) for f in AuditEvent._meta.fields)
        assert "Maria" not in text and "Lopez" not in text


def test_outsider_read_writes_no_view_event(world, client_for):
    client = client_for(world.users[Role.PEER_SPECIALIST])
    response = client.get(reverse("participants:detail", args=[world.stranger_case.public_id]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(object_id=str(world.stranger_case.public_id)).exists()


def test_audit_events_cannot_be_changed_or_deleted_through_the_orm(world):
    event = audit_record(
        actor=world.users[Role.ORG_ADMIN], action=Action.VIEW, object_type="participant"
    )
    event.detail = "edited"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def _three_events(world):
    admin = world.users[Role.ORG_ADMIN]
    return [
        audit_record(actor=admin, action=Action.VIEW, object_type="participant", object_id=str(i))
        for i in range(3)
    ]


def test_verify_audit_passes_on_an_intact_trail(world, capsys):
    _three_events(world)
    assert audit_verify() == []
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out


def test_verify_audit_detects_an_edited_event(world):
    events = _three_events(world)
    _tamper(
        f"UPDATE {AuditEvent._meta.db_table} SET object_id = %s WHERE id = %s",
        ["forged", events[1].pk],
    )
    problems = audit_verify()
    assert any(p.seq == events[1].seq and "hash" in p.problem for p in problems)
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("verify_audit")


def test_verify_audit_detects_a_deleted_event(world):
    events = _three_events(world)
    _tamper(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[1].pk])
    problems = audit_verify()
    assert any(p.seq == events[2].seq for p in problems)
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_chains_are_per_organisation(world):
    a = audit_record(
        actor=world.users[Role.ORG_ADMIN], action=Action.VIEW, object_type="participant"
    )
    b = audit_record(
        actor=None,
        action=Action.VIEW,
        object_type="participant",
        organisation_id=world.other_org.pk,
    )
    assert a.chain == world.org.pk and b.chain == world.other_org.pk
    assert b.seq == 1


def test_audit_page_shows_only_own_organisation(world, client_for):
    audit_record(
        actor=None,
        action=Action.VIEW,
        object_type="participant",
        object_id="other-org-id",
        organisation_id=world.other_org.pk,
    )
    audit_record(
        actor=world.users[Role.ORG_ADMIN],
        action=Action.VIEW,
        object_type="participant",
        object_id="own-id",
    )
    body = client_for(world.users[Role.ORG_ADMIN]).get(reverse("audit:list")).content.decode()
    assert "own-id" in body and "other-org-id" not in body


def test_audit_export_is_csv_and_is_itself_audited(world, client_for):
    audit_record(
        actor=world.users[Role.ORG_ADMIN],
        action=Action.VIEW,
        object_type="participant",
        object_id="x1",
    )
    response = client_for(world.users[Role.ORG_ADMIN]).get(reverse("audit:export"))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    content = b"".join(response.streaming_content).decode()
    assert content.splitlines()[0].startswith("seq,occurred_at")
    assert "x1" in content
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="audit").count() == 1
