"""The history of one record: `/history/<app_label>.<model_name>/<pk>/`, page and fragment,
and the same history as a file (`…/export/?format=csv|xlsx`)."""

from itertools import islice

from django.apps import apps
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.text import capfirst, get_valid_filename
from django.views.decorators.http import require_GET

from apps.audit import recorder, selectors
from apps.core.access import forbidden, permission_required
from apps.core.exports import FORMATS, export_response
from apps.core.htmx import render_page_or_fragment
from apps.core.listing import offset_page, ordering_for, parse_list_params
from apps.core.response_cache import cached_page

HISTORY_SORTS = {"when": ("created_at", "id")}


def _tracked_model(label: str):
    app_label, _, model_name = label.partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        raise Http404("No such kind of record.") from None
    if not recorder.is_tracked(model):
        raise Http404("No history is kept for this kind of record.")
    return model


def _history(request, label: str, pk: str):
    """(model, record or None, its entries) when the user may see the model; None when not.
    404 for a kind of record without history and for a record that never existed."""
    model = _tracked_model(label)
    opts = model._meta
    if not request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        return None
    try:
        object_id = opts.pk.to_python(pk)
    except ValidationError:
        raise Http404("No such record.") from None
    record = model._default_manager.filter(pk=object_id).first()
    # The record's lines (price lists, order lines) the user may see too.
    line_models = [
        line
        for line in recorder.child_models(model)
        if request.user.has_perm(f"{line._meta.app_label}.view_{line._meta.model_name}")
    ]
    entries = selectors.record_history(model=model, object_id=object_id, line_models=line_models)
    if record is None and not entries.exists():
        raise Http404("No such record.")
    return model, record, entries


@require_GET
@permission_required()  # plus the model's view permission, checked below once the model is known
@cached_page
def record_history(request, label: str, pk: str):
    found = _history(request, label, pk)
    if found is None:
        return forbidden(request)
    model, record, entries = found
    opts = model._meta
    listing = offset_page(request, entries, sorts=HISTORY_SORTS, default_sort="-when")
    selectors.describe_changes(model, listing.rows)
    context = {
        "listing": listing,
        "record": record,
        "record_label": str(record)
        if record is not None
        else f"{opts.verbose_name} {pk} (deleted)",
        "model_name": opts.verbose_name,
        "back_url": record.get_absolute_url() if hasattr(record, "get_absolute_url") else None,
        "history_export": reverse("audit:record_history_export", args=[label, pk]),
    }
    return render_page_or_fragment(
        request, "audit/record_history.html", context, fragment="history"
    )


EXPORT_HEADER = ["When", "By", "Action", "Record", "Field", "Before", "After", "Source", "Request"]
EXPORT_BATCH = 500


@require_GET
@permission_required()  # plus the model's view permission, as the history page
def record_history_export(request, label: str, pk: str):
    """The record's history as the page shows it (newest first, or `sort=when`): one row
    per changed field (an entry without fields, a deletion, is one row). Streamed in
    batches of entries; the names of related records come with each batch
    (describe_changes: one query per related model), so the queries do not grow with the
    entries of a batch."""
    file_format = request.GET.get("format") or "csv"
    if file_format not in FORMATS:
        raise BadRequest("Choose csv or xlsx.")
    found = _history(request, label, pk)
    if found is None:
        return forbidden(request)
    model, record, entries = found
    record_label = str(record) if record is not None else f"{model._meta.verbose_name} {pk}"
    sort = parse_list_params(request)["sort"] or "-when"
    entries = entries.order_by(*ordering_for(sort, HISTORY_SORTS))

    def rows():
        yield EXPORT_HEADER
        stream = entries.iterator(chunk_size=EXPORT_BATCH)
        while batch := list(islice(stream, EXPORT_BATCH)):
            selectors.describe_changes(model, batch)
            for entry in batch:
                common = [
                    entry.created_at,
                    entry.user.get_username() if entry.user_id else "system",
                    entry.get_action_display(),
                    capfirst(entry.line_label) or record_label,
                ]
                tail = [entry.source, entry.request_id]
                for field_label, before, after in entry.rows or [("", "", "")]:
                    yield [*common, capfirst(field_label), before, after, *tail]

    filename = get_valid_filename(f"history-{model._meta.model_name}-{pk}")[:60]
    return export_response(rows(), filename=filename, file_format=file_format)
