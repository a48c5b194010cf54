"""The catalog of the demo data sets: a category tree and the parts."""

import random
from decimal import Decimal

from apps.catalog.models import Category, Part, UnitOfMeasure
from apps.demo.services.bulk import raw_delete, tree_create

CATEGORY_WORDS = [
    "Electronics",
    "Fasteners",
    "Tools",
    "Consumables",
    "Lab supplies",
    "Plumbing",
    "Electrical",
    "Safety",
    "Packaging",
    "Chemicals",
    "Adhesives",
    "Bearings",
]
SUB_WORDS = [
    "Passives",
    "Connectors",
    "Screws",
    "Nuts",
    "Cutting",
    "Measuring",
    "Gloves",
    "Tape",
    "Fittings",
    "Cables",
    "Sensors",
    "Filters",
    "Seals",
    "Springs",
]
LEAF_WORDS = [
    "Resistors",
    "Capacitors",
    "M3",
    "M4",
    "M5",
    "Small",
    "Large",
    "Heavy duty",
    "Metric",
    "Imperial",
    "Assorted",
    "Spare",
]
PART_NOUNS = [
    "Resistor",
    "Capacitor",
    "Screw",
    "Washer",
    "Nut",
    "Cable",
    "Connector",
    "Fuse",
    "Relay",
    "Bearing",
    "O-ring",
    "Drill bit",
    "Glove",
    "Tape",
    "Filter",
    "Sensor",
    "Switch",
    "Spring",
    "Hose clamp",
    "Pipette tip",
]
PART_ADJECTIVES = [
    "stainless",
    "zinc-plated",
    "nylon",
    "brass",
    "ceramic",
    "high-temp",
    "low-profile",
    "shielded",
    "insulated",
    "heavy-duty",
    "miniature",
    "metric",
]


def catalog_present() -> bool:
    return Part.objects.exists()


def category_fields(level: int, index: int, parent) -> dict:
    words = (CATEGORY_WORDS, SUB_WORDS, LEAF_WORDS)[min(level, 2)]
    return {
        "name": f"{words[index % len(words)]}"
        + (f" {index // len(words) + 1}" if index >= len(words) else "")
    }


def categories_create(shape: tuple[int, ...]) -> list[int]:
    """The category tree; returns the ids of its leaves."""
    return tree_create(Category, shape, category_fields)


def parts_create(
    *, count: int, leaf_categories: list[int], leaf_locations: list[int], rng: random.Random
) -> list[int]:
    """`count` parts in the leaf categories, each with a default location; returns all
    part ids in order."""
    units = [u.value for u in UnitOfMeasure]
    parts = []
    for number in range(1, count + 1):
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


def parts_wipe() -> None:
    raw_delete(Part)


def categories_wipe() -> None:
    Category.objects.update(parent=None)
    Category.objects.all().delete()
