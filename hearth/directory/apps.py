from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _directory_changed(sender, using="default", **kwargs):
    from hearth.directory.search.admitted import bump

    bump(using)


class DirectoryConfig(AppConfig):
    name = "hearth.directory"
    label = "directory"

    def ready(self):
        # Every ORM write to a directory record changes the data version, so search's
        # per-filter caches (hearth.directory.search.admitted) are never served stale.
        from hearth.directory.models import HSDSModel

        for model in self.get_models():
            if not issubclass(model, HSDSModel):  # saved lists, corrections: not searched
                continue
            post_save.connect(_directory_changed, sender=model, dispatch_uid=f"dir-{model}")
            post_delete.connect(_directory_changed, sender=model, dispatch_uid=f"dir-del-{model}")
