from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles_after_migrate(sender, using="default", **kwargs):
    # Apps after us in INSTALLED_APPS get their permissions later in the same
    # post_migrate round, so create them all first (idempotent).
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from apps.accounts.services import roles_sync

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    roles_sync()


class AccountsConfig(AppConfig):
    name = "apps.accounts"

    def ready(self):
        post_migrate.connect(_sync_roles_after_migrate, sender=self, dispatch_uid="accounts_roles_sync")
