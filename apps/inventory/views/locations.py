"""The location tree, a location's page, and the location forms."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.access import permission_required
from apps.core.htmx import (
    is_fragment_request,
    list_fragment,
    redirect_after_write,
    render_page_or_fragment,
)
from apps.inventory.forms.filters import StockFilterForm
from apps.inventory.forms.locations import LocationForm
from apps.inventory.models import Location
from apps.inventory.selectors import locations as location_selectors
from apps.inventory.selectors.stock import stock_search
from apps.inventory.services import locations as location_services
from apps.inventory.views.stock import stock_listing, stock_table_context


def _nodes_with_counts(parent: Location | None) -> list[Location]:
    nodes = list(location_selectors.location_children(parent))
    counts = location_selectors.location_subtree_counts(nodes)
    for node in nodes:
        node.counts = counts[node.pk]
    return nodes


@require_GET
@permission_required("inventory.view_location")
def location_tree(request):
    context = {"nodes": _nodes_with_counts(None)}
    return render(request, "inventory/location_tree.html", context)


@require_GET
@permission_required("inventory.view_location")
def location_children(request, pk):
    """The children of one node: a fragment for the tree, a page without JavaScript."""
    location = get_object_or_404(Location, pk=pk)
    context = {
        "location": location,
        "ancestors": list(location.ancestors()),
        "nodes": _nodes_with_counts(location),
    }
    return render_page_or_fragment(
        request, "inventory/location_children.html", context, fragment="children"
    )


@require_GET
@permission_required("inventory.view_location", "inventory.view_stockitem")
def location_detail(request, pk):
    location = get_object_or_404(Location.objects.select_related("parent"), pk=pk)
    query = request.GET.get("q", "")
    items = stock_search(query=query, location=location)
    listing = stock_listing(request, items, query=query, default_sort="location")
    select = StockFilterForm.base_fields["select"].clean(
        request.GET.get("select")
    )  # as on the stock list
    context = {"location": location, "filter_location": location} | stock_table_context(
        request, listing, select=select
    )
    if not is_fragment_request(request):
        context |= {
            "ancestors": list(location.ancestors()),
            "summary": location_selectors.location_summary(location),
            "nodes": _nodes_with_counts(location),
        }
    return render_page_or_fragment(
        request, "inventory/location_detail.html", context, fragment=list_fragment(request)
    )


def _location_form_response(request, form, *, location=None, status=200):
    context = {"form": form, "location": location}
    return render_page_or_fragment(
        request, "inventory/location_form.html", context, fragment="form", status=status
    )


def _save_location(request, form, *, location=None):
    """Runs the service; its errors land next to the fields. None when it failed."""
    data = form.cleaned_data
    fields = {
        "code": data["code"],
        "name": data["name"],
        "parent": data["parent"],
        "description": data["description"],
        "allow_negative_stock": data["allow_negative_stock"],
    }
    try:
        if location is None:
            return location_services.location_create(**fields)
        return location_services.location_update(location=location, **fields)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@require_http_methods(["GET", "POST"])
@permission_required("inventory.add_location")
def location_create(request):
    if request.method == "POST":
        form = LocationForm(request.POST)
        if form.is_valid() and (location := _save_location(request, form)):
            return redirect_after_write(
                request, location.get_absolute_url(), f"Location {location.code} created."
            )
        return _location_form_response(request, form, status=422)
    initial = {}
    if parent := location_selectors.location_for_code(request.GET.get("parent", "")[:32]):
        initial["parent"] = parent.code
    return _location_form_response(request, LocationForm(initial=initial))


@require_http_methods(["GET", "POST"])
@permission_required("inventory.change_location")
def location_edit(request, pk):
    location = get_object_or_404(Location.objects.select_related("parent"), pk=pk)
    if request.method == "POST":
        form = LocationForm(request.POST, instance=location)
        if form.is_valid() and (saved := _save_location(request, form, location=location)):
            return redirect_after_write(
                request, saved.get_absolute_url(), f"Location {saved.code} saved."
            )
        return _location_form_response(request, form, location=location, status=422)
    return _location_form_response(request, LocationForm(instance=location), location=location)


@require_GET
@permission_required("inventory.add_location")
def location_code_check(request):
    """Validates the code when the user leaves the field (create and edit forms)."""
    code = request.GET.get("code", "")[:32].strip()
    exclude = request.GET.get("location", "")
    taken = None
    if code:
        taken = location_services.location_code_taken(
            code=code, exclude_pk=int(exclude) if exclude.isdigit() else None
        )
    return render(
        request, "inventory/location_form.html#code_feedback", {"code": code, "taken": taken}
    )


def _refused(request, location, error: ValidationError) -> HttpResponse:
    """The edit page's danger zone again, with the reason next to the buttons (422)."""
    context = {
        "form": LocationForm(instance=location),
        "location": location,
        "danger_error": " ".join(error.messages),
    }
    return render_page_or_fragment(
        request, "inventory/location_form.html", context, fragment="danger", status=422
    )


@require_POST
@permission_required("inventory.change_location")
def location_archive(request, pk):
    location = get_object_or_404(Location.objects.select_related("parent"), pk=pk)
    try:
        if request.POST.get("restore"):
            location_services.location_restore(location=location)
            messages.success(request, f"{location.code} is active again.")
        else:
            count = location_services.location_archive(location=location)
            below = (
                f" and {count - 1} location{'s' if count > 2 else ''} below it" if count > 1 else ""
            )
            messages.success(request, f"{location.code}{below} archived.")
    except ValidationError as error:
        return _refused(request, location, error)
    return redirect_after_write(request, location.get_absolute_url())


@require_POST
@permission_required("inventory.delete_location")
def location_delete(request, pk):
    location = get_object_or_404(Location.objects.select_related("parent"), pk=pk)
    parent_url = (
        location.parent.get_absolute_url()
        if location.parent_id
        else reverse("inventory:location_tree")
    )
    try:
        location_services.location_delete(location=location)
    except ValidationError as error:
        return _refused(request, location, error)
    return redirect_after_write(request, parent_url, f"Location {location.code} deleted.")
