from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hearth.accounts"
    label = "accounts"

    def ready(self) -> None:
        from hearth.accounts import signals  # noqa: F401  (connects receivers)
