"""Sending the notices of a day: each once per user, kind and day.

The send decision and the record of it are one transaction: the SentNotice row
(unique per user, kind and day) is inserted first, the email sent, then the transaction
commits. A second worker, timer or "send now" on the same day waits on that unique row
and then finds it there: it sends nothing. A failed send rolls the row back, so the
next run tries again."""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from apps.notices import selectors
from apps.notices.models import NoticeKind, SentNotice
from apps.notices.services.preferences import unsubscribe_token

log = logging.getLogger(__name__)


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)  # "kind to address"
    already: int = 0  # sent earlier today
    nothing_to_say: int = 0  # opted in, but nothing below reorder point / overdue
    failed: int = 0

    @property
    def summary(self) -> str:
        return (
            f"{len(self.sent)} sent, {self.already} already sent today, "
            f"{self.nothing_to_say} with nothing to report, {self.failed} failed"
        )


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@dataclass
class Message:
    subject: str
    text: str
    html: str
    item_count: int


def low_stock_message(user, *, day: date, categories=None) -> Message | None:
    """The digest for `user` (their categories unless given), or None when no part is
    below its reorder point."""
    if categories is None:
        categories = list(user.notice_preference.categories.all())
    parts = list(selectors.low_stock_parts(categories)[: selectors.DIGEST_LIMIT + 1])
    if not parts:
        return None
    more = len(parts) > selectors.DIGEST_LIMIT
    parts = parts[: selectors.DIGEST_LIMIT]
    rows = [
        {"part": part, "url": _absolute(reverse("catalog:part_detail", args=[part.pk]))}
        for part in parts
    ]
    count = f"{len(parts)}{'+' if more else ''}"
    subject = f"Low stock: {count} part{'s' if len(parts) != 1 else ''} below reorder point"
    return _message(
        "low_stock",
        subject,
        len(parts),
        user,
        day,
        rows=rows,
        more=more,
        categories=categories,
        list_url=_absolute(reverse("catalog:part_list") + "?below=on"),
        reorder_url=_absolute(reverse("purchasing:purchase_order_reorder")),
    )


def overdue_message(user, *, day: date) -> Message | None:
    orders = list(selectors.overdue_orders(day)[: selectors.DIGEST_LIMIT])
    if not orders:
        return None
    rows = [
        {
            "order": order,
            "days_late": (day - order.expected_date).days,
            "url": _absolute(order.get_absolute_url()),
        }
        for order in orders
    ]
    subject = f"Overdue: {len(orders)} purchase order{'s' if len(orders) != 1 else ''} late"
    return _message(
        "overdue_orders",
        subject,
        len(orders),
        user,
        day,
        rows=rows,
        list_url=_absolute(reverse("purchasing:purchase_order_list") + "?status=open"),
    )


def _message(template: str, subject: str, count: int, user, day: date, **context) -> Message:
    context |= {
        "user": user,
        "day": day,
        "subject": subject,
        "site_url": settings.SITE_URL,
        "notices_url": _absolute(reverse("notices:notice_list")),
        "unsubscribe_url": unsubscribe_url(user),
    }
    return Message(
        subject=subject,
        text=render_to_string(f"notices/email/{template}.txt", context),
        html=render_to_string(f"notices/email/{template}.html", context),
        item_count=count,
    )


def unsubscribe_url(user) -> str:
    return _absolute(reverse("notices:unsubscribe", args=[unsubscribe_token(user)]))


BUILDERS = {
    NoticeKind.LOW_STOCK: (selectors.low_stock_recipients, low_stock_message),
    NoticeKind.OVERDUE_ORDERS: (selectors.overdue_recipients, overdue_message),
}


def notice_send_once(*, user, kind: str, day: date, message: Message) -> bool:
    """Sends `message` unless this kind was already sent to the user for `day`; True when
    sent. Raises what the mail backend raises (nothing is recorded then)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = SentNotice.objects.create(
                    user=user,
                    kind=kind,
                    day=day,
                    email=user.email,
                    subject=message.subject[:200],
                    item_count=message.item_count,
                )
        except IntegrityError:
            return False
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            headers={"List-Unsubscribe": f"<{unsubscribe_url(user)}>"},
        )
        email.attach_alternative(message.html, "text/html")
        email.send()
        log.info("notice sent", extra={"kind": kind, "user_id": user.pk, "notice_id": record.pk})
    return True


def notices_send_due(*, day: date | None = None, kinds=tuple(NoticeKind)) -> SendReport:
    """Sends the notices of `day` (today in the site's time zone) to everyone who asked
    and has not had them yet; one failing address does not stop the others."""
    day = day or timezone.localdate()
    report = SendReport()
    for kind in kinds:
        recipients, build = BUILDERS[NoticeKind(kind)]
        for user in recipients():
            if SentNotice.objects.filter(user=user, kind=kind, day=day).exists():
                report.already += 1
                continue
            message = build(user, day=day)
            if message is None:
                report.nothing_to_say += 1
                continue
            try:
                sent = notice_send_once(user=user, kind=kind, day=day, message=message)
            except Exception:  # a bad address or a mail server hiccup
                log.exception("notice not sent", extra={"kind": kind, "user_id": user.pk})
                report.failed += 1
                continue
            if sent:
                report.sent.append(f"{kind} to {user.email}")
            else:
                report.already += 1
    return report
