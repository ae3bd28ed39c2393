from django.apps import AppConfig


class HelplineConfig(AppConfig):
    name = "hearth.helpline"
    label = "helpline"
