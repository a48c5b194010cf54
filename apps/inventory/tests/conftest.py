"""Fixtures of the inventory tests (users and role-signed-in clients: the root conftest.py)."""

import pytest

from apps.catalog.tests.factories import make_part
from apps.inventory.services.stock import stock_receive
from apps.inventory.tests.factories import D, clear_cache, make_location


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_cache()


@pytest.fixture
def branch(make_user):
    """STORE (with SHELF below it) and OTHER, stocked through the services: p1 in STORE
    and OTHER, p2 and an archived part `old` on SHELF; `clerk` did it."""

    class S:
        store = make_location("STORE")
        shelf = make_location("SHELF", parent=store)
        other = make_location("OTHER")
        p1, p2, old = make_part(), make_part(), make_part()
        clerk = make_user("clerk1", role="clerk")

    stock_receive(part=S.p1, location=S.store, quantity=D(10), user=S.clerk)
    stock_receive(part=S.p2, location=S.shelf, quantity=D(5), user=S.clerk)
    stock_receive(part=S.p1, location=S.other, quantity=D(7), user=S.clerk)
    stock_receive(part=S.old, location=S.shelf, quantity=D(1), user=S.clerk)
    S.old.is_active = False
    S.old.save()
    return S
