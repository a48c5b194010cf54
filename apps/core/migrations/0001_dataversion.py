from django.db import migrations, models

from apps.core.migration_ops import PostgresOnlySQL

# Called by the per-table triggers (apps/core/response_cache.py). A deferred constraint
# trigger runs at commit, after the transaction has taken every other lock, so the
# version row is always the last lock a writer takes: writers queue on it for an
# instant at commit but cannot deadlock on it. The transaction-local setting makes it
# one UPDATE per transaction however many rows it wrote.
BUMP_FUNCTION = """
CREATE OR REPLACE FUNCTION core_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('stockroom.data_changed', true) IS DISTINCT FROM 'on' THEN
        UPDATE core_dataversion SET value = value + 1 WHERE id = 1;
        PERFORM set_config('stockroom.data_changed', 'on', true);
    END IF;
    RETURN NULL;
END
$$
"""


def create_row(apps, schema_editor):
    apps.get_model("core", "DataVersion").objects.using(schema_editor.connection.alias).get_or_create(pk=1)


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
        PostgresOnlySQL(BUMP_FUNCTION, reverse_sql="DROP FUNCTION IF EXISTS core_data_changed() CASCADE"),
    ]
