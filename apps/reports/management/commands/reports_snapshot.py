"""manage.py reports_snapshot — rebuild the weekly value snapshots behind the as-of-date
stock valuation (run nightly, e.g. from a systemd timer or cron)."""

import time

from django.core.management.base import BaseCommand

from apps.reports.services import value_snapshots_build


class Command(BaseCommand):
    help = "Rebuild the weekly stock value snapshots (as-of-date valuation)."

    def handle(self, *args, **options):
        start = time.perf_counter()
        build = value_snapshots_build()
        self.stdout.write(
            f"Value snapshots {build.first_day} … {build.last_day} built "
            f"in {time.perf_counter() - start:.1f} s."
        )
