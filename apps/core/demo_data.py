"""Generates the demo data sets, written in bulk.

`small` is a few hundred parts for trying the app; `large` is the benchmark set of
STANDARDS.md (100,000 parts, 5,000 locations, 300,000 stock records, 1,000,000
movements). Stock records and movements are generated together so that every stock
record equals the sum of its movements and every part's on-hand equals the sum of its
stock records (the invariant `check_stock` verifies).
"""

import random
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.catalog.models import Category, Part, UnitOfMeasure
from apps.core.trees import path_step
from apps.inventory.models import Location, MovementKind, StockItem, StockMovement

DEMO_PASSWORD = "stockroom-demo"
DEMO_USERS = ["admin", "manager", "purchaser", "clerk", "viewer"]


@dataclass(frozen=True)
class DataSetSize:
    category_shape: tuple[int, ...]  # children per level
    location_shape: tuple[int, ...]
    parts: int
    stock_items: int
    movements: int


SIZES = {
    "small": DataSetSize((4, 3, 2), (2, 3, 5), parts=300, stock_items=600, movements=2_000),
    "large": DataSetSize(
        (10, 5, 5), (5, 20, 50), parts=100_000, stock_items=300_000, movements=1_000_000
    ),
}

CATEGORY_WORDS = [
    "Electronics", "Fasteners", "Tools", "Consumables", "Lab supplies", "Plumbing",
    "Electrical", "Safety", "Packaging", "Chemicals", "Adhesives", "Bearings",
]
SUB_WORDS = ["Passives", "Connectors", "Screws", "Nuts", "Cutting", "Measuring", "Gloves",
             "Tape", "Fittings", "Cables", "Sensors", "Filters", "Seals", "Springs"]
LEAF_WORDS = ["Resistors", "Capacitors", "M3", "M4", "M5", "Small", "Large", "Heavy duty",
              "Metric", "Imperial", "Assorted", "Spare"]
PART_NOUNS = ["Resistor", "Capacitor", "Screw", "Washer", "Nut", "Cable", "Connector",
              "Fuse", "Relay", "Bearing", "O-ring", "Drill bit", "Glove", "Tape", "Filter",
              "Sensor", "Switch", "Spring", "Hose clamp", "Pipette tip"]
PART_ADJECTIVES = ["stainless", "zinc-plated", "nylon", "brass", "ceramic", "high-temp",
                   "low-profile", "shielded", "insulated", "heavy-duty", "miniature", "metric"]


def demo_data_present() -> bool:
    return Part.objects.exists()


def ensure_demo_users() -> None:
    User = get_user_model()
    for username in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        if username == "admin":
            user.is_staff = user.is_superuser = True
        group = Group.objects.filter(name=username).first()
        if group is not None:
            user.groups.add(group)
        user.save()


@transaction.atomic
def wipe_demo_data() -> None:
    from apps.purchasing import demo as purchasing_demo

    purchasing_demo.wipe()  # orders and price lists refer to parts
    StockMovement.objects.all()._raw_delete(StockMovement.objects.db)
    StockItem.objects.all()._raw_delete(StockItem.objects.db)
    Part.objects.all()._raw_delete(Part.objects.db)
    Location.objects.update(parent=None)
    Location.objects.all().delete()
    Category.objects.update(parent=None)
    Category.objects.all().delete()


def seed(size_name: str, *, rng_seed: int = 42, log=print) -> None:
    size = SIZES[size_name]
    rng = random.Random(rng_seed)
    ensure_demo_users()
    user_ids = list(get_user_model().objects.order_by("id").values_list("id", flat=True))
    with transaction.atomic():
        leaf_categories = _build_tree(Category, size.category_shape, _category_fields, rng)
        log(f"categories: {Category.objects.count()}")
        leaf_locations = _build_tree(Location, size.location_shape, _location_fields, rng)
        log(f"locations: {Location.objects.count()}")
    # One transaction for the bulk: on PostgreSQL the secondary indexes and foreign keys
    # of these tables are set aside while it loads and rebuilt once at the end.
    with transaction.atomic(), _bulk_loading(Part, StockItem, StockMovement, log=log):
        part_ids = _create_parts(size, leaf_categories, leaf_locations, rng)
        log(f"parts: {len(part_ids)}")
        _create_stock(size, part_ids, leaf_locations, user_ids, rng, log)
    _reset_sequences(StockItem, StockMovement)
    _analyze(Category, Location, Part, StockItem, StockMovement)
    from apps.purchasing import demo as purchasing_demo

    if size_name == "small":
        purchasing_demo.seed_small(rng, log=log)
    else:  # suppliers, price lists and two years of purchase orders
        purchasing_demo.seed_large(rng, log=log)


def _category_fields(level: int, index: int, rng: random.Random) -> dict:
    words = (CATEGORY_WORDS, SUB_WORDS, LEAF_WORDS)[min(level, 2)]
    return {"name": f"{words[index % len(words)]}" + (f" {index // len(words) + 1}" if index >= len(words) else "")}


def _location_fields(level: int, index: int, rng: random.Random) -> dict:
    prefix = ("SITE", "A", "B")[min(level, 2)]
    label = ("Store", "Aisle", "Bin")[min(level, 2)]
    return {"name": f"{label} {index + 1}", "code": f"{prefix}{index + 1}"}


def _build_tree(model, shape, fields_for, rng) -> list[int]:
    """Creates the tree level by level; returns the ids of the leaves."""
    parents: list = [None]
    for level, fanout in enumerate(shape):
        nodes = []
        for parent in parents:
            for index in range(fanout):
                fields = fields_for(level, index, rng)
                if model is Location:
                    # Codes are unique across the tree: prefix them with the parent's code.
                    fields["code"] = (f"{parent.code}-" if parent else "") + fields["code"]
                nodes.append(model(parent=parent, depth=level, **fields))
        model.objects.bulk_create(nodes, batch_size=2000)
        if nodes[0].pk is None:  # backends that do not return ids
            nodes = list(model.objects.filter(depth=level).order_by("id"))
        for node in nodes:
            node.path = (node.parent.path if node.parent else "") + path_step(node.pk)
        model.objects.bulk_update(nodes, ["path"], batch_size=2000)
        parents = nodes
    return [node.pk for node in parents]


def _create_parts(size, leaf_categories, leaf_locations, rng) -> list[int]:
    units = [u.value for u in UnitOfMeasure]
    parts = []
    for number in range(1, size.parts + 1):
        noun = rng.choice(PART_NOUNS)
        reorder_point = Decimal(rng.choice([0, 5, 10, 20, 50, 100]))
        parts.append(
            Part(
                sku=f"P-{number:06d}",
                name=f"{noun} {rng.choice(PART_ADJECTIVES)} {rng.randint(1, 999)}",
                description=f"{noun} for general workshop use, lot {rng.randint(100, 999)}.",
                category_id=rng.choice(leaf_categories),
                unit=units[0] if rng.random() < 0.8 else rng.choice(units),
                barcode=f"20{number:011d}" if number % 3 else None,
                reorder_point=reorder_point,
                reorder_quantity=reorder_point * 2,
                unit_cost=Decimal(rng.randint(5, 50_000)) / 100,
                default_location_id=rng.choice(leaf_locations),
                is_active=rng.random() > 0.03,
            )
        )
    Part.objects.bulk_create(parts, batch_size=5000)
    return list(Part.objects.order_by("id").values_list("id", flat=True))


def _create_stock(size, part_ids, leaf_locations, user_ids, rng, log) -> None:
    """Writes stock records and their ledger; quantities always sum up."""
    now = timezone.now()
    first_item_id = (StockItem.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    first_movement_id = (StockMovement.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    extra_movements = size.movements - size.stock_items
    on_hand: dict[int, Decimal] = {}
    items, movements = [], []
    movement_id = first_movement_id
    seen = set()
    for offset in range(size.stock_items):
        item_id = first_item_id + offset
        part_id = part_ids[offset % len(part_ids)] if offset < len(part_ids) else rng.choice(part_ids)
        location_id = rng.choice(leaf_locations)
        while (part_id, location_id) in seen:
            location_id = rng.choice(leaf_locations)
        seen.add((part_id, location_id))
        # Spread the extra movements evenly with some noise.
        count = 1 + extra_movements // size.stock_items
        if rng.random() < (extra_movements % size.stock_items) / size.stock_items:
            count += 1
        moments = sorted(now - timedelta(minutes=rng.randint(1, 365 * 24 * 60)) for _ in range(count))
        balance = Decimal(0)
        for index, moment in enumerate(moments):
            if index == 0 or balance == 0 or rng.random() < 0.35:
                kind, delta = MovementKind.RECEIVE, Decimal(rng.randint(5, 200))
            else:
                kind = MovementKind.ISSUE if rng.random() < 0.9 else MovementKind.ADJUST
                delta = -Decimal(rng.randint(1, int(balance)))
            balance += delta
            movements.append(
                (movement_id, uuid.uuid4(), kind, item_id, part_id, location_id, None, delta,
                 balance, rng.choice(user_ids), moment, "", "", None)
            )
            movement_id += 1
        items.append((item_id, part_id, location_id, "", None, balance, now))
        on_hand[part_id] = on_hand.get(part_id, Decimal(0)) + balance
        if len(movements) >= 50_000:
            _flush(items, movements)
            log(f"stock records: {offset + 1}, movements: {movement_id - first_movement_id}")
    _flush(items, movements)
    log(f"stock records: {size.stock_items}, movements: {movement_id - first_movement_id}")
    _update_on_hand(on_hand)
    log("on hand of every part updated")


ITEM_COLUMNS = ["id", "part_id", "location_id", "batch", "expiry_date", "quantity", "updated_at"]
MOVEMENT_COLUMNS = ["id", "operation", "kind", "stock_item_id", "part_id", "location_id",
                    "other_location_id", "quantity", "quantity_after", "user_id", "created_at",
                    "reference", "note", "reverses_id"]


def _flush(items: list, movements: list) -> None:
    _insert(StockItem, ITEM_COLUMNS, items)
    _insert(StockMovement, MOVEMENT_COLUMNS, movements)
    items.clear()
    movements.clear()


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        # COPY is an order of magnitude faster than INSERT for the large set.
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",
            [tuple(_sqlite_value(v) for v in row) for row in rows],
        )


def _sqlite_value(value):
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, Decimal):
        return str(value)
    return value


def _update_on_hand(on_hand: dict[int, Decimal]) -> None:
    """Every part's on-hand is the sum of its stock records: one set-based UPDATE
    (a bulk_update of 100,000 rows took ~50 s; this takes ~1 s)."""
    stock_sum = (
        StockItem.objects.filter(part=OuterRef("pk"))
        .order_by()
        .values("part")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    Part.objects.filter(pk__in=list(on_hand)).update(
        quantity_on_hand=Coalesce(Subquery(stock_sum), Value(Decimal(0)), output_field=DecimalField())
    )


@contextmanager
def _bulk_loading(*models, log=print):
    """On PostgreSQL, drops the non-unique secondary indexes and the foreign keys of
    `models`' tables, and re-creates them from their own definitions on the way out (as
    pg_restore does): building an index once is far cheaper than maintaining it row by
    row, and re-adding a foreign key checks all rows in one join instead of a trigger per
    row. Must run inside a transaction: on error everything rolls back, schema included.
    Elsewhere it does nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        # Foreign key checks still pending in this transaction (rows written just before,
        # as in tests) would block ALTER TABLE: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [tables],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid = ANY(%s::regclass[]) AND NOT indisunique AND NOT indisprimary",
            [tables],
        )
        indexes = cursor.fetchall()
        quote = connection.ops.quote_name
        for table, name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
        for table in tables:  # the data-version triggers: one bump at the end instead
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        log(f"indexes rebuilt: {len(indexes)}")
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        cursor.execute("UPDATE core_dataversion SET value = value + 1 WHERE id = 1")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are deferred
    log(f"foreign keys checked: {len(foreign_keys)}")


def _analyze(*models) -> None:
    """Fresh statistics (and, on PostgreSQL, a visibility map for index-only scans)
    so the first queries after seeding are planned on the real data."""
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")
        else:  # VACUUM cannot run in a transaction (tests wrap one around everything)
            cursor.execute(f"ANALYZE {tables}" if connection.vendor == "postgresql" else "ANALYZE")


def _reset_sequences(*models) -> None:
    """Id sequences of tables filled by COPY with explicit ids: next ids follow them."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
