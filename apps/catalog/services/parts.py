"""Writes to parts. Every function is one transaction; bulk changes are atomic."""

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import ProtectedError, QuerySet

from apps.audit.recorder import audited_update
from apps.catalog.models import Category, Part
from apps.core.errors import DomainError

PART_FIELDS = {
    "sku",
    "name",
    "description",
    "category",
    "unit",
    "barcode",
    "reorder_point",
    "reorder_quantity",
    "unit_cost",
    "default_location",
    "tracks_batches",
    "image",
    "notes",
}


class CatalogError(DomainError):
    """A catalog rule refused the change (parts and categories); views show the message
    next to the form field it names, or above the form."""


def _apply(part: Part, fields: dict) -> None:
    unknown = set(fields) - PART_FIELDS
    if unknown:
        raise TypeError(f"Unknown part fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name == "unit" and isinstance(value, str):
            name = "unit_id"  # a unit by its code
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
        raise CatalogError("The reorder point cannot be negative.", field="reorder_point")
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
        raise CatalogError(f"{locked.sku} is used by other records; archive it instead.") from None


def _lock(parts: QuerySet[Part] | Iterable[int]) -> list[int]:
    if not isinstance(parts, QuerySet):
        parts = Part.objects.filter(pk__in=list(parts))
    return list(parts.order_by("pk").select_for_update().values_list("pk", flat=True))


@transaction.atomic
def parts_bulk_set_category(*, parts: QuerySet[Part] | Iterable[int], category: Category) -> int:
    """Moves every given part to `category`; all or nothing. Returns how many."""
    if not category.is_active:
        raise CatalogError("Archived categories cannot take parts.", field="target_category")
    ids = _lock(parts)
    return audited_update(Part.objects.filter(pk__in=ids), category=category)  # recorded in history


@transaction.atomic
def parts_bulk_set_active(*, parts: QuerySet[Part] | Iterable[int], active: bool) -> int:
    """Activates or archives every given part; all or nothing. Returns how many changed."""
    ids = _lock(parts)
    return audited_update(
        Part.objects.filter(pk__in=ids).exclude(is_active=active), is_active=active
    )
