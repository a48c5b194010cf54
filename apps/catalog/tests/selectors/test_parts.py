"""Figures of a part the catalog reads through its relations to the apps above it
(selectors/parts.py): what is on order, what is available."""

import datetime
from decimal import Decimal

from apps.catalog.models import Part
from apps.catalog.selectors.parts import OPEN_ORDER_STATUSES, with_figures, with_on_order
from apps.catalog.tests.factories import make_location, make_part, put_on_order, put_stock


def on_order(part) -> Decimal:
    return with_on_order(Part.objects.filter(pk=part.pk)).get().on_order


def test_on_order_is_what_open_orders_still_bring(db):
    part = make_part("A-1")
    assert on_order(part) == 0
    put_on_order(part, 10, received=4, status="partially_received")
    put_on_order(part, 5, status="ordered")
    for status in ("draft", "received", "cancelled"):
        put_on_order(part, 100, status=status)
    put_on_order(make_part("B-1"), 7)  # another part's
    assert on_order(part) == Decimal("11")


def test_open_statuses_are_purchase_order_statuses():
    line_model = Part._meta.get_field("purchase_order_lines").related_model
    status = line_model._meta.get_field("order").related_model._meta.get_field("status")
    assert set(OPEN_ORDER_STATUSES) <= {value for value, _label in status.choices}


def test_available_leaves_out_expired_batches(db):
    part = make_part("B-1", tracks_batches=True)
    shelf = make_location("S-1")
    fresh = put_stock(part, shelf, 3)
    expired = put_stock(part, make_location("S-2"), 2)
    type(fresh).objects.filter(pk=fresh.pk).update(expiry_date=datetime.date(2030, 1, 1))
    type(expired).objects.filter(pk=expired.pk).update(expiry_date=datetime.date(2020, 1, 1))
    Part.objects.filter(pk=part.pk).update(quantity_on_hand=5)
    figures = with_figures(Part.objects.filter(pk=part.pk), today=datetime.date(2025, 1, 1)).get()
    assert figures.available == 3
