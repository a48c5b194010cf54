"""The catalog of the demo data sets: the category tree of apps/demo/services/taxonomy.py
and parts that fit their category (name, unit, price)."""

import random
from decimal import Decimal

from apps.catalog.models import Category, Part
from apps.demo.services.bulk import raw_delete, tree_create
from apps.demo.services.taxonomy import TAXONOMY, Group, Leaf, Root

PLAIN = "standard"  # a variant that adds nothing to the name


def catalog_present() -> bool:
    return Part.objects.exists()


def _root(name: str) -> Root:
    return next(root for root in TAXONOMY if root.name == name)


def _group(root: str, name: str) -> Group:
    return next(group for group in _root(root).groups if group.name == name)


def category_fields(level: int, index: int, parent) -> dict:
    """The name of the `index`-th child of `parent` in the taxonomy (shapes larger than
    the taxonomy are refused: a numbered "Resistors 2" is what the demo must not show)."""
    if level == 0:
        nodes = TAXONOMY
    elif level == 1:
        nodes = _root(parent.name).groups
    elif level == 2:
        nodes = _group(parent.parent.name, parent.name).leaves
    else:
        raise ValueError("The demo taxonomy has three levels.")
    if index >= len(nodes):
        raise ValueError(f"The demo taxonomy has {len(nodes)} categories at level {level}.")
    return {"name": nodes[index].name}


def categories_create(shape: tuple[int, ...]) -> list[int]:
    """The category tree; returns the ids of its leaves."""
    return tree_create(Category, shape, category_fields)


def leaves_by_id(leaf_ids: list[int]) -> dict[int, Leaf]:
    """The taxonomy leaf of each leaf category (one query)."""
    found = {}
    for category in Category.objects.filter(pk__in=leaf_ids).select_related("parent__parent"):
        group = _group(category.parent.parent.name, category.parent.name)
        found[category.pk] = next(leaf for leaf in group.leaves if leaf.name == category.name)
    return found


def part_name(leaf: Leaf, rng: random.Random) -> str:
    variant = rng.choice(leaf.variants)
    return leaf.noun if variant == PLAIN else f"{leaf.noun} {variant}"


def parts_create(
    *, count: int, leaf_categories: list[int], leaf_locations: list[int], rng: random.Random
) -> list[int]:
    """`count` parts in the leaf categories, each named, counted and priced as its
    category says, with a default location; returns all part ids in order."""
    leaves = leaves_by_id(leaf_categories)
    parts = []
    for number in range(1, count + 1):
        category_id = rng.choice(leaf_categories)
        leaf = leaves[category_id]
        name = part_name(leaf, rng)
        unit_cost = Decimal(rng.randint(*leaf.cents)) / 100
        # Cheap parts are kept by the hundred, dear ones a few at a time.
        reorder_point = Decimal(rng.choice([0, 20, 50, 100] if unit_cost < 1 else [0, 2, 5, 10]))
        parts.append(
            Part(
                sku=f"P-{number:06d}",
                name=name,
                description="",
                category_id=category_id,
                unit_id=leaf.unit,
                barcode=f"20{number:011d}" if number % 3 else None,
                reorder_point=reorder_point,
                reorder_quantity=reorder_point * 2,
                unit_cost=unit_cost,
                default_location_id=rng.choice(leaf_locations),
                is_active=number % 33 != 0,  # about 3 % archived
            )
        )
    Part.objects.bulk_create(parts, batch_size=5000)
    return list(Part.objects.order_by("id").values_list("id", flat=True))


def parts_wipe() -> None:
    raw_delete(Part)


def categories_wipe() -> None:
    Category.objects.update(parent=None)
    Category.objects.all().delete()
