from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "hearth.plans"
    label = "plans"
