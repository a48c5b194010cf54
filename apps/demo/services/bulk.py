"""Writing the large data set fast: trees level by level, COPY (PostgreSQL) or executemany,
indexes and foreign keys set aside while loading, sequences and statistics afterwards."""

import uuid
from contextlib import contextmanager
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection

from apps.core.trees import path_step


def tree_create(model, shape: tuple[int, ...], fields_for) -> list[int]:
    """Creates the tree of a TreeNode model level by level (`shape`: children per level;
    `fields_for(level, index, parent)` gives each node's fields); returns the ids of the
    leaves."""
    parents: list = [None]
    for level, fanout in enumerate(shape):
        nodes = [
            model(parent=parent, depth=level, **fields_for(level, index, parent))
            for parent in parents
            for index in range(fanout)
        ]
        model.objects.bulk_create(nodes, batch_size=2000)
        if nodes[0].pk is None:  # backends that do not return ids
            nodes = list(model.objects.filter(depth=level).order_by("id"))
        for node in nodes:
            node.path = (node.parent.path if node.parent else "") + path_step(node.pk)
        model.objects.bulk_update(nodes, ["path"], batch_size=2000)
        parents = nodes
    return [node.pk for node in parents]


def insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Writes `rows` (tuples in the order of `columns`, ids included) into `model`'s table."""
    if not rows:
        return
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        # COPY is an order of magnitude faster than INSERT for the large set.
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",
            [tuple(_sqlite_value(v) for v in row) for row in rows],
        )


def _sqlite_value(value):
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, Decimal):
        return str(value)
    return value


@contextmanager
def bulk_loading(*models, log=print):
    """On PostgreSQL, drops the non-unique secondary indexes and the foreign keys of
    `models`' tables, and re-creates them from their own definitions on the way out (as
    pg_restore does): building an index once is far cheaper than maintaining it row by
    row, and re-adding a foreign key checks all rows in one join instead of a trigger per
    row. Must run inside a transaction: on error everything rolls back, schema included.
    Elsewhere it does nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        # Foreign key checks still pending in this transaction (rows written just before,
        # as in tests) would block ALTER TABLE: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [tables],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid = ANY(%s::regclass[]) AND NOT indisunique AND NOT indisprimary",
            [tables],
        )
        indexes = cursor.fetchall()
        quote = connection.ops.quote_name
        for table, name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
        for table in tables:  # the data-version triggers: one bump at the end instead
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        log(f"indexes rebuilt: {len(indexes)}")
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        cursor.execute("UPDATE core_dataversion SET value = value + 1 WHERE id = 1")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are deferred
    log(f"foreign keys checked: {len(foreign_keys)}")


def analyze(*models) -> None:
    """Fresh statistics (and, on PostgreSQL, a visibility map for index-only scans)
    so the first queries after seeding are planned on the real data."""
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")
        else:  # VACUUM cannot run in a transaction (tests wrap one around everything)
            cursor.execute(f"ANALYZE {tables}" if connection.vendor == "postgresql" else "ANALYZE")


def reset_sequences(*models) -> None:
    """Id sequences of tables filled by COPY with explicit ids: next ids follow them."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def raw_delete(*models) -> None:
    """Deletes every row of these tables in one statement each (no per-row signals)."""
    for model in models:
        model.objects.all()._raw_delete(model.objects.db)
