from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "hearth.directory"
    label = "directory"
