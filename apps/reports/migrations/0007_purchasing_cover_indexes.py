"""PostgreSQL-only covering indexes for the purchasing report (docs/reports.md): orders by
day placed and by day received, and each order's lines with their quantity and price,
read index-only (the months since the last build, the checksum of the spend months,
lead times)."""

from django.db import migrations

from apps.core.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_spend_months"),
        ("purchasing", "0007_link_line_history"),
    ]

    operations = [
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS po_ordered_cover_idx ON purchasing_purchaseorder "
            "(ordered_at) INCLUDE (id, status, supplier_id, currency)",
            "DROP INDEX IF EXISTS po_ordered_cover_idx",
        ),
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS po_received_cover_idx ON purchasing_purchaseorder "
            "(received_at) INCLUDE (id, status, supplier_id, ordered_at, expected_date)",
            "DROP INDEX IF EXISTS po_received_cover_idx",
        ),
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS po_line_order_cover_idx ON purchasing_purchaseorderline "
            "(order_id) INCLUDE (quantity, unit_price)",
            "DROP INDEX IF EXISTS po_line_order_cover_idx",
        ),
    ]
