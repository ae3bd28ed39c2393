from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "hearth.organisations"
    label = "organisations"
