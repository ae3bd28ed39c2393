from django.apps import AppConfig


class EncountersConfig(AppConfig):
    name = "hearth.encounters"
    label = "encounters"
