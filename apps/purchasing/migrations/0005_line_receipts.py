# Receipts booked against order lines, so a reversed receipt reopens its order (issue 12).

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models


def link_earlier_receipts(apps, schema_editor):
    """Receipts booked before this table existed: a receive movement whose reference is
    an order's number and whose part is on exactly one of that order's lines with
    something received. Those already reversed are given back to their lines, and their
    orders' status follows (what the reversal did not do then)."""
    Line = apps.get_model("purchasing", "PurchaseOrderLine")
    Order = apps.get_model("purchasing", "PurchaseOrder")
    Movement = apps.get_model("inventory", "StockMovement")
    LineReceipt = apps.get_model("purchasing", "LineReceipt")
    candidates, ambiguous = {}, set()
    for line_id, number, part_id in (
        Line.objects.filter(received_quantity__gt=0)
        .values_list("pk", "order__number", "part_id")
        .iterator(chunk_size=5000)
    ):
        key = (number, part_id)
        if key in candidates:
            ambiguous.add(key)
        candidates[key] = line_id
    if not candidates:
        return
    links = []
    for pk, reference, part_id in (
        Movement.objects.filter(kind="receive", reference__startswith="PO-")
        .values_list("pk", "reference", "part_id")
        .iterator(chunk_size=5000)
    ):
        key = (reference, part_id)
        if key in candidates and key not in ambiguous:
            links.append(LineReceipt(line_id=candidates[key], movement_id=pk))
    LineReceipt.objects.bulk_create(links, batch_size=5000)
    line_of = {link.movement_id: link.line_id for link in links}
    given_back = defaultdict(int)
    for reversed_id, quantity in Movement.objects.filter(
        reverses_id__in=list(line_of)
    ).values_list("reverses_id", "quantity"):
        given_back[line_of[reversed_id]] += quantity  # a reversal's quantity is negative
    orders = set()
    for line in Line.objects.filter(pk__in=list(given_back)):
        line.received_quantity = max(line.received_quantity + given_back[line.pk], 0)
        line.save(update_fields=["received_quantity"])
        orders.add(line.order_id)
    for order in Order.objects.filter(pk__in=orders, status__in=["received", "partially_received"]):
        lines = list(Line.objects.filter(order=order))
        if all(line.received_quantity >= line.quantity for line in lines):
            continue
        received_any = any(line.received_quantity > 0 for line in lines)
        order.status = "partially_received" if received_any else "ordered"
        order.received_at = None
        order.save(update_fields=["status", "received_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0006_text_limits"),
        ("purchasing", "0004_text_limits"),
    ]

    operations = [
        migrations.CreateModel(
            name="LineReceipt",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "line",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="receipts",
                        to="purchasing.purchaseorderline",
                    ),
                ),
                (
                    "movement",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="purchase_receipt",
                        to="inventory.stockmovement",
                    ),
                ),
            ],
        ),
        migrations.RunPython(link_earlier_receipts, migrations.RunPython.noop),
    ]
