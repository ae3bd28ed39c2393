"""Referral pages through the test client: scope (404 outside it), audit, the service
picker and ?service=, 409s that keep what was typed, and flat query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from hearth.audit.models import AuditEvent
from hearth.core.policy import Role
from hearth.referrals.lifecycle import Status
from hearth.referrals.models import Referral, SharingConsent
from tests.factories import ParticipantFactory, assign
from tests.referrals.helpers import consent, draft, make_service, move, peer, sent


def _client(client_for, world, role=Role.PEER_SPECIALIST):
    return client_for(world.users[role])


def test_create_accepts_service_from_the_directory_view(world, client_for):
    service = make_service("Community food pantry", term="Food")
    client = _client(client_for, world)
    url = reverse("referrals:create", kwargs={"pk": world.mine.public_id})

    page = client.get(url, {"service": service.pk})
    assert page.status_code == 200
    assert "Community food pantry" in page.content.decode()

    response = client.post(
        url,
        {
            "service": service.pk,
            "reason": "Food until payday",
            "priority": "urgent",
            "category": "term-food",
        },
    )
    referral = Referral.objects.get(participant=world.mine)
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", kwargs={"pk": referral.public_id})
    assert (referral.status, referral.priority, referral.category_name) == (
        "draft",
        "urgent",
        "Food",
    )


def test_create_with_bad_input_keeps_it_and_explains(world, client_for):
    service = make_service()
    url = reverse("referrals:create", kwargs={"pk": world.mine.public_id})
    response = _client(client_for, world).post(
        url, {"service": service.pk, "reason": "", "priority": "yesterday", "notes": "keep me"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "keep me" in body and 'role="alert"' in body
    assert not Referral.objects.exists()


def test_create_with_an_unknown_service_shows_the_picker(world, client_for):
    url = reverse("referrals:create", kwargs={"pk": world.mine.public_id})
    response = _client(client_for, world).get(url, {"service": "no-such-service"})
    assert response.status_code == 200
    assert "not in the directory" in response.content.decode()


def test_service_picker_searches_by_name(world, client_for):
    make_service("Emergency shelter beds")
    make_service("Community food pantry")
    url = reverse("referrals:create", kwargs={"pk": world.mine.public_id})
    client = _client(client_for, world)
    response = client.get(url, {"q": "PANTRY"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Community food pantry" in body and "shelter" not in body
    assert "<html" not in body  # an htmx fragment
    for odd in ("", "🙂", "' OR 1=1 --", "x" * 5000):
        assert client.get(url, {"q": odd}).status_code == 200


def test_outsiders_get_404_on_every_referral_page(world, client_for):
    referral = sent(world)
    stranger = ParticipantFactory(organisation=world.org)
    other_peer = world.users[Role.PEER_SUPERVISOR].__class__.objects.create(
        email="elsewhere@example.org", organisation=world.org, role=Role.PEER_SPECIALIST
    )
    assign(stranger, other_peer)
    client = client_for(other_peer)
    pk = {"pk": referral.public_id}
    for name in ("referrals:detail", "referrals:edit", "referrals:outcome"):
        assert client.get(reverse(name, kwargs=pk)).status_code == 404, name
    for name in ("referrals:transition", "referrals:link_issue", "referrals:link_revoke"):
        assert client.post(reverse(name, kwargs=pk)).status_code == 404, name
    participant = {"pk": world.mine.public_id}
    assert client.get(reverse("referrals:participant", kwargs=participant)).status_code == 404
    assert client.get(reverse("referrals:create", kwargs=participant)).status_code == 404
    revoke = reverse("referrals:consent_revoke", kwargs={"pk": referral.consent.public_id})
    assert client.post(revoke).status_code == 404
    assert SharingConsent.objects.get(pk=referral.consent.pk).revoked_at is None


def test_another_organisation_gets_404(world, client_for):
    referral = draft(world)
    harbor_admin = world.users[Role.ORG_ADMIN].__class__.objects.create(
        email="admin@harbor.test", organisation=world.other_org, role=Role.ORG_ADMIN
    )
    response = client_for(harbor_admin).get(
        reverse("referrals:detail", kwargs={"pk": referral.public_id})
    )
    assert response.status_code == 404


def test_detail_is_audited_and_shows_the_timeline(world, client_for):
    referral = sent(world)
    move(world, referral, Status.DECLINED, reason="no_capacity")
    response = _client(client_for, world).get(
        reverse("referrals:detail", kwargs={"pk": referral.public_id})
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "No space or waiting list full" in body
    assert body.count("<li><strong>") >= 3  # draft, sent, declined
    event = AuditEvent.objects.filter(object_type="referral", action="view").last()
    assert event.object_id == str(referral.public_id)
    assert world.mine.name not in event.detail


def test_transition_from_the_page(world, client_for):
    service = make_service()
    consent(world, service)
    referral = draft(world, service)
    client = _client(client_for, world)
    url = reverse("referrals:transition", kwargs={"pk": referral.public_id})
    response = client.post(url, {"to_status": "sent", "version": referral.version})
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == "sent"


def test_illegal_transition_from_the_page_explains(world, client_for):
    referral = draft(world)
    url = reverse("referrals:transition", kwargs={"pk": referral.public_id})
    response = _client(client_for, world).post(
        url, {"to_status": "completed", "version": referral.version}
    )
    assert response.status_code == 400
    assert "cannot become" in response.content.decode()
    response = _client(client_for, world).post(
        url, {"to_status": "sent", "version": referral.version}
    )
    assert response.status_code == 400
    assert "consent" in response.content.decode()


def test_stale_transition_is_409_and_keeps_the_note(world, client_for):
    referral = sent(world)
    version = referral.version
    move(world, referral, Status.ACCEPTED)
    url = reverse("referrals:transition", kwargs={"pk": referral.public_id})
    response = _client(client_for, world).post(
        url, {"to_status": "declined", "version": version, "reason": "other", "note": "Full up"}
    )
    assert response.status_code == 409
    assert "Full up" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == Status.ACCEPTED


def test_stale_edit_is_409_and_keeps_what_was_typed(world, client_for):
    referral = draft(world)
    url = reverse("referrals:edit", kwargs={"pk": referral.public_id})
    client = _client(client_for, world)
    client.post(url, {"reason": "First", "priority": "routine", "version": referral.version})
    response = client.post(
        url, {"reason": "Second, typed on another tab", "priority": "urgent", "version": 1}
    )
    assert response.status_code == 409
    assert "Second, typed on another tab" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).reason == "First"


def test_outcome_from_the_page_clears_the_follow_up(world, client_for):
    referral = sent(world)
    url = reverse("referrals:outcome", kwargs={"pk": referral.public_id})
    response = _client(client_for, world).post(
        url, {"got_service": "yes", "helpful": "yes", "note": "", "version": referral.version}
    )
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).follow_up.cleared_at is not None


def test_link_issue_shows_the_link_once(world, client_for):
    referral = sent(world)
    response = _client(client_for, world).post(
        reverse("referrals:link_issue", kwargs={"pk": referral.public_id})
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "/referrals/r/" in body


def test_consent_form_records_and_returns_to_the_referral(world, client_for):
    referral = draft(world)
    url = reverse("referrals:consent_create", kwargs={"pk": world.mine.public_id})
    query = f"?organization={referral.organization_id_hsds}&referral={referral.public_id}"
    client = _client(client_for, world)
    assert client.get(url + query).status_code == 200
    response = client.post(
        url + query,
        {
            "shares": ["first_name"],
            "purpose": "To get them a bed",
            "method": "paper",
            "given_on": "2000-01-01",
            "expires_on": "2099-01-01",
            "told_can_revoke": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/referrals/{referral.public_id}/")
    given = SharingConsent.objects.get()
    assert (given.shares, given.method, given.recorded_by) == (["first_name"], "paper", peer(world))


def test_consent_form_refuses_missing_revocation_notice(world, client_for):
    referral = draft(world)
    url = reverse("referrals:consent_create", kwargs={"pk": world.mine.public_id})
    response = _client(client_for, world).post(
        url + f"?organization={referral.organization_id_hsds}",
        {"purpose": "x", "method": "paper", "given_on": "2000-01-01", "expires_on": "1999-01-01"},
    )
    assert response.status_code == 400
    assert not SharingConsent.objects.exists()


def _count_queries(client, url) -> int:
    client.get(url)  # the first request of a session does one-off work (session, last login)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_participant_referrals_page_queries_stay_flat(world, client_for):
    client = _client(client_for, world)
    url = reverse("referrals:participant", kwargs={"pk": world.mine.public_id})
    sent(world)
    few = _count_queries(client, url)
    for _ in range(6):
        sent(world)
    assert _count_queries(client, url) == few


def test_follow_ups_page_queries_stay_flat(world, client_for):
    client = _client(client_for, world)
    url = reverse("referrals:follow_ups")
    sent(world)
    few = _count_queries(client, url)
    for _ in range(6):
        sent(world, participant=world.own_record)
    assert _count_queries(client, url) == few


def test_reports_queries_stay_flat_and_figures_are_right(world, client_for):
    client = _client(client_for, world, Role.ORG_ADMIN)
    shelter = make_service("Emergency shelter beds")
    referral = sent(world, shelter)
    few = _count_queries(client, reverse("referrals:reports"))
    for _ in range(5):
        done = sent(world, shelter)
        move(world, done, Status.ACCEPTED)
        move(world, done, Status.COMPLETED)
    move(world, referral, Status.DECLINED, reason="no_capacity")
    url = reverse("referrals:reports")
    assert _count_queries(client, url) == few
    body = client.get(url).content.decode()
    assert "Emergency shelter beds" in body and "83 %" in body  # 5 of 6 closed
    body = client.get(url, {"by": "category"}).content.decode()
    assert "Housing" in body
    assert _count_queries(client, url + "?by=category") == few


def test_home_shows_the_peers_due_follow_ups(world, client_for):
    from datetime import timedelta

    from django.utils import timezone

    from hearth.referrals.models import FollowUp

    referral = sent(world)
    client = _client(client_for, world)
    home = reverse("core:staff_home")
    assert "Follow up with" not in client.get(home).content.decode()
    FollowUp.objects.filter(referral=referral).update(due_at=timezone.now() - timedelta(hours=1))
    body = client.get(home).content.decode()
    assert f"Follow up with {world.mine.display_name} about {referral.service_name}" in body
    move(world, referral, Status.CANCELLED)
    assert "Follow up with" not in client.get(home).content.decode()


def test_participant_record_shows_the_referrals_card(world, client_for):
    referral = draft(world)
    body = (
        _client(client_for, world)
        .get(reverse("participants:detail", kwargs={"pk": world.mine.public_id}))
        .content.decode()
    )
    assert referral.service_name in body


@pytest.mark.parametrize("name", ["referrals:follow_ups", "referrals:reports"])
def test_pages_render_in_spanish(world, client_for, name):
    client = _client(client_for, world, Role.PEER_SUPERVISOR)
    client.cookies["django_language"] = "es"
    with translation.override("es"):
        body = client.get(reverse(name)).content.decode()
    assert 'lang="es"' in body


@pytest.mark.parametrize("name", ["referrals:detail", "referrals:edit", "referrals:outcome"])
def test_every_page_showing_a_referral_is_audited(world, client_for, name):
    referral = sent(world)
    before = AuditEvent.objects.filter(object_type="referral", action="view").count()
    response = _client(client_for, world).get(reverse(name, kwargs={"pk": referral.public_id}))
    assert response.status_code == 200
    views = AuditEvent.objects.filter(object_type="referral", action="view")
    assert views.count() == before + 1
    assert views.last().object_id == str(referral.public_id)


def test_lists_are_audited_with_counts_only(world, client_for):
    sent(world)
    _client(client_for, world).get(
        reverse("referrals:participant", kwargs={"pk": world.mine.public_id})
    )
    event = AuditEvent.objects.filter(object_type="referral", action="list").last()
    assert event.detail == "rows=1"


def test_link_can_be_emailed_to_the_provider(world, client_for, django_capture_on_commit_callbacks):
    from django.core import mail

    from hearth.directory.models import Organization

    referral = sent(world)
    Organization.objects.filter(pk=referral.organization_id_hsds).update(
        email="intake@provider.example"
    )
    client = _client(client_for, world)
    detail = client.get(reverse("referrals:detail", kwargs={"pk": referral.public_id}))
    assert "intake@provider.example" in detail.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("referrals:link_issue", kwargs={"pk": referral.public_id}), {"email": "1"}
        )
    assert "emailed to intake@provider.example" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["intake@provider.example"]
    assert "/referrals/r/" in message.body
    assert world.mine.name.split()[0] not in message.body
    assert AuditEvent.objects.filter(object_type="referral_link", detail="emailed").exists()
