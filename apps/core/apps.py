from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "apps.core"

    def ready(self):
        from apps.core import checks  # noqa: F401 - registers the deploy checks
        from apps.core.response_cache import install_change_triggers_after_migrate

        # After every migrate, every table (new ones too) bumps the data version on write.
        post_migrate.connect(
            install_change_triggers_after_migrate, sender=self, dispatch_uid="core_change_triggers"
        )
