# History recorded before the audit app linked lines to their records (issue 12): each
# entry of a price-list line or an order line gets its parents, from the row as it is
# now or, for a deleted row, from the values its creation or deletion recorded.

from django.db import migrations

PARENTS = {
    "supplierpart": (("part_id", "catalog", "part"), ("supplier_id", "purchasing", "supplier")),
    "purchaseorderline": (("order_id", "purchasing", "purchaseorder"),),
}


def link_line_history(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditParent = apps.get_model("audit", "AuditParent")
    for model_name, fields in PARENTS.items():
        line_type = ContentType.objects.filter(app_label="purchasing", model=model_name).first()
        if line_type is None:
            continue
        model = apps.get_model("purchasing", model_name)
        parent_types = {}
        for attname, app_label, parent_model in fields:
            parent_type, _ = ContentType.objects.get_or_create(
                app_label=app_label, model=parent_model
            )
            parent_types[attname] = parent_type
        current = {str(row["pk"]): row for row in model.objects.values("pk", *parent_types)}
        links = []
        entries = AuditEntry.objects.filter(content_type=line_type).exclude(parents__isnull=False)
        recorded = {}
        for entry in entries.order_by("id").iterator(chunk_size=2000):
            for attname, pair in (entry.changes or {}).items():
                if attname in parent_types and isinstance(pair, list):
                    for value in pair:
                        if value not in (None, ""):
                            recorded.setdefault(entry.object_id, {})[attname] = value
            row = current.get(entry.object_id) or recorded.get(entry.object_id, {})
            for attname, parent_type in parent_types.items():
                value = row.get(attname)
                if value not in (None, ""):
                    links.append(
                        AuditParent(entry=entry, content_type=parent_type, object_id=str(value))
                    )
        AuditParent.objects.bulk_create(links, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_entry_parents"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("purchasing", "0006_price_list_line_name"),
    ]

    operations = [migrations.RunPython(link_line_history, migrations.RunPython.noop)]
