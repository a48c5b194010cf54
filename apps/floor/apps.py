from django.apps import AppConfig

from apps.inventory.scan_targets import scan_target_register


class FloorConfig(AppConfig):
    name = "apps.floor"
    verbose_name = "On the floor"

    def ready(self):
        from apps.floor.views.screens import floor_url_for_scan

        # The scan endpoint sends `to=floor` scans here (apps/inventory/scan_targets.py).
        scan_target_register("floor", floor_url_for_scan)
