"""The daily schedule on the real queue (django-tasks-db): ensuring it queues one run,
however often; a run sends and queues the next; a real worker runs it."""

import datetime
import io
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.notices.models import NoticeSchedule, SentNotice
from apps.notices.services.schedule import next_run_after
from apps.notices.tasks import notices_schedule_ensure, send_daily_notices
from apps.notices.tests.factories import make_person, make_stock_picture

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("db_queue")]


@pytest.fixture
def db_queue(settings):
    with override_settings(TASKS=DB_QUEUE, TIME_ZONE="Europe/Berlin", NOTICES_SEND_AT="07:00"):
        yield


def _queued():
    return DBTaskResult.objects.filter(
        task_path="apps.notices.tasks.send_daily_notices", status="READY"
    )


def test_next_run_is_todays_send_time_then_tomorrows():
    morning = datetime.datetime(2026, 11, 30, 6, 0, tzinfo=BERLIN)
    assert next_run_after(morning, last_run_on=None) == datetime.datetime(
        2026, 11, 30, 7, 0, tzinfo=BERLIN
    )
    # Ran early today ("send now" does not count; a run does): tomorrow.
    assert next_run_after(morning, last_run_on=datetime.date(2026, 11, 30)) == datetime.datetime(
        2026, 12, 1, 7, 0, tzinfo=BERLIN
    )
    noon = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=BERLIN)
    # Missed today (the worker was down at 07:00): now; already ran today: tomorrow.
    assert next_run_after(noon, last_run_on=datetime.date(2026, 11, 29)) == noon
    assert next_run_after(noon, last_run_on=datetime.date(2026, 11, 30)) == datetime.datetime(
        2026, 12, 1, 7, 0, tzinfo=BERLIN
    )


def test_ensuring_the_schedule_queues_one_run_however_often():
    out = io.StringIO()
    call_command("schedule_notices", stdout=out)
    call_command("schedule_notices", stdout=out)
    assert out.getvalue().count("Notices: next run") == 2
    notices_schedule_ensure()

    (queued,) = _queued()
    schedule = NoticeSchedule.objects.get()
    assert schedule.task_result_id == str(queued.id)
    assert queued.run_after == schedule.next_run_at


def test_a_run_sends_and_queues_the_next_for_tomorrow_on_a_real_worker():
    make_stock_picture()
    make_person("keen", low_stock=True)
    # Due now: today's notices have not run yet and the send time is in the past (or now).
    NoticeSchedule.objects.create(pk=1)
    with override_settings(NOTICES_SEND_AT="00:00"):
        notices_schedule_ensure()
        (first,) = _queued()
        assert first.run_after <= timezone.now()

        call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay")

    first.refresh_from_db()
    assert first.status == "SUCCESSFUL", first.traceback
    assert "1 sent" in str(first.return_value)
    assert [message.to for message in mail.outbox] == [["keen@example.com"]]
    assert SentNotice.objects.get().day == timezone.localdate()
    (following,) = _queued()
    schedule = NoticeSchedule.objects.get()
    assert schedule.task_result_id == str(following.id)
    assert schedule.last_run_on == timezone.localdate()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert timezone.localtime(following.run_after) == datetime.datetime.combine(
        tomorrow, datetime.time(0, 0), tzinfo=BERLIN
    )


def test_a_second_chain_ends_itself():
    """Two runs queued (e.g. the schedule row was restored from an old backup): the one
    the row does not name queues nothing after it."""
    # Today's notices already sent, so the named run is tomorrow's whatever the time of
    # day (after 07:00 it was due now, ran too and queued the day after: CI at 07:29).
    NoticeSchedule.objects.update_or_create(pk=1, defaults={"last_run_on": timezone.localdate()})
    notices_schedule_ensure()
    (named,) = _queued()
    assert named.run_after > timezone.now()
    stray = send_daily_notices.enqueue()  # due now
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay")

    assert DBTaskResult.objects.get(id=stray.id).status == "SUCCESSFUL"
    assert [row.id for row in _queued()] == [named.id]
