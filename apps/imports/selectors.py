"""Reads of imports: the list, a page of an import's rows, what a row shows."""

from django.db.models import Q, QuerySet

from apps.imports.kinds import KINDS, kinds_for
from apps.imports.models import ImportJob, ImportRow, RowAction

ROW_FILTERS = {
    "all": ("All rows", Q()),
    "errors": ("Errors", Q(action=RowAction.ERROR, skipped=False)),
    "create": ("Create", Q(action=RowAction.CREATE, skipped=False)),
    "update": ("Update", Q(action=RowAction.UPDATE, skipped=False)),
    "unchanged": ("Unchanged", Q(action=RowAction.UNCHANGED, skipped=False)),
    "skipped": ("Skipped", Q(skipped=True)),
    "changed": ("Changed since the check", Q(changed_since_check=True)),
}


def import_list(user) -> QuerySet[ImportJob]:
    """The imports of the kinds this user may import, newest first."""
    kinds = [kind.kind for kind in kinds_for(user)]
    return ImportJob.objects.filter(kind__in=kinds).select_related("created_by")


def row_filter_tabs(job: ImportJob) -> list[tuple[str, str, int]]:
    """(key, label, rows) of each row filter, from the job's counts (no query)."""
    counts = {
        "all": job.total_rows,
        "errors": job.counts.get("error", 0),
        "changed": job.conflicts,
    }
    return [
        (key, label, counts.get(key, job.counts.get(key, 0)))
        for key, (label, _q) in ROW_FILTERS.items()
    ]


def import_rows(job: ImportJob, show: str) -> QuerySet[ImportRow]:
    return ImportRow.objects.filter(job=job).filter(ROW_FILTERS[show][1]).order_by("number")


def row_cells(job: ImportJob, row: ImportRow) -> dict:
    """What the grid shows of a row: per mapped column its value, error and earlier value;
    errors on fields the file has no column for (a new part without a name) apart."""
    kind = KINDS[job.kind]
    columns = grid_columns(job)
    cells = []
    for column in columns:
        error = row.errors.get(column.field)
        change = row.changes.get(column.field)
        cells.append(
            {
                "field": column.field,
                "header": column.header,
                "value": row.values.get(column.field, ""),
                "error": error[1] if error else "",
                "before": change[0] if change else "",
                "changed": change is not None,
            }
        )
    shown = {column.field for column in columns}
    other = [
        f"{kind.column(name).header}: {message}" if name in kind.fields else message
        for name, (_kind, message) in row.errors.items()
        if name not in shown
    ]
    first_error = next((cell["field"] for cell in cells if cell["error"]), "")
    return {"cells": cells, "other_errors": other, "first_error": first_error}


def grid_columns(job: ImportJob) -> list:
    kind = KINDS[job.kind]
    mapped = {field for field in job.mapping.values() if field}
    return [column for column in kind.columns if column.field in mapped]
