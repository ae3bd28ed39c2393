from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "hearth.triage"
    label = "triage"
