"""Records history for a registry of tracked models, without services having to remember.

pre_save reads the row as it is in the database, post_save writes the diff, post_delete
writes the last values. Everything happens in the transaction of the write itself, so a
rolled-back write leaves no history either.

Bulk `QuerySet.update()` and `bulk_create()` fire no signals: services that use them call
`audited_update()` or `record_change()` (see docs/security.md).
"""

import datetime
import decimal
import uuid

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save

from apps.audit.context import current
from apps.audit.models import AuditAction, AuditEntry, AuditParent

# "app_label.ModelName" of the records whose history is kept. Labels whose model does not
# exist (yet) are skipped.
TRACKED_MODELS = (
    "catalog.Category",
    "catalog.Part",
    "inventory.Location",
    "purchasing.Supplier",
    "purchasing.SupplierPart",
    "purchasing.PurchaseOrder",
    "purchasing.PurchaseOrderLine",
)
# Never part of a diff: denormalized figures (stock changes are in the ledger) and the
# tree bookkeeping derived from `parent`.
EXCLUDED_FIELDS = {
    "catalog.Part": {"quantity_on_hand"},
    "catalog.Category": {"path", "depth"},
    "inventory.Location": {"path", "depth"},
}
# The lines of a record: their changes also show in the history of the record(s) named
# by these foreign keys (a price-list line on its part's and its supplier's History tab,
# an order line on its order's).
PARENT_FIELDS = {
    "purchasing.SupplierPart": ("part", "supplier"),
    "purchasing.PurchaseOrderLine": ("order",),
}
_DISPATCH = "audit_recorder"


def tracked_models() -> list[type[models.Model]]:
    found = []
    for label in TRACKED_MODELS:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return found


def is_tracked(model) -> bool:
    return model._meta.label in TRACKED_MODELS and model in tracked_models()


def connect_tracked_models() -> None:
    for model in tracked_models():
        uid = f"{_DISPATCH}:{model._meta.label}"
        pre_save.connect(_remember_before, sender=model, dispatch_uid=uid)
        post_save.connect(_record_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_record_delete, sender=model, dispatch_uid=uid)


def audited_fields(model) -> list[models.Field]:
    excluded = EXCLUDED_FIELDS.get(model._meta.label, set())
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.name not in excluded
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    ]


def _plain(value):
    """A JSON-friendly form of a field value."""
    if value is None or isinstance(value, (bool, int, str, float)):
        return value
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")  # 100.000 → "100" (never "1E+2"), 0.500 → "0.5"
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def snapshot(instance) -> dict:
    """Field name (attname for foreign keys, e.g. `category_id`) → plain value."""
    return {
        field.attname: _plain(field.value_from_object(instance))
        for field in audited_fields(type(instance))
    }


def diff(before: dict, after: dict) -> dict:
    return {
        name: [before.get(name), after.get(name)]
        for name in after.keys() | before.keys()
        if before.get(name) != after.get(name)
    }


def parent_fields(model) -> list[models.ForeignKey]:
    """The foreign keys naming the records `model`'s rows are lines of (PARENT_FIELDS)."""
    return [model._meta.get_field(name) for name in PARENT_FIELDS.get(model._meta.label, ())]


def child_models(model) -> list[type[models.Model]]:
    """The tracked models whose rows are lines of `model`'s records."""
    return [
        child
        for child in tracked_models()
        if any(field.related_model is model for field in parent_fields(child))
    ]


def parents_of(model, *values: dict) -> list[tuple[type[models.Model], str]]:
    """(parent model, id) for each parent foreign key of `model` in the snapshots
    `values` (before and after: a line moved to another record shows in both)."""
    found = []
    for field in parent_fields(model):
        for snapshot_values in values:
            value = (snapshot_values or {}).get(field.attname)
            pair = (field.related_model, str(value))
            if value not in (None, "") and pair not in found:
                found.append(pair)
    return found


def _link_parents(entries: list[AuditEntry], parents: list[list], using: str) -> None:
    links = [
        AuditParent(
            entry=entry,
            content_type=ContentType.objects.db_manager(using).get_for_model(
                parent_model, for_concrete_model=True
            ),
            object_id=object_id,
        )
        for entry, pairs in zip(entries, parents, strict=True)
        for parent_model, object_id in pairs
    ]
    if links:
        AuditParent.objects.using(using).bulk_create(links, batch_size=1000)


def record_change(
    model,
    object_id,
    *,
    action: str,
    changes: dict,
    object_repr: str = "",
    using: str = "default",
    parents: list | None = None,
) -> AuditEntry:
    """Writes one history entry with the current user and request id. For code paths that
    bypass model signals (bulk writes, raw SQL). `parents`: (model, id) of the records the
    changed row is a line of (see `parents_of`)."""
    context = current()
    entry = AuditEntry.objects.using(using).create(
        content_type=ContentType.objects.db_manager(using).get_for_model(
            model, for_concrete_model=True
        ),
        object_id=str(object_id),
        object_repr=(object_repr or f"{model._meta.verbose_name} {object_id}")[:200],
        action=action,
        user=context.resolve_user(),
        request_id=context.request_id,
        source=context.source[:200],
        changes=changes,
    )
    if parents:
        _link_parents([entry], [parents], using)
    return entry


def record_changes(model, entries, *, using: str = "default") -> int:
    """Writes many history entries at once, for bulk writes (imports): `entries` yields
    (object_id, action, changes, object_repr). Same user and request id as record_change."""
    context = current()
    user = context.resolve_user()
    content_type = ContentType.objects.db_manager(using).get_for_model(
        model, for_concrete_model=True
    )
    batch = [
        AuditEntry(
            content_type=content_type,
            object_id=str(object_id),
            object_repr=(object_repr or f"{model._meta.verbose_name} {object_id}")[:200],
            action=action,
            user=user,
            request_id=context.request_id,
            source=context.source[:200],
            changes=changes,
        )
        for object_id, action, changes, object_repr in entries
    ]
    AuditEntry.objects.using(using).bulk_create(batch, batch_size=1000)
    return len(batch)


def audited_update(queryset, **values) -> int:
    """`queryset.update(**values)` that also records the per-row diff of what it changed.

    Use it instead of a bare `.update()` on a tracked model. Reads the affected rows first
    (lock them with select_for_update in the calling transaction if they are contended) and
    writes the history entries in batches.
    """
    model = queryset.model
    if not is_tracked(model):
        return queryset.update(**values)
    fields = {key: f for f in audited_fields(model) for key in (f.name, f.attname)}
    tracked = {name: fields[name] for name in values if name in fields}
    rows = list(queryset)
    count = (
        model._default_manager.using(queryset.db)
        .filter(pk__in=[row.pk for row in rows])
        .update(**values)
    )
    if not tracked or not rows:
        return count
    if any(hasattr(value, "resolve_expression") for value in values.values()):
        # F() and other expressions: read back what the database computed.
        after_rows = {
            row.pk: row
            for row in model._default_manager.using(queryset.db).filter(pk__in=[r.pk for r in rows])
        }
        after = lambda row, field: _plain(field.value_from_object(after_rows[row.pk]))  # noqa: E731
    else:
        plain = {}
        for name, field in tracked.items():
            value = values[name]
            plain[name] = _plain(
                value.pk if isinstance(value, models.Model) else field.to_python(value)
            )
        by_field = {field.attname: plain[name] for name, field in tracked.items()}
        after = lambda row, field: by_field[field.attname]  # noqa: E731
    context = current()
    user = context.resolve_user()
    content_type = ContentType.objects.db_manager(queryset.db).get_for_model(
        model, for_concrete_model=True
    )
    entries, parents = [], []
    for row in rows:
        changes = {}
        for field in tracked.values():
            before_value, after_value = _plain(field.value_from_object(row)), after(row, field)
            if before_value != after_value:
                changes[field.attname] = [before_value, after_value]
        if changes:
            before = {f.attname: _plain(f.value_from_object(row)) for f in parent_fields(model)}
            moved = {name: pair[1] for name, pair in changes.items()}
            parents.append(parents_of(model, before, moved))
            entries.append(
                AuditEntry(
                    content_type=content_type,
                    object_id=str(row.pk),
                    object_repr=str(row)[:200],
                    action=AuditAction.UPDATE,
                    user=user,
                    request_id=context.request_id,
                    source=context.source[:200],
                    changes=changes,
                )
            )
    AuditEntry.objects.using(queryset.db).bulk_create(entries, batch_size=1000)
    if any(parents):
        if entries and entries[0].pk is None:  # a backend that does not return ids
            raise NotImplementedError("audited_update of lines needs ids from bulk_create")
        _link_parents(entries, parents, queryset.db)
    return count


def _remember_before(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
    instance._audit_before = None
    if raw or instance._state.adding or instance.pk is None:
        return
    names = [field.attname for field in audited_fields(sender)]
    if update_fields is not None:
        wanted = {sender._meta.get_field(name).attname for name in update_fields}
        names = [name for name in names if name in wanted]
        if not names:  # only untracked fields change (e.g. a timestamp): nothing to record
            instance._audit_skip = True
            return
    row = sender._base_manager.using(using).filter(pk=instance.pk).values(*names).first()
    if row is not None:
        instance._audit_before = {name: _plain(value) for name, value in row.items()}


def _record_save(sender, instance, created, raw=False, using=None, update_fields=None, **kwargs):
    if raw or getattr(instance, "_audit_skip", False):  # loaddata, or nothing tracked changed
        instance._audit_skip = False
        return
    after = snapshot(instance)
    before = getattr(instance, "_audit_before", None)
    instance._audit_before = None
    if created or before is None:
        changes = {name: [None, value] for name, value in after.items() if value not in (None, "")}
        action = AuditAction.CREATE
    else:
        changes = {k: v for k, v in diff(before, after).items() if k in before}
        if not changes:
            return
        action = AuditAction.UPDATE
    record_change(
        sender,
        instance.pk,
        action=action,
        changes=changes,
        object_repr=str(instance),
        using=using,
        parents=parents_of(sender, before, after),
    )


def _record_delete(sender, instance, using=None, origin=None, **kwargs):
    before = snapshot(instance)
    changes = {name: [value, None] for name, value in before.items() if value not in (None, "")}
    record_change(
        sender,
        instance.pk,
        action=AuditAction.DELETE,
        changes=changes,
        object_repr=str(instance),
        using=using,
        parents=parents_of(sender, before),
    )
