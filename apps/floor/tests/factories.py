"""Builders for the floor's tests: a tool shelf with tools to lend, a floor with two
shelves and two parts (parts and locations come from catalog's and inventory's
factories)."""

from apps.catalog.tests.factories import make_part
from apps.inventory.services.stock import stock_receive
from apps.inventory.tests.factories import make_location


def make_tool_shelf(make_user):
    """A clerk, a borrower, the TOOLS shelf and a BENCH, 3 drills and 5 l of glue (batch L1)."""

    class Tools:
        user = make_user("keeper", role="clerk")
        alice = make_user("alice")
        shelf = make_location("TOOLS")
        bench = make_location("BENCH")
        drill = make_part("DRILL-1", name="Cordless drill")
        glue = make_part("GLUE", tracks_batches=True, unit="l")  # measured: 0.2 l lent

    stock_receive(part=Tools.drill, location=Tools.shelf, quantity=3, user=Tools.user)
    stock_receive(part=Tools.glue, location=Tools.shelf, quantity=5, user=Tools.user, batch="L1")
    return Tools


def make_floor():
    """Shelves A1 and B2, a plain part and one that tracks batches; no stock yet."""

    class Floor:
        a1 = make_location("A1")
        b2 = make_location("B2")
        part = make_part("BOLT-6", name="Bolt M6")
        glue = make_part("GLUE", tracks_batches=True)

    return Floor
