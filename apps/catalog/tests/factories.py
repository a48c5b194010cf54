"""Small builders for catalog tests (no demo data: each test states what it needs)."""

from decimal import Decimal
from itertools import count

from apps.catalog.models import Category, Part

_numbers = count(1)


def make_category(name=None, parent=None, **fields) -> Category:
    category = Category(name=name or f"Category {next(_numbers)}", parent=parent, **fields)
    category.save()
    return category


def make_part(sku=None, *, category=None, **fields) -> Part:
    number = next(_numbers)
    category = category or make_category()
    fields.setdefault("name", f"Part {number}")
    for name in ("quantity_on_hand", "reorder_point", "unit_cost"):
        if name in fields:
            fields[name] = Decimal(str(fields[name]))
    return Part.objects.create(sku=sku or f"T-{number:05d}", category=category, **fields)


def make_location(code, parent=None, **fields):
    from apps.inventory.models import Location

    location = Location(code=code, name=fields.pop("name", code), parent=parent, **fields)
    location.save()
    return location


def put_stock(part, location, quantity):
    """A stock record without its ledger line: enough for the list's location filter."""
    from apps.inventory.models import StockItem

    item = StockItem.objects.create(part=part, location=location, quantity=Decimal(str(quantity)))
    Part.objects.filter(pk=part.pk).update(quantity_on_hand=Decimal(str(quantity)))
    return item
