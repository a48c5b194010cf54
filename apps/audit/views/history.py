"""The history of one record: `/history/<app_label>.<model_name>/<pk>/`, page and fragment."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import Http404
from django.views.decorators.http import require_GET

from apps.audit import recorder, selectors
from apps.core.access import forbidden, permission_required
from apps.core.htmx import render_page_or_fragment
from apps.core.listing import offset_page
from apps.core.response_cache import cached_page


def _tracked_model(label: str):
    app_label, _, model_name = label.partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        raise Http404("No such kind of record.") from None
    if not recorder.is_tracked(model):
        raise Http404("No history is kept for this kind of record.")
    return model


@require_GET
@permission_required()  # plus the model's view permission, checked below once the model is known
@cached_page
def record_history(request, label: str, pk: str):
    model = _tracked_model(label)
    opts = model._meta
    if not request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        return forbidden(request)
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
    listing = offset_page(
        request, entries, sorts={"when": ("created_at", "id")}, default_sort="-when"
    )
    selectors.describe_changes(model, listing.rows)
    context = {
        "listing": listing,
        "record": record,
        "record_label": str(record)
        if record is not None
        else f"{opts.verbose_name} {pk} (deleted)",
        "model_name": opts.verbose_name,
        "back_url": record.get_absolute_url() if hasattr(record, "get_absolute_url") else None,
    }
    return render_page_or_fragment(
        request, "audit/record_history.html", context, fragment="history"
    )
