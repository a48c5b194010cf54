"""The daily notices: the digest lists exactly the parts below their reorder point, to
those who asked (in their categories), once a day; overdue orders go to purchasers."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail

from apps.catalog.selectors.parts import PartFilters, part_matches
from apps.catalog.tests.factories import make_location
from apps.notices.models import NoticeKind, SentNotice
from apps.notices.services.sending import notices_send_due
from apps.notices.tests.factories import make_order_expected, make_person, make_stock_picture
from apps.purchasing.services.receiving import Receipt, purchase_order_receive

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 30)


def _skus(message) -> set[str]:
    return set(re.findall(r"^([A-Z]+-[A-Z]+)  ", message.body, flags=re.M))


def _by_recipient() -> dict:
    return {message.to[0]: message for message in mail.outbox}


def test_the_digest_lists_exactly_the_parts_below_reorder_point_to_who_asked():
    stock = make_stock_picture()
    make_person("all", low_stock=True)
    make_person("resistors", low_stock=True, categories=[stock["resistors"]])
    make_person("electronics", low_stock=True, categories=[stock["electronics"]])
    make_person(
        "tools_and_resistors", low_stock=True, categories=[stock["tools"], stock["resistors"]]
    )
    make_person("not_asked")  # no preference at all
    make_person("turned_off", low_stock=False, overdue_orders=False)
    make_person("no_address", email="", low_stock=True)
    inactive = make_person("gone", low_stock=True)
    inactive.is_active = False
    inactive.save()

    report = notices_send_due(day=TODAY)

    sent = _by_recipient()
    assert set(sent) == {
        "all@example.com",
        "resistors@example.com",
        "electronics@example.com",
        "tools_and_resistors@example.com",
    }
    # The same definition as the parts list's "below reorder point" filter.
    below = set(part_matches(PartFilters(below_reorder=True)).values_list("sku", flat=True))
    assert below == {"R-LOW", "T-LOW", "E-LOW"}
    assert _skus(sent["all@example.com"]) == below
    assert _skus(sent["resistors@example.com"]) == {"R-LOW"}
    assert _skus(sent["electronics@example.com"]) == {"R-LOW", "E-LOW"}  # subcategories too
    assert _skus(sent["tools_and_resistors@example.com"]) == {"R-LOW", "T-LOW"}
    assert len(report.sent) == 4 and report.failed == 0
    assert SentNotice.objects.filter(kind=NoticeKind.LOW_STOCK, day=TODAY).count() == 4


def test_the_digest_shows_on_hand_reorder_point_on_order_links_and_both_parts(settings):
    site = settings.SITE_URL
    stock = make_stock_picture()
    buyer = make_person("buyer", role="purchaser", low_stock=True, categories=[stock["resistors"]])
    make_order_expected(buyer, stock["R-LOW"], TODAY + datetime.timedelta(days=3), quantity=7)

    notices_send_due(day=TODAY, kinds=[NoticeKind.LOW_STOCK])

    (message,) = mail.outbox
    assert message.subject == "Low stock: 1 part below reorder point"
    assert "on hand 2 pcs · reorder point 10 · on order 7" in message.body
    assert f"{site}/parts/{stock['R-LOW'].pk}/" in message.body
    assert "/notices/unsubscribe/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{site}/parts/{stock["R-LOW"].pk}/"' in html
    assert "/notices/unsubscribe/" in html
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{site}/notices/unsubscribe/")


def test_nothing_below_reorder_point_sends_nothing():
    stock = make_stock_picture()
    make_person("tools", low_stock=True, categories=[stock["tools"]])
    stock["T-LOW"].quantity_on_hand = 9
    stock["T-LOW"].save()

    report = notices_send_due(day=TODAY)

    assert mail.outbox == [] and report.nothing_to_say == 1
    assert not SentNotice.objects.exists()


def test_a_digest_is_sent_once_a_day_however_often_it_runs():
    make_stock_picture()
    make_person("keen", low_stock=True)

    notices_send_due(day=TODAY)
    again = notices_send_due(day=TODAY)
    notices_send_due(day=TODAY, kinds=[NoticeKind.LOW_STOCK])

    assert len(mail.outbox) == 1 and again.already == 1 and not again.sent
    notices_send_due(day=TODAY + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_a_failed_send_is_not_recorded_and_goes_on_the_next_run(settings):
    make_stock_picture()
    make_person("keen", low_stock=True)
    settings.MAILERS = {"default": {"BACKEND": "apps.notices.tests.broken_mail.BrokenBackend"}}

    report = notices_send_due(day=TODAY)

    assert report.failed == 1 and not SentNotice.objects.exists()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert len(notices_send_due(day=TODAY).sent) == 1


def test_overdue_orders_go_to_purchasers_who_asked_and_list_only_late_open_orders():
    stock = make_stock_picture()
    buyer = make_person("buyer", role="purchaser", overdue_orders=True)
    make_person("boss", role="manager", overdue_orders=True)
    make_person("viewer", role="viewer", overdue_orders=True)  # may not buy: nothing
    make_person("clerk", role="clerk", overdue_orders=True)
    make_person("quiet_buyer", role="purchaser")
    late = make_order_expected(buyer, stock["R-LOW"], TODAY - datetime.timedelta(days=2))
    on_time = make_order_expected(buyer, stock["T-LOW"], TODAY)
    received = make_order_expected(buyer, stock["E-LOW"], TODAY - datetime.timedelta(days=9))
    shelf = make_location("SHELF")
    line = received.lines.get()
    purchase_order_receive(
        order=received,
        user=buyer,
        receipts=[Receipt(line=line, quantity=line.quantity, location=shelf)],
    )
    partly = make_order_expected(
        buyer, stock["R-OK"], TODAY - datetime.timedelta(days=1), quantity=4
    )
    line = partly.lines.get()
    purchase_order_receive(
        order=partly, user=buyer, receipts=[Receipt(line=line, quantity=Decimal(1), location=shelf)]
    )

    notices_send_due(day=TODAY, kinds=[NoticeKind.OVERDUE_ORDERS])

    sent = _by_recipient()
    assert set(sent) == {"buyer@example.com", "boss@example.com"}
    body = sent["buyer@example.com"].body
    assert late.number in body and partly.number in body
    assert on_time.number not in body and received.number not in body
    assert "(2 days late)" in body and "(1 day late)" in body
    assert sent["buyer@example.com"].subject == "Overdue: 2 purchase orders late"
