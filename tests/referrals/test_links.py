"""The receiving organisation's link: minimum necessary, expiry, tampering, revocation,
every use audited, and its answers through the lifecycle."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hearth.audit.models import AuditEvent
from hearth.participants.models import Participant
from hearth.referrals import services
from hearth.referrals.lifecycle import Status
from hearth.referrals.models import ReceiverLink, Referral, SharedItem
from tests.referrals.helpers import make_service, move, peer, sent, with_link


def _url(token: str) -> str:
    return reverse("referrals:receiver", kwargs={"token": token})


def _rich_participant(world) -> Participant:
    Participant.objects.filter(pk=world.mine.pk).update(
        preferred_name="Mari Lopez",
        phone="215-555-0199",
        email="maria@example.net",
        date_of_birth="1990-04-02",
        notes="Private note about relapse",
        safe_contact_notes="Never call before noon",
    )
    return Participant.objects.get(pk=world.mine.pk)


def test_receiver_sees_only_the_minimum(world):
    _rich_participant(world)
    referral = sent(world)
    _r, _link, token = with_link(world, referral)

    response = Client().get(_url(token))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Mari" in body  # first name, as agreed
    assert "Somewhere to sleep tonight" in body  # what was asked for, as agreed
    assert peer(world).email in body and peer(world).display_name in body
    for secret in ("Lopez", "215-555-0199", "maria@example.net", "1990", "relapse", "noon"):
        assert secret not in body
    assert "42 CFR part 2 prohibits unauthorized use or disclosure" in body
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"
    assert 'href="tel:988"' in body  # the crisis resources are on this page too


def test_receiver_sees_initials_and_no_request_without_that_consent(world):
    _rich_participant(world)
    referral = sent(world, shares=[])
    _r, _link, token = with_link(world, referral)

    body = Client().get(_url(token)).content.decode()

    assert "M. L." in body
    assert "Mari" not in body and "Somewhere to sleep tonight" not in body


def test_receiver_walks_the_referral_to_completion(world):
    referral, _link, token = with_link(world)
    client = Client()
    for target in (Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED):
        version = Referral.objects.get(pk=referral.pk).version
        response = client.post(_url(token), {"to_status": target, "version": version})
        assert response.status_code == 200, response.content.decode()
    stored = Referral.objects.get(pk=referral.pk)
    assert stored.status == Status.COMPLETED and stored.completed_at is not None
    sources = list(stored.events.values_list("source", flat=True))
    assert sources == ["staff", "staff", "link", "link", "link"]
    assert stored.events.filter(source="link", actor__isnull=False).count() == 0
    # The loop is closed: the link stops working.
    assert client.get(_url(token)).status_code == 410


def test_receiver_declines_with_a_reason(world):
    referral, _link, token = with_link(world)
    response = Client().post(
        _url(token),
        {"to_status": "declined", "version": referral.version, "reason": "no_capacity"},
    )
    assert response.status_code == 200
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.status, stored.status_reason) == ("declined", "no_capacity")


def test_receiver_is_refused_illegal_moves_with_a_message(world):
    referral, _link, token = with_link(world)
    client = Client()
    for target in ("cancelled", "completed", "draft", "sent", "nonsense"):
        response = client.post(_url(token), {"to_status": target, "version": referral.version})
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()
    response = client.post(_url(token), {"to_status": "declined", "version": referral.version})
    assert response.status_code == 400  # no reason
    assert Referral.objects.get(pk=referral.pk).status == Status.SENT


def test_receiver_stale_version_gets_409_and_keeps_the_note(world):
    referral, _link, token = with_link(world)
    move(world, referral, Status.ACCEPTED)
    response = Client().post(
        _url(token),
        {
            "to_status": "declined",
            "version": 2,
            "reason": "other",
            "note": "We are full until March",
        },
    )
    assert response.status_code == 409
    assert "We are full until March" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == Status.ACCEPTED


@pytest.mark.parametrize(
    "token", ["nope", "x" * 43, "x" * 500, "%00", "' OR 1=1 --", "🙂🙂", "a/b"]
)
def test_unknown_or_tampered_links_get_a_clear_page(world, token):
    with_link(world)
    response = Client().get(f"/referrals/r/{token}/")
    assert response.status_code == 404
    body = response.content.decode()
    # Our clear page where the URL reaches the view; Django's 404 page where it cannot.
    assert "could not find this referral link" in body or "/" in token or "%00" in token


def test_a_tampered_token_is_not_found(world):
    _referral, _link, token = with_link(world)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = Client().get(_url(tampered))
    assert response.status_code == 404
    assert "could not find this referral link" in response.content.decode()


def test_an_expired_link_gets_a_clear_page_and_is_audited(world):
    referral, link, token = with_link(world)
    ReceiverLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(1))
    response = Client().get(_url(token))
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert AuditEvent.objects.filter(
        object_type="referral_link", object_id=str(referral.public_id), detail="expired"
    ).exists()
    response = Client().post(_url(token), {"to_status": "accepted", "version": referral.version})
    assert response.status_code == 410
    assert Referral.objects.get(pk=referral.pk).status == Status.SENT


def test_reissuing_stops_the_old_link(world):
    referral, _old_link, old = with_link(world)
    _new_link, new = services.link_issue(actor=peer(world), referral=referral)
    assert Client().get(_url(old)).status_code == 410
    assert Client().get(_url(new)).status_code == 200
    services.link_revoke(actor=peer(world), referral=referral)
    response = Client().get(_url(new))
    assert response.status_code == 410 and "replaced or stopped" in response.content.decode()


def test_withdrawn_consent_closes_the_page(world):
    referral, _link, token = with_link(world)
    services.consent_revoke(actor=peer(world), consent=referral.consent)
    response = Client().get(_url(token))
    assert response.status_code == 410


def test_every_use_is_audited_and_counted(world):
    referral, link, token = with_link(world)
    client = Client()
    client.get(_url(token))
    client.get(_url(token))
    client.post(_url(token), {"to_status": "accepted", "version": referral.version})
    link.refresh_from_db()
    assert link.uses == 3
    opened = AuditEvent.objects.filter(
        object_type="referral_link", object_id=str(referral.public_id), action="view"
    )
    assert opened.count() == 3
    assert opened.filter(actor_id__isnull=True).count() == 3
    assert AuditEvent.objects.filter(
        object_type="referral_link", action="status", detail="sent>accepted"
    ).exists()


def test_only_the_token_hash_is_stored(world):
    _referral, link, token = with_link(world)
    assert token not in link.token_hash
    assert not ReceiverLink.objects.filter(token_hash=token).exists()


def test_a_link_needs_a_sent_referral(world):
    from django.core.exceptions import ValidationError

    from tests.referrals.helpers import draft

    with pytest.raises(ValidationError):
        services.link_issue(actor=peer(world), referral=draft(world, make_service()))


def test_links_last_the_configured_days(world, settings):
    settings.HEARTH_REFERRAL_LINK_DAYS = 3
    _referral, link, _token = with_link(world)
    assert timedelta(days=3) - (link.expires_at - timezone.now()) < timedelta(minutes=1)


def test_shared_item_labels_are_translatable():
    assert SharedItem.FIRST_NAME.label
