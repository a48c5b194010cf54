"""The imports list, the upload, and an import at its current step: columns, check grid,
progress, result; the buttons that move it on (check, commit, cancel, discard, undo)."""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from apps.core.access import forbidden, permission_required
from apps.core.errors import DomainError
from apps.core.htmx import is_fragment_request, render_page_or_fragment
from apps.core.listing import offset_page, parse_list_params
from apps.imports import selectors
from apps.imports.forms import MappingForm, SheetForm, UploadForm
from apps.imports.kinds import ERROR_KINDS, KINDS, kinds_for
from apps.imports.models import ImportStatus
from apps.imports.services import jobs as services
from apps.imports.services.progress import read_progress
from apps.imports.services.undo import undo_problems
from apps.imports.views.common import job_for

PERMISSION = "imports.add_importjob"


def _to_detail(request, job, *, query: str = ""):
    url = reverse("imports:import_detail", args=[job.pk]) + query
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@require_GET
@permission_required(PERMISSION)
def import_list(request):
    kinds = kinds_for(request.user)
    if not kinds:
        return forbidden(request)
    listing = offset_page(
        request,
        selectors.import_list(request.user),
        sorts={"created": "created_at", "kind": "kind", "status": "status"},
        default_sort="-created",
    )
    context = {"listing": listing, "kinds": kinds}
    return render_page_or_fragment(request, "imports/import_list.html", context, fragment="rows")


@require_http_methods(["GET", "POST"])
@permission_required(PERMISSION)
def import_new(request):
    kinds = kinds_for(request.user)
    if not kinds:
        return forbidden(request)
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in KINDS else {}
    form = UploadForm(request.POST or None, request.FILES or None, kinds=kinds, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                job = services.import_create(
                    user=request.user,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return _to_detail(request, job)
        status = 422
    return render_page_or_fragment(
        request,
        "imports/import_new.html",
        {"form": form, "kinds": kinds},
        fragment="form",
        status=status,
    )


def _detail_context(request, job, **extra) -> dict:
    context = {"job": job, "kind": KINDS[job.kind], "progress": read_progress(job.pk)}
    if job.status == ImportStatus.MAPPING or extra.get("mapping_form") is not None:
        context["mapping_form"] = extra.pop("mapping_form", None) or MappingForm(job=job)
        if len(job.sheet_names) > 1:
            context["sheet_form"] = SheetForm(initial={"sheet": job.sheet}, sheets=job.sheet_names)
    if job.status == ImportStatus.CHECKED:
        show = request.GET.get("show") or ("errors" if job.counts.get("error") else "all")
        if show not in selectors.ROW_FILTERS:
            raise BadRequest("Unknown row filter.")
        params = parse_list_params(request)
        listing = offset_page(
            request,
            selectors.import_rows(job, show),
            sorts={"row": "number"},
            default_sort="row",
            params=params,
        )
        context.update(
            listing=listing,
            show=show,
            filters=selectors.row_filter_tabs(job),
            columns=selectors.grid_columns(job),
            grid=[(row, selectors.row_cells(job, row)) for row in listing.rows],
        )
    context["error_kinds"] = [
        (ERROR_KINDS.get(code, code), n) for code, n in sorted(job.error_counts.items()) if n
    ]
    context.update(extra)
    return context


@require_GET
@permission_required(PERMISSION)
def import_detail(request, pk):
    job = services.import_settle(job_for(request, pk))
    fragment = "grid" if request.headers.get("HX-Target") == "grid" else "step"
    return render_page_or_fragment(
        request, "imports/import_detail.html", _detail_context(request, job), fragment=fragment
    )


@require_GET
@permission_required(PERMISSION)
def import_progress(request, pk):
    """Polled by the progress bar; once the step is over the page reloads at the new step."""
    job = services.import_settle(job_for(request, pk))
    if not job.is_running:
        if request.htmx:
            return HttpResponseClientRefresh()
        return redirect(job)
    return render_page_or_fragment(
        request, "imports/import_detail.html", _detail_context(request, job), fragment="progress"
    )


def _refused(request, job, error: DomainError, **extra):
    """A refused step: the page (or the step fragment) again with the message, 422."""
    context = _detail_context(request, job, refusal=error.message, **extra)
    return render_page_or_fragment(
        request, "imports/import_detail.html", context, fragment="step", status=422
    )


@require_POST
@permission_required(PERMISSION)
def import_sheet(request, pk):
    job = job_for(request, pk)
    form = SheetForm(request.POST, sheets=job.sheet_names)
    if not form.is_valid():
        raise BadRequest("Unknown sheet.")
    try:
        services.import_choose_sheet(job=job, user=request.user, sheet=form.cleaned_data["sheet"])
    except DomainError as error:
        return _refused(request, job, error)
    return _to_detail(request, job)


@require_POST
@permission_required(PERMISSION)
def import_mapping(request, pk):
    """Stores the columns and starts the check (within the request for a small file)."""
    job = job_for(request, pk)
    form = MappingForm(request.POST, job=job)
    if not form.is_valid():
        return _refused(
            request, job, DomainError("Correct the fields marked below."), mapping_form=form
        )
    try:
        services.import_set_mapping(
            job=job, user=request.user, mapping=form.mapping(), defaults=form.default_values()
        )
        job = services.import_start(job=job, step="check", user=request.user)
    except DomainError as error:
        job.refresh_from_db()
        return _refused(request, job, error, mapping_form=form)
    return _to_detail(request, job)


def _step(request, pk, step: str, done: str):
    job = job_for(request, pk)
    try:
        if step == "undo":
            problems = undo_problems(job)
            if problems:
                raise DomainError("This import cannot be undone: " + " ".join(problems))
        job = services.import_start(job=job, step=step, user=request.user)
    except DomainError as error:
        job.refresh_from_db()
        return _refused(request, job, error)
    if job.message:
        messages.warning(request, job.message)
    elif not job.is_running:
        messages.success(request, done)
    return _to_detail(request, job)


@require_POST
@permission_required(PERMISSION)
def import_commit(request, pk):
    return _step(request, pk, "commit", "Import committed.")


@require_POST
@permission_required(PERMISSION)
def import_undo(request, pk):
    return _step(request, pk, "undo", "Import undone.")


@require_POST
@permission_required(PERMISSION)
def import_cancel(request, pk):
    job = job_for(request, pk)
    try:
        services.import_cancel(job=job)
    except DomainError as error:
        return _refused(request, job, error)
    messages.info(request, "Cancelling… the step stops after the rows it is on.")
    return _to_detail(request, job)


@require_POST
@permission_required(PERMISSION)
def import_discard(request, pk):
    job = job_for(request, pk)
    try:
        services.import_discard(job=job)
    except DomainError as error:
        return _refused(request, job, error)
    messages.info(request, "Import discarded; nothing was written.")
    url = reverse("imports:import_list")
    return HttpResponseClientRedirect(url) if is_fragment_request(request) else redirect(url)
