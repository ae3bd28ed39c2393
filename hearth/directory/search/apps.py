from django.apps import AppConfig


class DirectorySearchConfig(AppConfig):
    """The directory's search index: its own app so its tables and migrations are separate
    from the HSDS tables (which the directory app owns)."""

    name = "hearth.directory.search"
    label = "directory_search"
    verbose_name = "Directory search"
