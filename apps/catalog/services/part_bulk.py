"""Many parts created and changed in one go (spreadsheet imports): bulk statements, the
rows it changes locked, history recorded per part as for single writes.

Values arrive validated (PartForm's field rules, apps/imports); this service enforces what
only the database knows at the moment of writing: a SKU or barcode taken meanwhile."""

from collections.abc import Callable
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from apps.audit.models import AuditAction
from apps.audit.recorder import diff, record_changes, snapshot
from apps.catalog.models import Part
from apps.catalog.services.parts import PART_FIELDS, CatalogError

BATCH = 1000
ATTRS = {
    field if field not in ("category", "default_location", "unit") else f"{field}_id"
    for field in PART_FIELDS
} | {"is_active"}


def _check(fields: dict) -> None:
    unknown = set(fields) - ATTRS
    if unknown:
        raise TypeError(f"Unknown part fields: {sorted(unknown)}")


def _update_rows(parts: list[Part], names: list[str]) -> None:
    """Writes `names` of `parts`. On PostgreSQL one UPDATE … FROM (VALUES …) per batch:
    Django's bulk_update builds a CASE WHEN per part and field, which costs seconds of
    Python per thousand parts. Elsewhere (SQLite) an UPDATE per part. Column names come
    from the model, every value is a parameter."""
    if connection.vendor != "postgresql":
        for part in parts:
            Part.objects.filter(pk=part.pk).update(**{n: getattr(part, n) for n in names})
        return
    fields = [Part._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
    casts = ", ".join(f"%s::{f.db_type(connection)}" for f in fields)
    for start in range(0, len(parts), 500):
        batch = parts[start : start + 500]
        values = ", ".join(f"(%s::bigint, {casts})" for _ in batch)
        params = []
        for part in batch:
            params.append(part.pk)
            params.extend(f.get_db_prep_save(getattr(part, f.attname), connection) for f in fields)
        sql = (
            f"UPDATE {quote(Part._meta.db_table)} AS p SET {assignments} "
            f"FROM (VALUES {values}) AS v(id, {columns}) WHERE p.id = v.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


@transaction.atomic
def parts_bulk_save(
    *,
    creates: list[dict],
    updates: dict[int, dict],
    progress: Callable[[int], None] | None = None,
) -> list[int]:
    """Creates a part for each dict of `creates` and sets `updates[pk]` on existing parts.
    All or nothing; returns the new parts' ids. `progress(n)` is told of each batch."""
    now = timezone.now()
    ids = sorted(updates)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        parts = list(Part.objects.select_for_update().filter(pk__in=chunk).order_by("pk"))
        if len(parts) != len(chunk):
            raise CatalogError("A part to update was deleted meanwhile; check the file again.")
        entries, names = [], {"updated_at"}
        for part in parts:
            fields = updates[part.pk]
            _check(fields)
            before = snapshot(part)
            for name, value in fields.items():
                setattr(part, name, value)
                names.add(name)
            part.updated_at = now
            changes = diff(before, snapshot(part))
            if changes:
                entries.append((part.pk, AuditAction.UPDATE, changes, str(part)))
        try:
            with transaction.atomic():
                _update_rows(parts, sorted(names))
        except IntegrityError:
            raise CatalogError(
                "A SKU or barcode of this import was taken by another part meanwhile; "
                "check the file again."
            ) from None
        record_changes(Part, entries)
        if progress:
            progress(len(chunk))
    created: list[int] = []
    for start in range(0, len(creates), BATCH):
        batch = []
        for fields in creates[start : start + BATCH]:
            _check(fields)
            part = Part(**fields)
            part.quantity_on_hand = Decimal(0)
            batch.append(part)
        try:
            with transaction.atomic():
                Part.objects.bulk_create(batch, batch_size=BATCH)
        except IntegrityError:
            raise CatalogError(
                "A SKU or barcode of this import was taken by another part meanwhile; "
                "check the file again."
            ) from None
        record_changes(
            Part,
            (
                (
                    part.pk,
                    AuditAction.CREATE,
                    {k: [None, v] for k, v in snapshot(part).items() if v not in (None, "")},
                    str(part),
                )
                for part in batch
            ),
        )
        created.extend(part.pk for part in batch)
        if progress:
            progress(len(batch))
    return created


@transaction.atomic
def parts_bulk_delete(*, ids: list[int]) -> int:
    """Deletes parts that were never used (undoing an import that created them); refuses
    all of them when any has stock, movements or price-list lines."""
    ids = sorted(set(ids))
    deleted = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        parts = list(Part.objects.select_for_update().filter(pk__in=chunk).order_by("pk"))
        used = list(
            Part.objects.filter(pk__in=chunk)
            .filter(
                Q(movements__isnull=False)
                | Q(stock_items__isnull=False)
                | Q(supplier_parts__isnull=False)
            )
            .values_list("sku", flat=True)
            .distinct()[:5]
        )
        if used:
            raise CatalogError(
                f"{', '.join(used)} {'is' if len(used) == 1 else 'are'} in use (stock, movements "
                "or price lists) and cannot be deleted."
            )
        # QuerySet.delete() sends post_delete per part: the history records each one.
        deleted += (
            Part.objects.filter(pk__in=[p.pk for p in parts]).delete()[1].get(Part._meta.label, 0)
        )
    return deleted
