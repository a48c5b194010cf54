"""When the daily notices run: NOTICES_SEND_AT (HH:MM, the site's time zone) every day."""

import datetime

from django.conf import settings
from django.utils import timezone


def send_time() -> datetime.time:
    hours, minutes = settings.NOTICES_SEND_AT.split(":")
    return datetime.time(int(hours), int(minutes))


def next_run_after(
    now: datetime.datetime, *, last_run_on: datetime.date | None
) -> datetime.datetime:
    """When today's notices have run: tomorrow's send time. Else today's if it is still
    to come, or `now` when it has passed (a worker that was down at the time catches up)."""
    local = timezone.localtime(now)
    today_at = timezone.make_aware(datetime.datetime.combine(local.date(), send_time()))
    if last_run_on != local.date():
        return max(today_at, now)
    tomorrow = local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, send_time()))
