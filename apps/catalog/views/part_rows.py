"""One row of the parts list, and its reorder point edited in place.

For HTMX the row (or its editor) alone, to swap into the list; without JavaScript a small
page holding the row.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import trigger_client_event

from apps.catalog.forms.parts import ReorderPointForm
from apps.catalog.models import Part
from apps.catalog.selectors.parts import STATUS_ALL, PartFilters, part_list
from apps.catalog.services.parts import CatalogError, part_set_reorder_point
from apps.core.access import permission_required
from apps.core.htmx import is_fragment_request


def _row_response(request, part_id, *, editing=False, form=None, status=200):
    part = get_object_or_404(part_list(PartFilters(status=STATUS_ALL)), pk=part_id)
    if form is None and editing:
        form = ReorderPointForm(initial={"reorder_point": part.reorder_point.normalize()})
    context = {
        "part": part,
        "reorder_form": form,
        "editing": editing,
        "can_edit": request.user.has_perm("catalog.change_part"),
    }
    if is_fragment_request(request):
        template = "catalog/part_list.html#row_edit" if editing else "catalog/part_list.html#row"
        return render(request, template, context, status=status)
    return render(request, "catalog/part_row_page.html", context, status=status)


@require_GET
@permission_required("catalog.view_part")
def part_row(request, pk):
    """One row of the parts list (Escape in the inline editor comes back to it)."""
    return _row_response(request, pk)


@require_http_methods(["GET", "POST"])
@permission_required("catalog.change_part")
def part_reorder_point(request, pk):
    """Edit the reorder point in place in the list: GET the editing row, POST saves."""
    if request.method == "GET":
        return _row_response(request, pk, editing=True)
    part = get_object_or_404(Part, pk=pk)
    form = ReorderPointForm(request.POST)
    if form.is_valid():
        try:
            part = part_set_reorder_point(
                part_id=part.pk, reorder_point=form.cleaned_data["reorder_point"]
            )
        except CatalogError as error:
            form.add_error(error.field, error.message)
    if form.errors:
        return _row_response(request, pk, editing=True, form=form, status=422)
    text = f"Reorder point of {part.sku} set to {part.reorder_point.normalize():f}."
    if not is_fragment_request(request):
        messages.success(request, text)
        return redirect(reverse("catalog:part_list") + f"?{urlencode({'q': part.sku})}")
    return trigger_client_event(_row_response(request, pk), "showMessage", text)
