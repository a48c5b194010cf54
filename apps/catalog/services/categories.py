"""Writes to the category tree. Every function is one transaction."""

from django.db import transaction

from apps.catalog.models import Category
from apps.catalog.services.parts import CatalogError
from apps.core.text_limits import TEXT_LENGTH, length_error


def _check_description(description: str) -> None:
    if error := length_error(description, TEXT_LENGTH):
        raise CatalogError(error, field="description")


@transaction.atomic
def category_create(
    *, name: str, parent: Category | None = None, description: str = ""
) -> Category:
    if parent is not None and not Category.objects.select_for_update().get(pk=parent.pk).is_active:
        raise CatalogError("An archived category cannot take new children.", field="parent")
    _check_description(description)
    category = Category(name=name, parent=parent, description=description)
    category.save()
    return category


@transaction.atomic
def category_update(
    *, category: Category, name: str, parent: Category | None, description: str = ""
) -> Category:
    Category.objects.select_for_update().filter(pk=category.pk).exists()
    if parent is not None and parent.path.startswith(category.path):
        raise CatalogError("A category cannot be placed inside itself.", field="parent")
    _check_description(description)
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
