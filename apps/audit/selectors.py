"""Reads for history pages."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from apps.audit.models import AuditEntry, AuditParent


def record_history(*, model, object_id, line_models=()) -> QuerySet[AuditEntry]:
    """The record's own changes and those of its lines of `line_models` (recorder.
    PARENT_FIELDS: a part's price-list lines, an order's lines), newest first.

    One query: the ids come from a UNION of the record's entries (audit_record_idx) and
    its lines' (audit_parent_idx), so each side is an index lookup."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    own = AuditEntry.objects.filter(content_type=content_type, object_id=str(object_id))
    ids = own.values("pk")
    if line_models:
        line_types = [
            ContentType.objects.get_for_model(m, for_concrete_model=True) for m in line_models
        ]
        lines = AuditParent.objects.filter(
            content_type=content_type,
            object_id=str(object_id),
            entry__content_type__in=line_types,
        ).values("entry_id")
        ids = ids.union(lines)
    return AuditEntry.objects.filter(pk__in=ids).select_related("user")


def _model_of(entry, default):
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    return model or default


def describe_changes(model, entries) -> None:
    """Gives each entry `rows`: (field label, before, after), with foreign keys shown by name,
    and `line_label` ("Price-list line Acme · R-1") when it is a change of one of the
    record's lines rather than of `model`'s record itself.

    One query per related model on the page, whatever the number of entries.
    """
    fields_of = {}
    for entry in entries:
        entry_model = _model_of(entry, model)
        fields_of[entry.pk] = {f.attname: f for f in entry_model._meta.concrete_fields}
        entry.line_label = (
            f"{entry_model._meta.verbose_name} {entry.object_repr}"
            if entry_model is not model
            else ""
        )
    wanted: dict = {}
    for entry in entries:
        fields = fields_of[entry.pk]
        for name, pair in (entry.changes or {}).items():
            field = fields.get(name)
            if field is not None and field.is_relation:
                # The key the relation stores: the pk, or another field (a unit's code).
                key = (field.related_model, field.target_field.attname)
                wanted.setdefault(key, set()).update(v for v in pair if v is not None)
    names = {
        related: {
            str(getattr(obj, target)): str(obj)
            for obj in related._default_manager.filter(**{f"{target}__in": ids})
        }
        for (related, target), ids in wanted.items()
    }

    def show(field, value):
        if value is None or value == "":
            return "—"
        if field is not None and field.is_relation:
            return names.get(field.related_model, {}).get(str(value), f"#{value} (deleted)")
        if field is not None and field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value

    for entry in entries:
        fields = fields_of[entry.pk]
        rows = []
        for name, pair in sorted((entry.changes or {}).items()):
            field = fields.get(name)
            label = field.verbose_name if field is not None else name
            before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
            rows.append((label, show(field, before), show(field, after)))
        entry.rows = rows
