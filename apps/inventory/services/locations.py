"""Writes for the location tree: create, edit, archive/restore, delete.

Each function raises django's ValidationError with field keys, which the views put
next to the fields.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from apps.audit.recorder import audited_update
from apps.core.text_limits import TEXT_LENGTH, length_error
from apps.inventory.models import Location, StockItem, StockMovement
from apps.inventory.selectors.locations import location_tree_changed


def location_code_taken(*, code: str, exclude_pk: int | None = None) -> Location | None:
    """The location already using `code` (case-insensitively), if any."""
    others = Location.objects.filter(code__iexact=code.strip())
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.first()


def _check(location: Location, *, parent: Location | None) -> None:
    if error := length_error(location.description, TEXT_LENGTH):
        raise ValidationError({"description": error})
    taken = location_code_taken(code=location.code, exclude_pk=location.pk)
    if taken is not None:
        raise ValidationError(
            {"code": f"The code “{location.code}” is already used by {taken.name}."}
        )
    if parent is not None:
        if location.pk and parent.path.startswith(location.path):
            raise ValidationError(
                {"parent": "A location cannot be moved inside itself or below itself."}
            )
        if not parent.is_active:
            raise ValidationError(
                {"parent": f"{parent.code} is archived; choose an active location."}
            )


def _save(location: Location) -> Location:
    transaction.on_commit(location_tree_changed)
    try:
        with transaction.atomic():
            location.save()
    except IntegrityError as error:  # a concurrent request took the code
        raise ValidationError({"code": f"The code “{location.code}” is already used."}) from error
    return location


@transaction.atomic
def location_create(
    *,
    code: str,
    name: str,
    parent: Location | None = None,
    description: str = "",
    allow_negative_stock: bool = False,
) -> Location:
    location = Location(
        code=code.strip(),
        name=name.strip(),
        parent=parent,
        description=description,
        allow_negative_stock=allow_negative_stock,
    )
    _check(location, parent=parent)
    return _save(location)


@transaction.atomic
def location_update(
    *,
    location: Location,
    code: str,
    name: str,
    parent: Location | None,
    description: str = "",
    allow_negative_stock: bool = False,
) -> Location:
    location = Location.objects.select_for_update().get(pk=location.pk)
    location.code = code.strip()
    location.name = name.strip()
    location.description = description
    location.allow_negative_stock = allow_negative_stock
    _check(location, parent=parent)
    location.parent = parent
    return _save(location)


@transaction.atomic
def location_archive(*, location: Location) -> int:
    """Archives the location and everything below it; they keep their history.

    Refused while any of them still holds stock. Returns how many were archived."""
    subtree = Location.objects.select_for_update().filter(path__startswith=location.path)
    subtree_ids = list(subtree.values_list("pk", flat=True))
    if StockItem.objects.filter(location_id__in=subtree_ids).exclude(quantity=0).exists():
        raise ValidationError(
            f"{location.code} still holds stock. Move or issue it before archiving the location."
        )
    transaction.on_commit(location_tree_changed)
    # audited_update: a bulk update fires no signals; this records each location's change.
    return audited_update(Location.objects.filter(pk__in=subtree_ids), is_active=False)


@transaction.atomic
def location_restore(*, location: Location) -> None:
    location = Location.objects.select_for_update().get(pk=location.pk)
    if location.parent_id and not location.parent.is_active:
        raise ValidationError(f"Restore {location.parent.code} first: it holds this location.")
    location.is_active = True
    location.save(update_fields=["is_active"])
    transaction.on_commit(location_tree_changed)


@transaction.atomic
def location_delete(*, location: Location) -> None:
    """Deletes a location that was never used; otherwise tells why not (archive it)."""
    location = Location.objects.select_for_update().get(pk=location.pk)
    reasons = []
    if Location.objects.filter(parent=location).exists():
        reasons.append("it contains other locations")
    if StockItem.objects.filter(location=location).exists():
        reasons.append("it has stock records")
    if (
        StockMovement.objects.filter(location=location).exists()
        or StockMovement.objects.filter(other_location=location).exists()
    ):
        reasons.append("stock movements refer to it")
    if reasons:
        raise ValidationError(
            f"{location.code} cannot be deleted because {' and '.join(reasons)}. "
            "Archive it instead: archived locations keep their history."
        )
    transaction.on_commit(location_tree_changed)
    try:
        location.delete()
    except ProtectedError as error:
        raise ValidationError(
            f"{location.code} is still referred to by other records. Archive it instead."
        ) from error
