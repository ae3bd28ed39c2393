from django.urls import path

from hearth.core.consumers import AlertsConsumer

websocket_urlpatterns = [path("ws/alerts/", AlertsConsumer.as_asgi())]
