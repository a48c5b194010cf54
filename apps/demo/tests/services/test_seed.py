from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.catalog.models import Category, Part
from apps.demo.services.purchasing import SELLS
from apps.demo.services.taxonomy import TAXONOMY
from apps.demo.tests.schema import index_and_constraint_definitions
from apps.inventory.models import Location, StockItem, StockMovement
from apps.purchasing.models import PurchaseOrder, SupplierPart


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
