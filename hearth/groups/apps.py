from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "hearth.groups"
    label = "groups"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from hearth.groups.models import Group, GroupSession
        from hearth.groups.services.schedules import listing_changed
        from hearth.organisations.models import Programme

        # Anything the public listing shows: a new generation of its cache.
        for model in (Group, GroupSession, Programme):
            post_save.connect(listing_changed, sender=model, dispatch_uid=f"listing-{model}")
            post_delete.connect(listing_changed, sender=model, dispatch_uid=f"listing-{model}-d")
