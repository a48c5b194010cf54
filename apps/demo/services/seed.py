"""Generates the demo data sets, written in bulk.

`small` is a few hundred parts for trying the app; `large` is the benchmark set of
STANDARDS.md (100,000 parts, 5,000 locations, 300,000 stock records, 1,000,000
movements, and the purchasing of apps/demo/services/purchasing.py).
"""

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from apps.catalog.models import Category, Part
from apps.demo.services import catalog, inventory, purchasing
from apps.demo.services.bulk import analyze, bulk_loading, reset_sequences
from apps.demo.services.users import ADJUSTERS, STOCK_WORKERS, ensure_demo_users
from apps.inventory.models import Location, StockItem, StockMovement


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


def demo_data_present() -> bool:
    return catalog.catalog_present()


@transaction.atomic
def wipe_demo_data() -> None:
    purchasing.wipe()  # orders and price lists refer to parts
    inventory.stock_wipe()  # the ledger and stock records refer to parts and locations
    catalog.parts_wipe()
    inventory.locations_wipe()
    catalog.categories_wipe()


def seed(size_name: str, *, rng_seed: int = 42, log=print) -> None:
    size = SIZES[size_name]
    rng = random.Random(rng_seed)
    ensure_demo_users()
    # The ledger is booked by those whose role may: clerks and managers move stock,
    # managers adjust it (never the viewer or the purchaser).
    users = get_user_model().objects.order_by("id")
    stock_workers = list(users.filter(username__in=STOCK_WORKERS).values_list("id", flat=True))
    adjusters = list(users.filter(username__in=ADJUSTERS).values_list("id", flat=True))
    with transaction.atomic():
        leaf_categories = catalog.categories_create(size.category_shape)
        log(f"categories: {Category.objects.count()}")
        leaf_locations = inventory.locations_create(size.location_shape)
        log(f"locations: {Location.objects.count()}")
    # One transaction for the bulk: on PostgreSQL the secondary indexes and foreign keys
    # of these tables are set aside while it loads and rebuilt once at the end.
    with transaction.atomic(), bulk_loading(Part, StockItem, StockMovement, log=log):
        part_ids = catalog.parts_create(
            count=size.parts,
            leaf_categories=leaf_categories,
            leaf_locations=leaf_locations,
            rng=rng,
        )
        log(f"parts: {len(part_ids)}")
        inventory.stock_create(
            stock_items=size.stock_items,
            movements=size.movements,
            part_ids=part_ids,
            leaf_locations=leaf_locations,
            user_ids=stock_workers or [None],
            adjuster_ids=adjusters or stock_workers or [None],
            rng=rng,
            log=log,
        )
    reset_sequences(StockItem, StockMovement)
    analyze(Category, Location, Part, StockItem, StockMovement)
    if size_name == "small":
        purchasing.seed_small(rng, log=log)
    else:  # suppliers, price lists and two years of purchase orders
        purchasing.seed_large(rng, log=log)
