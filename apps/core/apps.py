from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_change_triggers(sender, using="default", **kwargs):
    from apps.core.response_cache import install_change_triggers

    install_change_triggers(using)


class CoreConfig(AppConfig):
    name = 'apps.core'

    def ready(self):
        # After every migrate, every table (new ones too) bumps the data version on write.
        post_migrate.connect(_install_change_triggers, sender=self, dispatch_uid="core_change_triggers")
