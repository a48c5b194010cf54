"""Suppliers, price lists and purchase orders of the demo data sets.

`seed_small`: a handful of rows for trying the app, created through the services.
`seed_large`: the benchmark's purchasing (250 suppliers, ~150,000 price-list lines,
20,000 orders with ~80,000 lines over two years), written in bulk like the rest of the
large set (COPY on PostgreSQL, indexes and foreign keys rebuilt once)."""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from apps.catalog.models import Part
from apps.demo.services.bulk import analyze, bulk_loading, insert, raw_delete, reset_sequences
from apps.purchasing.models import (
    SUPPLIER_PART_TERMS,
    LineReceipt,
    NumberCounter,
    PurchaseOrder,
    PurchaseOrderLine,
    Status,
    Supplier,
    SupplierPart,
)
from apps.purchasing.services.orders import (
    COUNTER,
    NUMBER_FORMAT,
    LineData,
    purchase_order_create,
    purchase_order_place,
)
from apps.purchasing.services.receiving import Receipt, purchase_order_receive

SUPPLIERS = [
    ("Acme Components", "ACME", "EUR", "Ada Lovelace", "orders@acme.example"),
    ("Bolt & Nut Supply", "BOLT", "EUR", "Ben Bolt", "sales@boltnut.example"),
    ("Voltline Electrical", "VOLT", "EUR", "Volta Ampère", "trade@voltline.example"),
    ("Northern Tools", "NORT", "GBP", "Nils North", "trade@northern.example"),
]
# What each demo supplier sells (roots of the taxonomy), the first its specialist: the
# preferred supplier of a part is one that sells its kind of part.
SELLS = {
    "ACME": ["Electronics", "Electrical"],
    "BOLT": ["Fasteners", "Mechanical"],
    "VOLT": ["Electrical", "Electronics"],
    "NORT": ["Tools", "Fasteners", "Consumables", "Safety"],
}

# How the specialist sells a kind of part, by its category (the leaf, else its group): in
# packs of so many stock units, priced per pack (a little cheaper per unit than singly).
# Cable is sold by the metre, tools and modules one at a time, and parts already counted
# in packs, boxes or rolls are sold as they are counted: no entry. A second supplier of a
# part sells it by the unit.
PACKS = {
    "Through-hole": (Decimal(100), "bag of 100"),
    "SMD 0603": (Decimal(100), "reel of 100"),
    "SMD 0805": (Decimal(100), "reel of 100"),
    "SMD 1206": (Decimal(100), "reel of 100"),
    "Ceramic": (Decimal(100), "bag of 100"),
    "Diodes": (Decimal(50), "bag of 50"),
    "Pin headers": (Decimal(10), "pack of 10"),
    "Machine screws": (Decimal(200), "box of 200"),
    "Wood screws": (Decimal(200), "box of 200"),
    "Nuts": (Decimal(100), "bag of 100"),
    "Washers": (Decimal(100), "bag of 100"),
    "Anchors and rivets": (Decimal(50), "box of 50"),
    "Glass fuses": (Decimal(10), "pack of 10"),
    "Blade fuses": (Decimal(10), "pack of 10"),
    "Hacksaw blades": (Decimal(10), "pack of 10"),
    "Utility blades": (Decimal(10), "dispenser of 10"),
}
PACK_DISCOUNT = Decimal("0.8")  # the pack's price per unit, of the part's unit cost
SINGLE_PRICE = Decimal("0.9")


def pack_of(part) -> tuple[Decimal, str]:
    """(pack size, pack name) the specialist sells `part` in; (1, "") by the unit. Only
    parts counted in pieces come in packs of pieces."""
    if part.unit_id != "pcs":
        return Decimal(1), ""
    return PACKS.get(part.leaf) or PACKS.get(part.group) or (Decimal(1), "")


def wipe() -> None:
    """Deletes every supplier, price list and order, in bulk (no per-row signals: the
    large set has a quarter of a million rows)."""
    models = (LineReceipt, PurchaseOrderLine, PurchaseOrder, SupplierPart, Supplier)
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
        with connection.cursor() as cursor:
            cursor.execute(
                "SET CONSTRAINTS ALL IMMEDIATE"
            )  # pending FK checks would block TRUNCATE
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        raw_delete(*models)
    NumberCounter.objects.filter(name=COUNTER).update(value=0)


@transaction.atomic
def seed_small(rng: random.Random, log=print) -> None:
    suppliers = [
        Supplier.objects.create(
            name=name,
            code=code,
            currency=currency,
            contact_name=contact,
            email=email,
            address=f"{rng.randint(1, 99)} Industrial Way\n{rng.randint(1000, 9999)} Demo Town",
        )
        for name, code, currency, contact, email in SUPPLIERS
    ]
    parts = list(
        Part.objects.filter(is_active=True)
        .annotate(
            root=F("category__parent__parent__name"),
            group=F("category__parent__name"),
            leaf=F("category__name"),
        )
        .order_by("id")
    )
    rows = []
    for index, part in enumerate(parts):
        sellers = [s for s in suppliers if part.root in SELLS[s.code]]
        specialists = [s for s in sellers if SELLS[s.code][0] == part.root] or sellers
        if not sellers:
            continue
        first = specialists[index % len(specialists)]
        others = [s for s in sellers if s != first]
        offers = [first] + (others[:1] if index % 4 == 0 else [])
        for position, supplier in enumerate(offers):
            lead_time = rng.choice([2, 5, 10, 14])
            minimum = Decimal(rng.choice([1, 1, 5, 10, 25]))
            pack_size, pack_name = pack_of(part) if position == 0 else (Decimal(1), "")
            price = part.unit_cost * SINGLE_PRICE
            if pack_size != 1:
                # Per pack: its price, and a minimum of one pack (two for the big orders).
                price = part.unit_cost * PACK_DISCOUNT * pack_size
                minimum = Decimal(1 if minimum < 10 else 2)
            rows.append(
                SupplierPart(
                    supplier=supplier,
                    part=part,
                    supplier_sku=f"{supplier.code}-{part.sku[2:]}",
                    unit_price=price.quantize(Decimal("0.01")),
                    currency=supplier.currency,
                    lead_time_days=lead_time,
                    minimum_order_quantity=minimum,
                    pack_size=pack_size,
                    pack_name=pack_name,
                    # Most parts get a preferred supplier; every fifth has none (the reorder list's own group).
                    is_preferred=position == 0 and index % 5 != 0,
                )
            )
    SupplierPart.objects.bulk_create(rows)
    # Some of the priced parts below their reorder point, so the reorder list has rows.
    low = [p.pk for p in parts[:40:3]]
    Part.objects.filter(pk__in=low, reorder_point__lte=F("quantity_on_hand")).update(
        reorder_point=F("quantity_on_hand") + 10, reorder_quantity=F("quantity_on_hand") + 20
    )
    user = get_user_model().objects.filter(username="purchaser").first()
    today = timezone.localdate()
    orders = []
    for number, supplier in enumerate(suppliers[:3] * 2):
        offered = [sp for sp in rows if sp.supplier_id == supplier.pk][number : number + 3]
        if not offered:
            continue
        order = purchase_order_create(
            supplier=supplier,
            user=user,
            expected_date=today + timedelta(days=7 + number),
            lines=[
                LineData(
                    part=sp.part, quantity=sp.minimum_order_quantity * 2, unit_price=sp.unit_price
                )
                for sp in offered
            ],
            notes="Demo order",
        )
        orders.append(order)
    for order in orders[2:5]:
        purchase_order_place(order=order, user=user)
    _receive_part_of(orders[2], rng)
    packed = sum(1 for sp in rows if sp.pack_size != 1)
    log(
        f"suppliers: {len(suppliers)}, price-list lines: {len(rows)} ({packed} in packs), "
        f"purchase orders: {len(orders)}"
    )


def _receive_part_of(order, rng: random.Random) -> None:
    """The clerk books the first delivery of a placed order: half of a line (the first in
    packs, so the order page shows packs received and the units they made, else the first
    line), where the part is kept already (else its default location): a receipt the
    ledger and the order both show."""
    clerk = get_user_model().objects.filter(username="clerk").first()
    lines = list(order.lines.select_related("part__default_location").order_by("position"))
    line = next((line for line in lines if line.in_packs), lines[0] if lines else None)
    kept = line.part.stock_items.select_related("location").first() if line else None
    location = kept.location if kept else (line.part.default_location if line else None)
    if clerk is None or location is None or not location.is_active:
        return
    quantity = max(Decimal(1), (line.quantity / 2).to_integral_value(rounding="ROUND_FLOOR"))
    purchase_order_receive(
        order=order,
        user=clerk,
        receipts=[Receipt(line=line, quantity=quantity, location=location)],
        note="First part of the delivery; the rest is on back order.",
    )


# --- the large set (benchmark) -----------------------------------------------------------


@dataclass(frozen=True)
class LargeSize:
    suppliers: int = 250
    archived_suppliers: int = 10
    second_supplier_share: float = 0.5  # parts sold by two suppliers (the rest: one)
    preferred_share: float = 0.8  # parts with a preferred supplier
    orders: int = 20_000
    max_lines: int = 7  # 1..7 lines an order: ~4 on average, ~80,000 lines
    drafts: int = 50
    open_orders: int = 300  # ordered or partially received
    cancelled_share: float = 0.03
    days: int = 730  # orders over the last two years


LARGE = LargeSize()

NAME_FIRST = [
    "Acme",
    "Atlas",
    "Northern",
    "Southern",
    "Pacific",
    "Baltic",
    "Alpine",
    "Summit",
    "Delta",
    "Union",
    "Premier",
    "Precision",
    "Metro",
    "Global",
    "Coastal",
    "Central",
    "Eastern",
    "Western",
    "Pioneer",
    "Keystone",
    "Vertex",
    "Orbit",
    "Harbor",
    "Granite",
    "Meridian",
]
NAME_TRADE = [
    "Components",
    "Fasteners",
    "Tools",
    "Lab Supply",
    "Electrical",
    "Industrial",
    "Bearings",
    "Safety",
    "Packaging",
    "Chemicals",
    "Hydraulics",
    "Electronics",
    "Plastics",
    "Metals",
    "Abrasives",
    "Cables",
    "Filters",
    "Seals",
]
NAME_FORM = ["Ltd", "GmbH", "Inc.", "& Co.", "Trading", "Supply", "AG", "BV", "S.A.", "LLC"]
CURRENCIES = ["EUR"] * 7 + ["USD", "USD", "GBP"]
LEAD_TIMES = [1, 2, 3, 5, 7, 10, 14, 21, 30]
ORDER_MULTIPLES = [1, 1, 2, 2, 3, 4, 5, 10]


def _moq(rng, price: Decimal) -> Decimal:
    """Cheap parts come by the hundred, dear ones one at a time."""
    if price < 1:
        return Decimal(rng.choice([50, 100, 250, 500]))
    if price < 10:
        return Decimal(rng.choice([5, 10, 25, 50]))
    if price < 100:
        return Decimal(rng.choice([1, 1, 2, 5, 10]))
    return Decimal(1)


CENT = Decimal("0.01")

SUPPLIER_PART_COLUMNS = [
    "id",
    "supplier_id",
    "part_id",
    *SUPPLIER_PART_TERMS,
    "created_at",
    "updated_at",
]
ORDER_COLUMNS = [
    "id",
    "number",
    "supplier_id",
    "status",
    "currency",
    "expected_date",
    "notes",
    "created_by_id",
    "created_at",
    "updated_at",
    "ordered_at",
    "received_at",
    "cancelled_at",
]
LINE_COLUMNS = [
    "id",
    "order_id",
    "part_id",
    "quantity",
    "unit_price",
    "received_quantity",
    "position",
]


def seed_large(rng: random.Random, *, size: LargeSize | None = None, log=print) -> None:
    """Suppliers, their price lists and two years of orders for every part there is.

    Suppliers' shares follow a long tail (the biggest distributor lists ~10 % of all
    price-list lines). Each part is sold by one or two suppliers, one of them preferred
    for `preferred_share` of the parts (so at most one per part, as the constraint
    wants). Orders are numbered in creation order; the latest are the drafts and the open
    ones; received quantities follow the status (received: all, partially received: some
    lines short, ordered, draft and cancelled: none). No stock movements are written:
    the ledger stays what the stock seeding made it, and "on order" is read from the open
    lines. The order number counter ends past the last number."""
    size = size or LARGE
    now = timezone.now()
    parts = list(Part.objects.order_by("id").values_list("id", "sku", "unit_cost"))
    users = get_user_model().objects.filter(username__in=["purchaser", "manager", "admin"])
    buyer_ids = [u.pk for u in users] or [None]
    with transaction.atomic():
        suppliers = _large_suppliers(rng, size, now)
        log(f"suppliers: {len(suppliers)}")
        with bulk_loading(SupplierPart, PurchaseOrder, PurchaseOrderLine, log=log):
            offers = _large_price_lists(rng, size, suppliers, parts, now)
            log(f"price-list lines: {sum(len(v) for v in offers.values())}")
            orders, lines = _large_orders(rng, size, suppliers, offers, buyer_ids, now)
            log(f"purchase orders: {orders}, lines: {lines}")
    reset_sequences(SupplierPart, PurchaseOrder, PurchaseOrderLine)
    analyze(Supplier, SupplierPart, PurchaseOrder, PurchaseOrderLine)


def _large_suppliers(rng, size, now) -> list[Supplier]:
    names, suppliers = set(), []
    for index in range(size.suppliers):
        while True:
            name = f"{rng.choice(NAME_FIRST)} {rng.choice(NAME_TRADE)} {rng.choice(NAME_FORM)}"
            if name.lower() not in names:
                break
        names.add(name.lower())
        contact = (
            f"{rng.choice(['Ada', 'Ben', 'Chen', 'Dana', 'Emil', 'Fatima', 'Goran', 'Hana'])} "
            f"{rng.choice(['Novak', 'Smith', 'Müller', 'Rossi', 'Kowalski', 'Larsen', 'Okafor'])}"
        )
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
        suppliers.append(
            Supplier(
                name=name,
                code=f"S{index + 1:03d}",
                currency=rng.choice(CURRENCIES),
                contact_name=contact,
                email=f"orders@{slug}.example",
                phone=f"+44 20 7946 {rng.randint(0, 9999):04d}",
                address=f"{rng.randint(1, 250)} Industrial Way\n{rng.randint(1000, 9999)} Demo Town",
                # The last few are archived (still listed, no new orders).
                is_active=index < size.suppliers - size.archived_suppliers,
            )
        )
    Supplier.objects.bulk_create(suppliers)
    if suppliers[0].pk is None:  # backends that do not return ids
        suppliers = list(
            Supplier.objects.filter(code__in=[s.code for s in suppliers]).order_by("code")
        )
    return suppliers


def _large_price_lists(rng, size, suppliers, parts, now) -> dict[int, list[tuple]]:
    """Writes the price lists; returns each active supplier's offers as
    (part_id, unit_price, minimum_order_quantity, lead_time_days)."""
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(suppliers))]
    cumulative, total = [], 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    offers: dict[int, list[tuple]] = {s.pk: [] for s in suppliers if s.is_active}
    first_id = (SupplierPart.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    rows = []
    for part_id, sku, unit_cost in parts:
        count = 2 if rng.random() < size.second_supplier_share else 1
        chosen = rng.choices(suppliers, cum_weights=cumulative, k=count)
        if count == 2 and chosen[0].pk == chosen[1].pk:
            chosen = chosen[:1]
        preferred = rng.random() < size.preferred_share
        for position, supplier in enumerate(chosen):
            price = max(CENT, (unit_cost * Decimal(rng.randint(70, 110)) / 100).quantize(CENT))
            moq, lead = _moq(rng, price), rng.choice(LEAD_TIMES)
            moment = now - timedelta(days=rng.randint(1, size.days + 365))
            rows.append(
                (
                    first_id + len(rows),
                    supplier.pk,
                    part_id,
                    f"{supplier.code}-{sku[2:]}",
                    price,
                    supplier.currency,
                    lead,
                    moq,
                    preferred and position == 0,
                    moment,
                    moment,
                )
            )
            if supplier.is_active:
                offers[supplier.pk].append((part_id, price, moq, lead))
        if len(rows) >= 50_000:
            insert(SupplierPart, SUPPLIER_PART_COLUMNS, rows)
            first_id += len(rows)
            rows.clear()
    insert(SupplierPart, SUPPLIER_PART_COLUMNS, rows)
    return offers


def _large_orders(rng, size, suppliers, offers, buyer_ids, now) -> tuple[int, int]:
    counter, _ = NumberCounter.objects.get_or_create(name=COUNTER)
    active = [s for s in suppliers if s.is_active and offers[s.pk]]
    if not active:
        return 0, 0
    cumulative, total = [], 0
    for supplier in active:  # the big distributors get the most orders
        total += len(offers[supplier.pk])
        cumulative.append(total)
    moments = sorted(
        now - timedelta(seconds=rng.randint(3600, size.days * 86400)) for _ in range(size.orders)
    )
    # The newest orders are the drafts (among the newest few) and the open ones; older
    # ones are done with (received, a few cancelled).
    newest = list(range(max(0, size.orders - size.drafts - size.open_orders), size.orders))
    drafts = set(rng.sample(newest[-size.drafts * 3 :], min(len(newest), size.drafts)))
    status_of = {}
    for index in newest:
        if index in drafts:
            status_of[index] = Status.DRAFT
        else:
            status_of[index] = Status.ORDERED if rng.random() < 2 / 3 else Status.PARTIALLY_RECEIVED
    first_order = (PurchaseOrder.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    line_id = (PurchaseOrderLine.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    orders, lines, n_lines = [], [], 0
    for index, created in enumerate(moments):
        order_id = first_order + index
        supplier = rng.choices(active, cum_weights=cumulative)[0]
        status = status_of.get(index) or (
            Status.CANCELLED if rng.random() < size.cancelled_share else Status.RECEIVED
        )
        chosen = rng.sample(
            offers[supplier.pk], min(len(offers[supplier.pk]), rng.randint(1, size.max_lines))
        )
        lead = max(offer[3] for offer in chosen)
        ordered_at = received_at = cancelled_at = None
        expected = None
        if status != Status.DRAFT:
            ordered_at = min(now, created + timedelta(hours=rng.randint(1, 48)))
            expected = (ordered_at + timedelta(days=lead)).date()
        if status == Status.RECEIVED:
            received_at = min(
                now, ordered_at + timedelta(days=lead + rng.randint(-1, 5), hours=rng.randint(1, 9))
            )
        if status == Status.CANCELLED:
            cancelled_at = min(now, ordered_at + timedelta(days=rng.randint(0, 3)))
        short = rng.randrange(len(chosen)) if status == Status.PARTIALLY_RECEIVED else -1
        order_lines = []
        for position, (part_id, price, moq, _lead) in enumerate(chosen, start=1):
            quantity = (
                moq * rng.choice(ORDER_MULTIPLES)
                if moq > 1
                else Decimal(rng.choice([2, 3, 5, 10, 20]))
            )
            if status == Status.RECEIVED:
                received = quantity
            elif status == Status.PARTIALLY_RECEIVED:
                # One line is short (at most half of it came), the others came in whole or in half.
                if position - 1 == short:
                    received = _floor(quantity * rng.choice([0, 0, 1, 2]) / 4)
                else:
                    received = quantity if rng.random() < 0.6 else _floor(quantity / 2)
            else:
                received = Decimal(0)
            order_lines.append([line_id, order_id, part_id, quantity, price, received, position])
            line_id += 1
        if status == Status.PARTIALLY_RECEIVED and not any(line[5] for line in order_lines):
            line = order_lines[short]  # something came: half of the short line
            line[5] = _floor(line[3] / 2)
        lines.extend(tuple(line) for line in order_lines)
        updated = received_at or cancelled_at or ordered_at or created
        if status == Status.PARTIALLY_RECEIVED:
            updated = min(now, ordered_at + timedelta(days=rng.randint(0, lead)))
        orders.append(
            (
                order_id,
                NUMBER_FORMAT.format(counter.value + index + 1),
                supplier.pk,
                status,
                supplier.currency,
                expected,
                "",
                rng.choice(buyer_ids),
                created,
                updated,
                ordered_at,
                received_at,
                cancelled_at,
            )
        )
        if len(lines) >= 50_000:
            insert(PurchaseOrder, ORDER_COLUMNS, orders)
            insert(PurchaseOrderLine, LINE_COLUMNS, lines)
            n_lines += len(lines)
            orders.clear()
            lines.clear()
    insert(PurchaseOrder, ORDER_COLUMNS, orders)
    insert(PurchaseOrderLine, LINE_COLUMNS, lines)
    n_lines += len(lines)
    NumberCounter.objects.filter(pk=counter.pk).update(value=counter.value + len(moments))
    return len(moments), n_lines


def _floor(quantity: Decimal) -> Decimal:
    return quantity.to_integral_value(rounding="ROUND_FLOOR")
