from django.urls import path

from hearth.helpline import console_views, visitor_views

app_name = "helpline"
urlpatterns = [
    # The visitor (public, anonymous)
    path("talk/<slug:org>/", visitor_views.visit, name="visit"),
    path("talk/<slug:org>/chat/", visitor_views.visitor_chat, name="visitor_chat"),
    path("talk/<slug:org>/chat/messages/", visitor_views.visitor_messages, name="visitor_messages"),
    path("talk/<slug:org>/chat/send/", visitor_views.visitor_send, name="visitor_send"),
    path("talk/<slug:org>/chat/leave/", visitor_views.visitor_leave, name="visitor_leave"),
    path("talk/<slug:org>/chat/feedback/", visitor_views.visitor_feedback, name="visitor_feedback"),
    # The peer console
    path("console/", console_views.console, name="console"),
    path("console/queue/", console_views.queue, name="queue"),
    path("chats/<uuid:public_id>/", console_views.chat, name="chat"),
    path("chats/<uuid:public_id>/messages/", console_views.chat_messages, name="chat_messages"),
    path("chats/<uuid:public_id>/send/", console_views.chat_send, name="chat_send"),
    path("chats/<uuid:public_id>/pick-up/", console_views.pick_up, name="pick_up"),
    path("chats/<uuid:public_id>/transfer/", console_views.transfer, name="transfer"),
    path("chats/<uuid:public_id>/take-over/", console_views.take_over, name="take_over"),
    path("chats/<uuid:public_id>/end/", console_views.end, name="end"),
    path("shifts/", console_views.shifts, name="shifts"),
]
