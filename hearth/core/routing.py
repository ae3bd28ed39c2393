from django.urls import path

from hearth.core.consumers import AlertsConsumer

websocket_urlpatterns = [path("ws/alerts/", AlertsConsumer.as_asgi())]

# Warmline chats and the peer console's queue (hearth/helpline/consumers.py).
from hearth.helpline.consumers import ChatConsumer, QueueConsumer  # noqa: E402

websocket_urlpatterns += [
    path("ws/helpline/chat/<uuid:public_id>/", ChatConsumer.as_asgi()),
    path("ws/helpline/queue/", QueueConsumer.as_asgi()),
]
