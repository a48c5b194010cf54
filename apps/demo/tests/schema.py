"""What the bulk-loading tests compare before and after seeding (PostgreSQL only)."""

from django.db import connection


def index_and_constraint_definitions(tables: list[str]) -> list[str]:
    """Every index and constraint of `tables`, as PostgreSQL defines them, sorted."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = ANY(%s::regclass[])"
            " UNION ALL SELECT conname || pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = ANY(%s::regclass[])",
            [tables, tables],
        )
        return sorted(row[0] for row in cursor.fetchall())
