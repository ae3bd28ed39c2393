from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "hearth.groups"
    label = "groups"
