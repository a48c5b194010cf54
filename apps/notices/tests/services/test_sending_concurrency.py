"""Two workers (or a worker and a manager's "send now") sending the same day's notices at
once (PostgreSQL): each user still gets one email. The second waits on the first's
unique (user, kind, day) row, then finds it and sends nothing."""

import threading

import pytest
from django.core import mail
from django.db import close_old_connections, connection

from apps.notices.models import SentNotice
from apps.notices.services.sending import notices_send_due
from apps.notices.tests.factories import make_person, make_stock_picture

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
PEOPLE = 15


def test_two_senders_at_once_send_each_notice_once():
    make_stock_picture()
    for n in range(PEOPLE):
        make_person(f"p{n}", low_stock=True)
    start = threading.Barrier(2)
    reports, errors = [], []

    def sender():
        try:
            start.wait()
            reports.append(notices_send_due())
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()

    assert not errors, errors
    assert sum(len(report.sent) for report in reports) == PEOPLE
    assert sum(report.already for report in reports) == PEOPLE
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        f"p{n}@example.com" for n in range(PEOPLE)
    )
    assert SentNotice.objects.count() == PEOPLE
