from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CatalogConfig(AppConfig):
    name = "apps.catalog"

    def ready(self):
        from apps.catalog.services.units import units_after_migrate

        post_migrate.connect(units_after_migrate, sender=self, dispatch_uid="catalog_units")
