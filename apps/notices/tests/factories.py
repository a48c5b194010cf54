"""Builders for notice tests: users who opted in, a small catalog with parts below and
above their reorder point, orders late and on time."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from apps.catalog.tests.factories import make_category, make_part
from apps.notices.models import NoticePreference
from apps.purchasing.models import PurchaseOrder
from apps.purchasing.tests.factories import make_placed_order, make_supplier


def make_person(username, *, role="viewer", email=None, **preference) -> object:
    user = get_user_model().objects.create_user(
        username,
        email=f"{username}@example.com" if email is None else email,
        password="a-long-test-password",
    )
    user.groups.add(Group.objects.get(name=role))
    categories = preference.pop("categories", ())
    if preference:
        saved = NoticePreference.objects.create(user=user, **preference)
        saved.categories.set(categories)
    return user


def make_stock_picture() -> dict:
    """Electronics > Resistors, and Tools. Below reorder point: R-LOW (resistors),
    T-LOW (tools), E-LOW (electronics); at or above: R-OK, T-EQUAL; archived and below:
    R-OLD."""
    electronics = make_category("Electronics")
    resistors = make_category("Resistors", parent=electronics)
    tools = make_category("Tools")
    parts = {
        "R-LOW": make_part("R-LOW", category=resistors, quantity_on_hand=2, reorder_point=10),
        "T-LOW": make_part("T-LOW", category=tools, quantity_on_hand=0, reorder_point=1),
        "E-LOW": make_part("E-LOW", category=electronics, quantity_on_hand=4, reorder_point=5),
        "R-OK": make_part("R-OK", category=resistors, quantity_on_hand=20, reorder_point=10),
        "T-EQUAL": make_part("T-EQUAL", category=tools, quantity_on_hand=3, reorder_point=3),
        "R-OLD": make_part(
            "R-OLD", category=resistors, quantity_on_hand=0, reorder_point=5, is_active=False
        ),
    }
    return {"electronics": electronics, "resistors": resistors, "tools": tools, **parts}


def make_order_expected(user, part, expected: datetime.date, *, quantity=5) -> PurchaseOrder:
    order = make_placed_order(make_supplier(), user, [(part, quantity, "2.50")])
    PurchaseOrder.objects.filter(pk=order.pk).update(expected_date=expected)
    order.refresh_from_db()
    return order
