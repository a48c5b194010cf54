"""Packs (issue 17, item 3): a supplier sells a part in packs of N stock units; orders
count packs at the price of a pack, stock counts units."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from apps.catalog.selectors.parts import with_on_order
from apps.catalog.tests.factories import make_location, make_part
from apps.inventory.models import StockItem, StockMovement
from apps.inventory.services.stock import movement_reverse
from apps.purchasing.errors import PurchasingError
from apps.purchasing.models import PurchaseOrderLine, Status, SupplierPart
from apps.purchasing.selectors.reorder import reorder_groups, suggested_quantity
from apps.purchasing.services.receiving import Receipt, purchase_order_receive
from apps.purchasing.services.reorder import ReorderChoice, purchase_orders_draft_from_reorder
from apps.purchasing.services.supplier_parts import supplier_part_save
from apps.purchasing.tests.factories import (
    make_order,
    make_placed_order,
    make_supplier,
    make_supplier_part,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(make_user):
    return make_user("buyer")


@pytest.fixture
def boxed():
    """Resistors (pcs) sold by Acme in boxes of 100 at 12.50 a box."""
    supplier = make_supplier("Acme")
    part = make_part("R-1")
    make_supplier_part(supplier, part, "12.50", pack_size=Decimal(100), pack_name="box of 100")
    return supplier, part, make_location("SHELF")


def _on_order(part):
    return with_on_order(type(part).objects.filter(pk=part.pk)).get().on_order


def test_the_price_per_unit_is_the_pack_price_over_its_size(boxed):
    sp = SupplierPart.objects.get()
    assert sp.in_packs and sp.price_per_unit == Decimal("0.1250")


def test_the_order_line_keeps_the_pack_size_it_was_ordered_in(boxed, user):
    supplier, part, _ = boxed
    order = make_placed_order(supplier, user, [(part, 2, "12.50")])
    line = order.lines.get()
    assert (line.quantity, line.pack_size, line.stock_quantity) == (2, 100, 200)
    assert line.total == Decimal("25.00")  # 2 boxes at 12.50
    assert _on_order(part) == 200  # on order in stock units
    # The supplier's pack changes later: the placed order keeps its own.
    SupplierPart.objects.update(pack_size=Decimal(50))
    line.refresh_from_db()
    assert line.pack_size == 100


def test_receiving_two_boxes_of_100_books_200_pieces(boxed, user):
    supplier, part, shelf = boxed
    order = make_placed_order(supplier, user, [(part, 3, "12.50")])
    line = order.lines.get()
    purchase_order_receive(
        order=order, user=user, receipts=[Receipt(line=line, quantity=Decimal(2), location=shelf)]
    )
    order.refresh_from_db()
    line.refresh_from_db()
    part.refresh_from_db()
    movement = StockMovement.objects.get()
    assert movement.quantity == 200 and movement.reference == order.number
    assert StockItem.objects.get(part=part, location=shelf).quantity == 200
    assert part.quantity_on_hand == 200
    assert (line.received_quantity, order.status) == (2, Status.PARTIALLY_RECEIVED)
    assert _on_order(part) == 100  # one box still to come
    out = StringIO()
    call_command("check_stock", stdout=out)
    assert "matches" in out.getvalue()
    # The last box: the order is received in full.
    purchase_order_receive(
        order=order, user=user, receipts=[Receipt(line=line, quantity=Decimal(1), location=shelf)]
    )
    order.refresh_from_db()
    part.refresh_from_db()
    assert order.status == Status.RECEIVED and part.quantity_on_hand == 300


def test_a_reversed_receipt_gives_its_packs_back_to_the_line(boxed, user, make_user):
    supplier, part, shelf = boxed
    order = make_placed_order(supplier, user, [(part, 2, "12.50")])
    line = order.lines.get()
    purchase_order_receive(
        order=order, user=user, receipts=[Receipt(line=line, quantity=Decimal(2), location=shelf)]
    )
    boss = make_user("boss", role="manager")
    movement_reverse(movement=StockMovement.objects.get(), user=boss)
    line.refresh_from_db()
    order.refresh_from_db()
    assert line.received_quantity == 0 and order.status == Status.ORDERED
    assert _on_order(part) == 200


def test_part_packs_and_fractions_of_whole_units_are_refused(boxed, user):
    supplier, part, shelf = boxed
    with pytest.raises(PurchasingError, match="whole packs"):
        make_order(supplier, user, [(part, "1.5", "12.50")])
    order = make_placed_order(supplier, user, [(part, 2, "12.50")])
    with pytest.raises(PurchasingError, match="receive whole packs"):
        purchase_order_receive(
            order=order,
            user=user,
            receipts=[Receipt(line=order.lines.get(), quantity=Decimal("0.5"), location=shelf)],
        )
    # Sold by the unit: pieces are whole, metres are not.
    other = make_supplier("Bolt")
    screw, wire = make_part("S-1"), make_part("W-1", unit="m")
    with pytest.raises(PurchasingError, match="pcs are counted in whole numbers"):
        make_order(other, user, [(screw, "2.5", 1)])
    assert make_order(other, user, [(wire, "2.5", 1)]).lines.get().quantity == Decimal("2.5")
    assert not StockMovement.objects.exists()


def test_the_pack_size_must_be_more_than_zero(boxed):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SupplierPart.objects.update(pack_size=0)


def test_a_price_list_line_is_saved_with_its_pack(user):
    supplier, part = make_supplier("Acme"), make_part("R-1")
    sp = supplier_part_save(
        supplier=supplier,
        data={"part": part, "unit_price": Decimal("9"), "pack_size": Decimal(10),
              "pack_name": "bag of 10"},
    )  # fmt: skip
    assert (sp.pack_size, sp.pack_name, sp.price_per_unit) == (10, "bag of 10", Decimal("0.9"))


def test_the_reorder_suggestion_rounds_up_to_whole_packs(boxed, user):
    supplier, part, _ = boxed
    part.reorder_point, part.reorder_quantity = Decimal(50), Decimal(130)
    part.save()
    assert suggested_quantity(part, Decimal(0), Decimal(1), Decimal(100)) == 200
    assert suggested_quantity(part, Decimal(0), Decimal(3), Decimal(100)) == 300  # MOQ: packs
    assert suggested_quantity(part, Decimal(130), Decimal(1), Decimal(100)) == 0
    SupplierPart.objects.update(is_preferred=True)
    [group] = reorder_groups()
    [row] = group.rows
    assert row.suggested == 200
    # Drafting orders the packs that hold the quantity chosen (in units).
    [order] = purchase_orders_draft_from_reorder(
        choices=[ReorderChoice(part=part, supplier=supplier, quantity=Decimal(150))], user=user
    )
    line = order.lines.get()
    assert (line.quantity, line.pack_size, line.unit_price) == (2, 100, Decimal("12.50"))
    # What is on draft counts in units against the next suggestion.
    [group] = reorder_groups()
    assert group.rows[0].on_draft == 200 and group.rows[0].suggested == 0


def test_packs_times_their_size_must_be_whole_units_when_booked(boxed, user):
    """Stock receives packs × pack size, and the stock service refuses a fraction of a
    part counted whole whatever the packs: a line in packs of 2.5 pcs (kept from before
    the rule, say) books 2 packs (5 pcs) but not 1 (2.5 pcs)."""

    supplier, part, shelf = boxed
    order = make_placed_order(supplier, user, [(part, 3, "12.50")])
    PurchaseOrderLine.objects.update(pack_size=Decimal("2.5"))
    line = order.lines.get()
    with pytest.raises(PurchasingError) as err:
        purchase_order_receive(
            order=order,
            user=user,
            receipts=[Receipt(line=line, quantity=Decimal(1), location=shelf)],
        )
    assert err.value.field == f"line-{line.pk}"
    assert err.value.message == (
        "R-1: pcs are counted in whole numbers: enter a quantity without decimals."
    )
    line.refresh_from_db()
    assert line.received_quantity == 0 and not StockMovement.objects.exists()
    purchase_order_receive(
        order=order, user=user, receipts=[Receipt(line=line, quantity=Decimal(2), location=shelf)]
    )
    assert StockMovement.objects.get().quantity == 5
