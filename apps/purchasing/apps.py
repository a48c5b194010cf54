from django.apps import AppConfig

# Imports nothing but django.dispatch: safe while the app registry loads.
from apps.inventory.signals import movements_reversed


class PurchasingConfig(AppConfig):
    name = "apps.purchasing"

    def ready(self):
        from apps.purchasing.services.receiving import on_movements_reversed

        # A reversed receipt reopens its order (services/receiving.py).
        movements_reversed.connect(on_movements_reversed, dispatch_uid="purchasing-receipts")
