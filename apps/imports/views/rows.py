"""The check grid's rows: a cell fixed in place (re-checked at once with the rows that
depend on it, 422 while still wrong) and a row skipped or taken back in."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.core.access import permission_required
from apps.core.htmx import is_fragment_request
from apps.imports import selectors
from apps.imports.forms import CellForm
from apps.imports.kinds import ERROR_KINDS, KINDS
from apps.imports.models import ImportRow, ImportStatus
from apps.imports.services.checking import recheck
from apps.imports.views.common import job_for
from apps.imports.views.jobs import PERMISSION


def _editable(request, pk, row_pk):
    job = job_for(request, pk)
    row = get_object_or_404(ImportRow, pk=row_pk, job=job)
    return job, row


def _respond(request, job, rows, *, status=200, focus_field=""):
    """The changed row (the request's target), the rows it re-checked and the counts,
    out of band; without HTMX, back to the grid."""
    if not is_fragment_request(request):
        show = request.POST.get("show", "")
        query = f"?show={show}" if show in selectors.ROW_FILTERS else ""
        return redirect(reverse("imports:import_detail", args=[job.pk]) + query)
    context = {
        "job": job,
        "kind": KINDS[job.kind],
        "columns": selectors.grid_columns(job),
        "first": (rows[0], selectors.row_cells(job, rows[0])),
        "others": [(row, selectors.row_cells(job, row)) for row in rows[1:]],
        "focus_field": focus_field,
        "show": request.POST.get("show", ""),
        "filters": selectors.row_filter_tabs(job),
        "error_kinds": [
            (ERROR_KINDS.get(code, code), n) for code, n in sorted(job.error_counts.items()) if n
        ],
    }
    return render(request, "imports/import_detail.html#row_response", context, status=status)


def _not_checked(request, job):
    if job.status != ImportStatus.CHECKED:
        return render(
            request,
            "imports/import_detail.html#stale",
            {"job": job},
            status=409,
        )
    return None


@require_POST
@permission_required(PERMISSION)
def row_fix(request, pk, row):
    job, row = _editable(request, pk, row)
    if stale := _not_checked(request, job):
        return stale
    form = CellForm(request.POST, kind=KINDS[job.kind])
    if not form.is_valid():
        return _respond(request, job, [row], status=422)
    name = form.cleaned_data["field"]
    job, rows = recheck(job, row, values={name: form.cleaned_data["value"]})
    still_wrong = name in rows[0].errors
    return _respond(request, job, rows, status=422 if still_wrong else 200, focus_field=name)


@require_POST
@permission_required(PERMISSION)
def row_skip(request, pk, row):
    job, row = _editable(request, pk, row)
    if stale := _not_checked(request, job):
        return stale
    job, rows = recheck(job, row, skipped=request.POST.get("skip", "1") != "0")
    return _respond(request, job, rows)
