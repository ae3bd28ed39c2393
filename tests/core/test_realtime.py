from __future__ import annotations

import os

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing.websocket import WebsocketCommunicator

from hearth.accounts.middleware import MFA_OK_KEY
from hearth.core.consumers import user_group
from hearth.core.policy import Role
from hearth.core.realtime import send_alert
from hearth.core.routing import websocket_urlpatterns
from tests.asyncio_helpers import run_async

app = URLRouter(websocket_urlpatterns)


async def _connect(user, *, two_step=True):
    communicator = WebsocketCommunicator(app, "/ws/alerts/")
    communicator.scope["user"] = user
    communicator.scope["session"] = {MFA_OK_KEY: True} if two_step else {}
    connected, code = await communicator.connect()
    return communicator, connected, code


@pytest.mark.django_db(transaction=True)
def test_staff_receive_alerts_after_commit(world):

    specialist = world.users[Role.PEER_SPECIALIST]

    async def scenario():
        communicator, connected, _ = await _connect(specialist)
        assert connected
        await sync_to_async(send_alert)(
            user_id=specialist.pk, message="A new referral is waiting", url="/home/"
        )
        message = await communicator.receive_json_from(timeout=2)
        assert message == {"level": "info", "message": "A new referral is waiting", "url": "/home/"}
        await communicator.disconnect()

    run_async(scenario())


@pytest.mark.django_db(transaction=True)
def test_non_staff_cannot_open_the_alerts_socket(world):

    async def scenario():
        for role in (Role.PARTICIPANT, Role.COMMUNITY_MEMBER):
            communicator, connected, code = await _connect(world.users[role])
            assert not connected and code == 4403
        from django.contrib.auth.models import AnonymousUser

        communicator, connected, _ = await _connect(AnonymousUser())
        assert not connected

    run_async(scenario())


@pytest.mark.django_db(transaction=True)
def test_staff_not_past_two_step_sign_in_get_no_alerts(world):

    async def scenario():
        communicator, connected, code = await _connect(
            world.users[Role.PEER_SUPERVISOR], two_step=False
        )
        assert not connected and code == 4403

    run_async(scenario())


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="Redis channel layer runs when REDIS_URL is set"
)
def test_redis_channel_layer_round_trip(settings):

    from channels.layers import channel_layers

    from config import settings as project

    # The layer the project configures when REDIS_URL is set (the tests' default is in memory).
    assert project.CHANNEL_LAYERS["default"]["BACKEND"].startswith("channels_redis.")
    settings.CHANNEL_LAYERS = project.CHANNEL_LAYERS
    channel_layers.backends.clear()

    async def scenario():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add(user_group(1), channel)
        await layer.group_send(user_group(1), {"type": "alert", "message": "hi"})
        assert (await layer.receive(channel))["message"] == "hi"
        await layer.group_discard(user_group(1), channel)
        await layer.flush()

    try:
        run_async(scenario())
    finally:
        channel_layers.backends.clear()
