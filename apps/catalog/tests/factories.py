"""Small builders for catalog tests (no demo data: each test states what it needs).

Locations, stock records, ledger lines and purchase orders belong to apps above the
catalog (inventory, purchasing); catalog tests follow the layers too, so those models are
reached through Part's relations, never imported.
"""

from decimal import Decimal
from itertools import count

from apps.catalog.models import Category, Part

_numbers = count(1)


def _related_model(model, relation: str):
    return model._meta.get_field(relation).related_model


def make_category(name=None, parent=None, **fields) -> Category:
    category = Category(name=name or f"Category {next(_numbers)}", parent=parent, **fields)
    category.save()
    return category


def make_tree() -> dict[str, Category]:
    """Electronics > Passives > Resistors, and Tools; four parts (one archived)."""
    electronics = make_category("Electronics")
    passives = make_category("Passives", parent=electronics)
    resistors = make_category("Resistors", parent=passives)
    tools = make_category("Tools")
    make_part("E-1", category=electronics)
    make_part("R-1", category=resistors)
    make_part("R-2", category=resistors)
    make_part("R-3", category=resistors, is_active=False)  # archived parts are not counted
    return {
        "electronics": electronics,
        "passives": passives,
        "resistors": resistors,
        "tools": tools,
    }


def make_part(sku=None, *, category=None, **fields) -> Part:
    number = next(_numbers)
    category = category or make_category()
    fields.setdefault("name", f"Part {number}")
    for name in ("quantity_on_hand", "reorder_point", "unit_cost"):
        if name in fields:
            fields[name] = Decimal(str(fields[name]))
    if isinstance(fields.get("unit"), str):
        fields["unit_id"] = fields.pop("unit")  # a unit by its code
    return Part.objects.create(sku=sku or f"T-{number:05d}", category=category, **fields)


def make_location(code, parent=None, **fields):
    """An inventory location (the model of Part.default_location)."""
    location_model = _related_model(Part, "default_location")
    location = location_model(code=code, name=fields.pop("name", code), parent=parent, **fields)
    location.save()
    return location


def put_stock(part, location, quantity):
    """A stock record without its ledger line: enough for the list's location filter."""
    stock_item_model = _related_model(Part, "stock_items")
    item = stock_item_model._default_manager.create(
        part=part, location=location, quantity=Decimal(str(quantity))
    )
    Part.objects.filter(pk=part.pk).update(quantity_on_hand=Decimal(str(quantity)))
    return item


def put_movement(part, location, quantity):
    """A stock record with the ledger line that received it (a part with stock history)."""
    item = put_stock(part, location, quantity)
    movement_model = _related_model(Part, "movements")
    return movement_model._default_manager.create(
        kind="receive",
        stock_item=item,
        part=part,
        location=location,
        quantity=Decimal(str(quantity)),
        quantity_after=Decimal(str(quantity)),
    )


def put_on_order(part, quantity, *, received=0, status="ordered"):
    """A purchase order (with its supplier) of one line for `part`, in `status`."""
    line_model = _related_model(Part, "purchase_order_lines")
    order_model = _related_model(line_model, "order")
    supplier_model = _related_model(order_model, "supplier")
    number = next(_numbers)
    supplier = supplier_model._default_manager.create(name=f"Supplier {number}")
    order = order_model._default_manager.create(
        number=f"T-PO-{number:05d}", supplier=supplier, status=status
    )
    return line_model._default_manager.create(
        order=order,
        part=part,
        quantity=Decimal(str(quantity)),
        unit_price=Decimal("1"),
        received_quantity=Decimal(str(received)),
    )
