"""PostgreSQL-only covering indexes for the reports' sums (docs/reports.md): a range of
the ledger by time, and every part's cost, category and on-hand, read index-only."""

from django.db import migrations

from apps.core.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_value_snapshots"),
        ("inventory", "0006_text_limits"),
        ("catalog", "0010_part_updated_at_index"),
    ]

    operations = [
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS movement_created_cover_idx ON inventory_stockmovement "
            "(created_at) INCLUDE (kind, part_id, location_id, quantity)",
            "DROP INDEX IF EXISTS movement_created_cover_idx",
        ),
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS part_cost_cover_idx ON catalog_part "
            "(id) INCLUDE (unit_cost, category_id, quantity_on_hand)",
            "DROP INDEX IF EXISTS part_cost_cover_idx",
        ),
    ]
