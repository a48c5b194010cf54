"""Writes to the catalog. Every function is one transaction; bulk changes are atomic."""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, QuerySet

from apps.audit.recorder import audited_update
from apps.catalog.models import Category, Part

PART_FIELDS = {
    "sku", "name", "description", "category", "unit", "barcode", "reorder_point",
    "reorder_quantity", "unit_cost", "default_location", "tracks_batches", "image", "notes",
}


class CatalogError(ValidationError):
    """A catalog rule refused the change; views show the message next to the form."""


def _apply(part: Part, fields: dict) -> None:
    unknown = set(fields) - PART_FIELDS
    if unknown:
        raise TypeError(f"Unknown part fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(part, name, value)


@transaction.atomic
def part_create(**fields) -> Part:
    part = Part()
    _apply(part, fields)
    part.full_clean(exclude=["image"])
    part.save()
    return part


@transaction.atomic
def part_update(*, part: Part, **fields) -> Part:
    locked = Part.objects.select_for_update().get(pk=part.pk)
    # quantity_on_hand belongs to the stock services; keep the locked value.
    part.quantity_on_hand = locked.quantity_on_hand
    _apply(part, fields)
    part.full_clean(exclude=["image"])
    part.save()
    return part


@transaction.atomic
def part_set_reorder_point(*, part_id: int, reorder_point: Decimal) -> Part:
    if reorder_point < 0:
        raise CatalogError({"reorder_point": "The reorder point cannot be negative."})
    part = Part.objects.select_for_update().get(pk=part_id)
    part.reorder_point = reorder_point
    part.save(update_fields=["reorder_point", "updated_at"])
    return part


@transaction.atomic
def part_set_active(*, part: Part, active: bool) -> Part:
    """Archive (active=False) or restore a part; its history and stock stay."""
    locked = Part.objects.select_for_update().get(pk=part.pk)
    locked.is_active = active
    locked.save(update_fields=["is_active", "updated_at"])
    return locked


@transaction.atomic
def part_delete(*, part: Part) -> None:
    """Deletes a part that was never used; a part with stock history is refused."""
    locked = Part.objects.select_for_update().get(pk=part.pk)
    if locked.movements.exists() or locked.stock_items.exists():
        raise CatalogError(
            f"{locked.sku} has stock movements and cannot be deleted; archive it instead."
        )
    try:
        locked.delete()
    except ProtectedError:
        raise CatalogError(f"{locked.sku} is used by other records; archive it instead.")


def _lock(parts: QuerySet[Part] | Iterable[int]) -> list[int]:
    if not isinstance(parts, QuerySet):
        parts = Part.objects.filter(pk__in=list(parts))
    return list(parts.order_by("pk").select_for_update().values_list("pk", flat=True))


@transaction.atomic
def parts_bulk_set_category(*, parts: QuerySet[Part] | Iterable[int], category: Category) -> int:
    """Moves every given part to `category`; all or nothing. Returns how many."""
    if not category.is_active:
        raise CatalogError({"target_category": "Archived categories cannot take parts."})
    ids = _lock(parts)
    return audited_update(Part.objects.filter(pk__in=ids), category=category)  # recorded in history


@transaction.atomic
def parts_bulk_set_active(*, parts: QuerySet[Part] | Iterable[int], active: bool) -> int:
    """Activates or archives every given part; all or nothing. Returns how many changed."""
    ids = _lock(parts)
    return audited_update(Part.objects.filter(pk__in=ids).exclude(is_active=active), is_active=active)


@transaction.atomic
def category_create(*, name: str, parent: Category | None = None, description: str = "") -> Category:
    if parent is not None and not Category.objects.select_for_update().get(pk=parent.pk).is_active:
        raise CatalogError({"parent": "An archived category cannot take new children."})
    category = Category(name=name, parent=parent, description=description)
    category.save()
    return category


@transaction.atomic
def category_update(
    *, category: Category, name: str, parent: Category | None, description: str = ""
) -> Category:
    Category.objects.select_for_update().filter(pk=category.pk).exists()
    if parent is not None and parent.path.startswith(category.path):
        raise CatalogError({"parent": "A category cannot be placed inside itself."})
    category.name, category.parent, category.description = name, parent, description
    category.save()
    return category


@transaction.atomic
def category_set_active(*, category: Category, active: bool) -> Category:
    """Archive or restore one category. Its parts keep it; it is no longer offered."""
    locked = Category.objects.select_for_update().get(pk=category.pk)
    if active and locked.parent_id and not locked.parent.is_active:
        raise CatalogError("Restore the parent category first.")
    locked.is_active = active
    locked.save()
    return locked


@transaction.atomic
def category_delete(*, category: Category) -> None:
    """Deletes an unused category; one with parts or children is refused."""
    locked = Category.objects.select_for_update().get(pk=category.pk)
    parts = locked.parts.count()
    children = locked.children.count()
    if parts or children:
        reasons = []
        if parts:
            reasons.append(f"{parts} part{'s' if parts != 1 else ''}")
        if children:
            reasons.append(f"{children} subcategor{'ies' if children != 1 else 'y'}")
        raise CatalogError(
            f"“{locked.name}” has {' and '.join(reasons)} and cannot be deleted; archive it instead."
        )
    locked.delete()
