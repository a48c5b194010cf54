"""Sends today's notices now, in this process (what the worker's daily run does); each
notice still goes at most once per user and day."""

from django.core.management.base import BaseCommand

from apps.notices.services.sending import notices_send_due


class Command(BaseCommand):
    help = "Send today's low-stock and overdue-order notices that were not sent yet."

    def handle(self, *args, **options):
        report = notices_send_due()
        for line in report.sent:
            self.stdout.write(f"sent {line}")
        self.stdout.write(report.summary)
