"""Data the view tests share: a small location tree with stock (browsing) and a part
with two shelves and a user per role (stock work)."""

from datetime import date

import pytest

from apps.catalog.tests.factories import make_category, make_part
from apps.inventory.tests.factories import make_location, put_stock


@pytest.fixture
def tree(db):
    """SITE ─ A (with A1, A2) and B; stock in A1, A2 and B (parts at 2.50 each)."""
    site = make_location("SITE")
    a = make_location("A", parent=site)
    a1 = make_location("A1", parent=a)
    a2 = make_location("A2", parent=a)
    b = make_location("B", parent=site)
    other = make_location("ELSE")
    cat = make_category("Fasteners")
    p1 = make_part("SCREW-1", category=cat, name="Screw M3", unit_cost="2.50")
    p2 = make_part("NUT-1", category=cat, name="Nut M3", unit_cost="2.50")
    items = {
        "s_a1": put_stock(p1, a1, "10"),
        "s_a2": put_stock(p1, a2, "5", batch="LOT7", expiry=date(2030, 1, 1)),
        "n_a2": put_stock(p2, a2, "0"),
        "n_b": put_stock(p2, b, "3"),
    }
    return {
        "site": site,
        "a": a,
        "a1": a1,
        "a2": a2,
        "b": b,
        "else": other,
        "p1": p1,
        "p2": p2,
        **items,
    }


@pytest.fixture
def shop(client, make_user):
    """Part P-100 (with a barcode), shelves A1 and B1, and the test client signed in as
    the clerk; `manager` and `viewer` are users to sign in as instead."""

    class S:
        part = make_part(sku="P-100", barcode="4006381333931")
        a = make_location("A1")
        b = make_location("B1")
        clerk = make_user("clerk1", role="clerk")
        manager = make_user("boss1", role="manager")
        viewer = make_user("viewer1", role="viewer")

    client.force_login(S.clerk)
    S.client = client
    return S
