from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.catalog.models import Category, Part
from apps.demo.services.purchasing import SELLS
from apps.demo.services.taxonomy import TAXONOMY
from apps.demo.tests.schema import index_and_constraint_definitions
from apps.inventory.models import Location, StockItem, StockMovement
from apps.purchasing.models import PurchaseOrder, PurchaseOrderLine, SupplierPart


@pytest.mark.django_db
def test_small_demo_data_set_is_consistent_and_can_sign_in(client):
    call_command("seed_demo", "--size", "small", stdout=StringIO())
    assert Part.objects.count() == 300
    assert StockItem.objects.count() == 600
    assert StockMovement.objects.count() > 1500
    assert Category.objects.filter(depth=2).exists()
    leaf = Location.objects.filter(depth=2).first()
    assert leaf.path.startswith(leaf.parent.path) and leaf.ancestor_ids() == [
        leaf.parent.parent_id,
        leaf.parent_id,
    ]
    out = StringIO()
    call_command("check_stock", stdout=out)
    assert "matches" in out.getvalue()
    assert client.login(username="admin", password="stockroom-demo")


@pytest.mark.django_db
def test_seeding_twice_is_refused_or_skipped():
    call_command("seed_demo", "--size", "small", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("seed_demo", "--size", "small", stdout=StringIO())
    out = StringIO()
    call_command("seed_demo", "--size", "small", "--if-empty", stdout=out)
    assert "already present" in out.getvalue()
    assert Part.objects.count() == 300


@pytest.mark.django_db
def test_check_stock_fails_on_a_tampered_stock_record():
    call_command("seed_demo", "--size", "small", stdout=StringIO())
    item = StockItem.objects.first()
    StockItem.objects.filter(pk=item.pk).update(quantity=item.quantity + 1)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("check_stock", stdout=out)
    assert f"stock record {item.pk}" in out.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db
def test_bulk_loading_puts_back_every_index_and_foreign_key():
    """PostgreSQL seeding drops indexes and foreign keys while it loads: all come back."""
    tables = ["catalog_part", "inventory_stockitem", "inventory_stockmovement"]
    before = index_and_constraint_definitions(tables)
    call_command("seed_demo", "--size", "small", stdout=StringIO())
    assert index_and_constraint_definitions(tables) == before
    assert any("gin" in definition.lower() for definition in before)  # trigram search indexes
    call_command("check_stock", stdout=StringIO())


@pytest.mark.django_db
def test_issue12_item8_the_demo_is_a_believable_workshop():
    """The viewer issued and received stock in the ledger; gloves sat in "Resistors",
    counted in rolls, under "Fasteners / Connectors / Resistors"."""
    call_command("seed_demo", "--size", "small", stdout=StringIO())
    # Every ledger line was booked by someone whose role may book it.
    for movement in StockMovement.objects.select_related("user"):
        needed = "inventory.adjust_stock" if movement.kind == "adjust" else "inventory.move_stock"
        assert movement.user is not None and movement.user.has_perm(needed), (
            movement.kind,
            movement.user,
        )
    assert not StockMovement.objects.filter(user__username__in=["viewer", "purchaser"]).exists()
    # Every category path is one of the taxonomy's, every part fits its category.
    paths = {
        (root.name, group.name, leaf.name): leaf
        for root in TAXONOMY
        for group in root.groups
        for leaf in group.leaves
    }
    for part in Part.objects.select_related("category__parent__parent"):
        category = part.category
        leaf = paths[(category.parent.parent.name, category.parent.name, category.name)]
        assert part.name.startswith(leaf.noun) and part.unit_id == leaf.unit, part
    resistors = Part.objects.filter(category__name="Through-hole")
    assert resistors.exists()
    assert all(p.name.startswith("Resistor") and p.unit_id == "pcs" for p in resistors)
    assert not Part.objects.filter(name__icontains="glove", category__parent__name="Resistors")
    # Purchasing: a preferred supplier sells that kind of part; one order partly received.
    for sp in SupplierPart.objects.filter(is_preferred=True).select_related(
        "supplier", "part__category__parent__parent"
    ):
        assert sp.part.category.parent.parent.name in SELLS[sp.supplier.code]
    received = PurchaseOrder.objects.get(status="partially_received")
    assert StockMovement.objects.get(reference=received.number).user.username == "clerk"


def _pack_picture():
    return sorted(
        SupplierPart.objects.values_list(
            "supplier__code", "part__sku", "pack_size", "pack_name", "unit_price"
        )
    )


@pytest.mark.django_db
def test_the_small_demo_sells_some_parts_in_packs_and_orders_them(client):
    """Issue 17: the demo had no pack sizes, so a newcomer never saw packs on the order
    pages. Screws come in boxes of 200, resistors in bags and reels of 100, cable by
    the metre; some order lines are in packs, one of them partly received."""
    call_command("seed_demo", "--size", "small", stdout=StringIO())
    lines = SupplierPart.objects.select_related("part__category__parent")
    packed = [sp for sp in lines if sp.pack_size != 1]
    assert 0.2 * lines.count() < len(packed) < 0.7 * lines.count()  # a share, not all
    for sp in packed:
        assert sp.pack_name and sp.part.unit_id == "pcs", sp
        assert sp.minimum_order_quantity == sp.minimum_order_quantity.to_integral_value()
    screws = [sp for sp in packed if sp.part.category.parent.name == "Machine screws"]
    assert screws and {(sp.pack_size, sp.pack_name) for sp in screws} == {
        (Decimal(200), "box of 200")
    }
    assert any(sp.pack_name == "bag of 100" for sp in packed if "Resistor" in sp.part.name)
    assert not any(sp.part.unit_id == "m" for sp in packed)  # cable: by the metre
    assert lines.filter(part__unit_id="m").exists()
    # A part's second supplier sells it by the unit.
    offers = Counter(sp.part_id for sp in lines)
    for part_id in (pk for pk, n in offers.items() if n == 2):
        assert sorted(sp.pack_size for sp in lines if sp.part_id == part_id)[0] == 1

    in_packs = PurchaseOrderLine.objects.filter(pack_size__gt=1).select_related("order", "part")
    assert in_packs.filter(order__status="draft").exists()
    assert in_packs.filter(order__status__in=["ordered", "partially_received"]).exists()
    for line in in_packs:  # whole packs, the price list's pack size and price
        assert line.quantity == line.quantity.to_integral_value()
        offer = SupplierPart.objects.get(supplier=line.order.supplier, part=line.part)
        assert (line.pack_size, line.unit_price) == (offer.pack_size, offer.unit_price)
    received = in_packs.get(received_quantity__gt=0)
    movement = StockMovement.objects.get(reference=received.order.number)
    assert movement.quantity == received.received_quantity * received.pack_size

    assert client.login(username="admin", password="stockroom-demo")
    page = client.get(reverse("purchasing:purchase_order_detail", args=[received.order_id]))
    assert 'data-testid="line-units"' in page.content.decode()


@pytest.mark.django_db
def test_the_small_demo_is_the_same_every_time():
    call_command("seed_demo", "--size", "small", stdout=StringIO())
    first = _pack_picture()
    call_command("seed_demo", "--size", "small", "--reset", stdout=StringIO())
    assert _pack_picture() == first
