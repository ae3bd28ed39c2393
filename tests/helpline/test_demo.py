"""The warmline demo: on shift, a queue, and the "done when" moment: the pills message
jumps to the top for the on-shift peer and the supervisor, who is alerted."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User
from hearth.helpline import selectors, services
from hearth.helpline.models import Chat, Shift
from hearth.organisations.models import Organisation
from hearth.triage import Risk
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def test_demo_queue_and_the_pills_message_jumping_it(monkeypatch):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Chat.objects.count(), Shift.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Chat.objects.count(), Shift.objects.count()) == counts  # idempotent
    org = Organisation.objects.get(slug="riverbend")
    peer = User.objects.get(email="specialist@riverbend.example")
    supervisor = User.objects.get(email="supervisor@riverbend.example")
    assert len(selectors.queue_for(peer)) == 3
    alerted = []
    monkeypatch.setattr(services, "send_alert", lambda **kw: alerted.append(kw["user_id"]))
    visitor = Client()
    visitor.post(reverse("helpline:visit", args=["riverbend"]), {"language": "en"})
    visitor.post(
        reverse("helpline:visitor_send", args=["riverbend"]),
        {"body": "I have the pills counted out, tonight is the night"},
    )
    chat = Chat.objects.filter(organisation=org).order_by("-created_at").first()
    assert chat.risk == Risk.HIGH
    for user in (peer, supervisor):
        assert selectors.queue_for(user)[0].pk == chat.pk
    assert supervisor.pk in alerted
    page = signed_in_client(peer).get(reverse("helpline:console")).content.decode()
    assert '<details class="protocol" open>' in page
