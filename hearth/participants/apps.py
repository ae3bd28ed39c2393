from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "hearth.participants"
    label = "participants"
