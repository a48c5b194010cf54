"""A few suppliers, price lists and orders for the small demo data set (kept fast:
a handful of rows, bulk-created)."""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.catalog.models import Part
from apps.purchasing import services
from apps.purchasing.models import (
    NumberCounter,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
    SupplierPart,
)

SUPPLIERS = [
    ("Acme Components", "ACME", "EUR", "Ada Lovelace", "orders@acme.example"),
    ("Bolt & Nut Supply", "BOLT", "EUR", "Ben Bolt", "sales@boltnut.example"),
    ("Lab Direct", "LABD", "USD", "Rosalind Franklin", "lab@labdirect.example"),
    ("Northern Tools", "NORT", "GBP", "Nils North", "trade@northern.example"),
]


def wipe() -> None:
    PurchaseOrderLine.objects.all().delete()
    PurchaseOrder.objects.all().delete()
    SupplierPart.objects.all().delete()
    Supplier.objects.all().delete()
    NumberCounter.objects.filter(name=services.COUNTER).update(value=0)


@transaction.atomic
def seed_small(rng: random.Random, log=print) -> None:
    suppliers = [
        Supplier.objects.create(name=name, code=code, currency=currency, contact_name=contact, email=email,
                                address=f"{rng.randint(1, 99)} Industrial Way\n{rng.randint(1000, 9999)} Demo Town")
        for name, code, currency, contact, email in SUPPLIERS
    ]
    parts = list(Part.objects.filter(is_active=True).order_by("id")[:120])
    rows = []
    for index, part in enumerate(parts):
        first = suppliers[index % 3]
        offers = [first] + ([suppliers[3]] if index % 4 == 0 else [])
        for position, supplier in enumerate(offers):
            rows.append(SupplierPart(
                supplier=supplier, part=part, supplier_sku=f"{supplier.code}-{part.sku[2:]}",
                unit_price=(part.unit_cost * Decimal("0.9")).quantize(Decimal("0.01")), currency=supplier.currency,
                lead_time_days=rng.choice([2, 5, 10, 14]),
                minimum_order_quantity=Decimal(rng.choice([1, 1, 5, 10, 25])),
                # Most parts get a preferred supplier; every fifth has none (the reorder list's own group).
                is_preferred=position == 0 and index % 5 != 0,
            ))
    SupplierPart.objects.bulk_create(rows)
    # Some of the priced parts below their reorder point, so the reorder list has rows.
    low = [p.pk for p in parts[:40:3]]
    Part.objects.filter(pk__in=low, reorder_point__lte=F("quantity_on_hand")).update(
        reorder_point=F("quantity_on_hand") + 10, reorder_quantity=F("quantity_on_hand") + 20)
    user = get_user_model().objects.filter(username="purchaser").first()
    today = timezone.localdate()
    orders = []
    for number, supplier in enumerate(suppliers[:3] * 2):
        offered = [sp for sp in rows if sp.supplier_id == supplier.pk][number:number + 3]
        order = services.purchase_order_create(
            supplier=supplier, user=user, expected_date=today + timedelta(days=7 + number),
            lines=[services.LineData(part=sp.part, quantity=sp.minimum_order_quantity * 2, unit_price=sp.unit_price)
                   for sp in offered],
            notes="Demo order",
        )
        orders.append(order)
    for order in orders[2:5]:
        services.purchase_order_place(order=order, user=user)
    log(f"suppliers: {len(suppliers)}, price-list lines: {len(rows)}, purchase orders: {len(orders)}")
