"""Which records get labels: one record, the ticked rows of a list (`ids`, or the stock
list's `selected`), or every record matching the list's filters (`all_matching` with the
list's own query parameters, as the bulk actions and exports take them). Each kind is
read in one query with what its label shows."""

from django.core.exceptions import BadRequest
from django.db.models import QuerySet

from apps.catalog.forms.parts import PartFilterForm
from apps.catalog.selectors.parts import STATUS_ALL, PartFilters, part_matches
from apps.inventory.forms.filters import StockFilterForm
from apps.inventory.models import Location, StockItem
from apps.inventory.selectors.locations import location_for_code
from apps.inventory.selectors.stock import stock_search

PART, LOCATION, STOCK = "part", "location", "stock"
KINDS = {PART: "parts", LOCATION: "locations", STOCK: "stock records"}
# The list parameters a selection carries from page to page (options → sheet → PDF).
LIST_PARAMS = (
    "q",
    "category",
    "location",
    "below",
    "status",
    "expires_before",
    "zero",
    "under",
)
MAX_LABELS = 2100  # 100 A4 sheets


def selection_ids(data) -> list[int]:
    raw = data.getlist("ids") + data.getlist("selected")
    try:
        return sorted({int(value) for value in raw})[: MAX_LABELS + 1]
    except ValueError:
        raise BadRequest("Invalid selection.") from None


def selection_records(kind: str, data) -> QuerySet:
    """The records to label, in label order (SKU, location code), not yet evaluated."""
    all_matching = bool(data.get("all_matching"))
    ids = None if all_matching else selection_ids(data)
    if kind == PART:
        if all_matching:
            form = PartFilterForm(data)
            if not form.is_valid():
                raise BadRequest("Invalid filter: " + form.errors.as_text())
            parts = part_matches(form.filters(data.get("q", "").strip()))
        else:
            parts = part_matches(PartFilters(ids=tuple(ids), status=STATUS_ALL))
        return parts.select_related("default_location").order_by("sku", "pk")
    if kind == LOCATION:
        locations = Location.objects.all()
        if all_matching:
            locations = locations.filter(is_active=True)
            under = location_for_code(data.get("under", ""))
            if under is not None:
                locations = locations.filter(path__startswith=under.path)
        else:
            locations = locations.filter(pk__in=ids)
        return locations.order_by("path", "pk")
    if kind == STOCK:
        if all_matching:
            form = StockFilterForm(data)
            if not form.is_valid():
                raise BadRequest("Invalid filter: " + form.errors.as_text())
            filters = form.cleaned_data
            location = location_for_code(filters["location"])
            if filters["location"] and location is None:
                return StockItem.objects.none()
            items = stock_search(
                query=data.get("q", ""),
                location=location,
                category=filters["category"],
                expires_before=filters["expires_before"],
                zero_or_negative=filters["zero"],
            )
        else:
            items = StockItem.objects.filter(pk__in=ids)
        return items.select_related("part", "location").order_by(
            "part__sku", "location__code", "batch", "pk"
        )
    raise BadRequest("Unknown kind of label.")
