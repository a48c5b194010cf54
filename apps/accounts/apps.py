from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "apps.accounts"

    def ready(self):
        from apps.accounts.services import roles_sync_after_migrate

        post_migrate.connect(
            roles_sync_after_migrate, sender=self, dispatch_uid="accounts_roles_sync"
        )
