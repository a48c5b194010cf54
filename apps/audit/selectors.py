"""Reads for history pages."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from apps.audit.models import AuditEntry


def record_history(*, model, object_id) -> QuerySet[AuditEntry]:
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    return AuditEntry.objects.filter(
        content_type=content_type, object_id=str(object_id)
    ).select_related("user")


def describe_changes(model, entries) -> None:
    """Gives each entry `rows`: (field label, before, after), with foreign keys shown by name.

    One query per related model on the page, whatever the number of entries.
    """
    fields = {field.attname: field for field in model._meta.concrete_fields}
    wanted: dict = {}
    for entry in entries:
        for name, pair in (entry.changes or {}).items():
            field = fields.get(name)
            if field is not None and field.is_relation:
                wanted.setdefault(field.related_model, set()).update(
                    v for v in pair if v is not None
                )
    names = {
        related: {str(obj.pk): str(obj) for obj in related._default_manager.filter(pk__in=ids)}
        for related, ids in wanted.items()
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
        rows = []
        for name, pair in sorted((entry.changes or {}).items()):
            field = fields.get(name)
            label = field.verbose_name if field is not None else name
            before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
            rows.append((label, show(field, before), show(field, after)))
        entry.rows = rows
