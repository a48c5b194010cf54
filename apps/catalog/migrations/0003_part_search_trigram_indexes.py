"""Trigram indexes so substring search on SKU and name stays fast at 100,000 parts."""

from django.db import migrations

from apps.core.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_initial")]

    operations = [
        PostgresOnlySQL("CREATE EXTENSION IF NOT EXISTS pg_trgm", reverse_sql=migrations.RunSQL.noop),
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS part_sku_trgm_idx ON catalog_part USING gin (upper(sku) gin_trgm_ops)",
            reverse_sql="DROP INDEX IF EXISTS part_sku_trgm_idx",
        ),
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS part_name_trgm_idx ON catalog_part USING gin (upper(name) gin_trgm_ops)",
            reverse_sql="DROP INDEX IF EXISTS part_name_trgm_idx",
        ),
    ]
