"""Makes sure the daily notices are queued for the task worker; safe to run any number
of times (make run, make stack, the worker's systemd unit, an hourly timer)."""

from django.core.management.base import BaseCommand, CommandError

from apps.core.templatetags.dates import moment
from apps.notices.tasks import notices_schedule_ensure


class Command(BaseCommand):
    help = "Queue the daily notices task unless a run is already waiting (idempotent)."

    def handle(self, *args, **options):
        schedule = notices_schedule_ensure()
        if schedule is None:
            raise CommandError("The task backend cannot run tasks later (TASKS_BACKEND).")
        self.stdout.write(f"Notices: next run {moment(schedule.next_run_at)}")
