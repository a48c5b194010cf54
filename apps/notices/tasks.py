"""The background work of notices, for django.tasks (django-tasks-db's worker runs it:
`manage.py db_worker`).

Django's tasks have no cron: `send_daily_notices` sends what is due, then queues itself
for the next send time (`run_after`). `notices_schedule_ensure` (manage.py
schedule_notices: `make run`, `make stack`, the worker's systemd unit and an hourly
timer) queues it when no run is waiting, and never a second one: the schedule's one row
(NoticeSchedule, locked) names the queued run. A run that finds the row naming another
waiting run stops its own chain. Sending itself is once per user, kind and day whatever
runs (apps/notices/services/sending.py)."""

import logging

from django.db import IntegrityError, transaction
from django.tasks import TaskResultStatus, task
from django.tasks.exceptions import InvalidTask, TaskResultDoesNotExist
from django.utils import timezone

from apps.notices.models import NoticeSchedule
from apps.notices.services.schedule import next_run_after
from apps.notices.services.sending import notices_send_due

log = logging.getLogger(__name__)
PENDING = (TaskResultStatus.READY, TaskResultStatus.RUNNING)


@task(takes_context=True)
def send_daily_notices(context) -> str:
    """Today's notices, then the next run queued (even when sending failed)."""
    own_id = str(context.task_result.id)
    try:
        with transaction.atomic():
            schedule = _locked_schedule()
            schedule.last_run_on = timezone.localdate()
            schedule.save(update_fields=["last_run_on"])
        report = notices_send_due()
    finally:
        notices_schedule_ensure(running_id=own_id)
    return report.summary


@task()
def send_notices_now() -> str:
    """A manager's "send now": what is due today and not sent yet (no rescheduling)."""
    return notices_send_due().summary


def _locked_schedule() -> NoticeSchedule:
    try:
        with transaction.atomic():
            NoticeSchedule.objects.get_or_create(pk=1)
    except IntegrityError:
        pass  # created by someone else at the same moment
    return NoticeSchedule.objects.select_for_update().get(pk=1)


def _is_pending(result_id: str) -> bool:
    if not result_id:
        return False
    try:
        result = send_daily_notices.get_result(result_id)
    except (TaskResultDoesNotExist, NotImplementedError):
        return False
    return result.status in PENDING


def notices_schedule_ensure(*, running_id: str | None = None) -> NoticeSchedule | None:
    """Queues the next daily run unless one is waiting; the schedule row, or None when
    the task backend cannot run tasks later (the immediate backend of the tests)."""
    with transaction.atomic():
        schedule = _locked_schedule()
        queued = schedule.task_result_id
        if queued and queued != running_id and _is_pending(queued):
            if running_id is not None:
                log.info(
                    "notices: another run is queued; this chain ends", extra={"queued": queued}
                )
            return schedule
        run_at = next_run_after(timezone.now(), last_run_on=schedule.last_run_on)
        try:
            result = send_daily_notices.using(run_after=run_at).enqueue()
        except InvalidTask:
            log.warning("notices: the task backend cannot defer tasks; nothing scheduled")
            return None
        schedule.task_result_id = str(result.id)
        schedule.next_run_at = run_at
        schedule.save(update_fields=["task_result_id", "next_run_at"])
    return schedule
