"""The parts search also matches descriptions: a trigram index keeps that indexed too,
so the search's OR of SKU, name, description and barcode is a BitmapOr of index scans."""

from django.db import migrations

from apps.core.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_alter_part_options")]

    operations = [
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS part_description_trgm_idx ON catalog_part "
            "USING gin (upper(description) gin_trgm_ops)",
            reverse_sql="DROP INDEX IF EXISTS part_description_trgm_idx",
        ),
    ]
