"""Every list as a file: its current search, filters and sort (the list's own query
string), as CSV or XLSX, streamed through apps.core.exports.export_response.

Lists that can be imported write the importer's columns in its formats (category paths,
location codes, yes/no, plain decimals), so an export re-imports with zero changes."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.views.decorators.http import require_http_methods

from apps.catalog.forms.parts import PartFilterForm
from apps.catalog.models import Category
from apps.catalog.selectors import parts as part_selectors
from apps.catalog.selectors.units import unit_list
from apps.core.access import permission_required
from apps.core.exports import FORMATS, export_response
from apps.core.listing import ListParamsForm
from apps.imports import selectors as import_selectors
from apps.imports.kinds import KINDS, kinds_for
from apps.imports.kinds.base import PATH_SEPARATOR
from apps.imports.kinds.parts import CatalogLookups
from apps.inventory.forms.filters import MovementFilterForm, StockFilterForm
from apps.inventory.models import Location, StockMovement, StocktakeStatus
from apps.inventory.selectors.locations import location_for_code
from apps.inventory.selectors.movements import movement_search
from apps.inventory.selectors.stock import stock_rows, stock_search
from apps.inventory.selectors.stocktakes import stocktake_rows
from apps.inventory.views.stock import STOCK_SORTS
from apps.purchasing.forms.orders import OrderFilterForm
from apps.purchasing.forms.suppliers import SupplierFilterForm
from apps.purchasing.models import Supplier, SupplierPart
from apps.purchasing.selectors import orders as order_selectors
from apps.purchasing.selectors import reorder as reorder_selectors
from apps.purchasing.selectors import suppliers as supplier_selectors

CHUNK = 2000
MOVEMENT_HEADER = [
    "When",
    "Kind",
    "SKU",
    "Location",
    "Other location",
    "Batch",
    "Quantity",
    "Quantity after",
    "User",
    "Reference",
    "Note",
]


def _params(data: QueryDict) -> dict:
    form = ListParamsForm(data)
    if not form.is_valid():
        raise BadRequest("; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return form.cleaned_data


def _id(data: QueryDict, key: str) -> int | None:
    """A record id from the query string (`part=12`), None when absent; 400 when not one."""
    if not data.get(key):
        return None
    try:
        return int(data[key])
    except ValueError:
        raise BadRequest(f"Invalid {key}.") from None


def _valid(form):
    if not form.is_valid():
        raise BadRequest("Invalid filter: " + form.errors.as_text())
    return form.cleaned_data


def ordered(queryset: QuerySet, sort: str, sorts: dict, default: str) -> QuerySet:
    """The list's sort (`?sort=name`, `-name`), then the id, as the list pages do."""
    sort = sort or default
    column = sort.removeprefix("-")
    if column not in sorts:
        raise BadRequest(f"Unknown sort column: {column!r}")
    ordering = sorts[column]
    ordering = (ordering,) if isinstance(ordering, str) else tuple(ordering)
    if sort.startswith("-"):
        ordering = tuple(o[1:] if o.startswith("-") else f"-{o}" for o in ordering)
    return queryset.order_by(*ordering, "-pk" if sort.startswith("-") else "pk")


def parts_rows(request, data):
    params = _params(data)
    filters = PartFilterForm(data)
    _valid(filters)
    part_filters = filters.filters(params["q"])
    ids = data.getlist("ids")
    if ids and not data.get("all_matching"):
        try:
            part_filters = part_selectors.PartFilters(
                ids=tuple(int(i) for i in ids), status=part_selectors.STATUS_ALL
            )
        except ValueError:
            raise BadRequest("Invalid selection.") from None
    sort = params.get("sort") or "sku"
    parts = ordered(
        part_selectors.part_matches(part_filters, sort=sort), sort, part_selectors.PART_SORTS, "sku"
    )
    kind, lookups = KINDS["parts"], CatalogLookups()
    yield kind.headers()
    for part in parts.iterator(chunk_size=CHUNK):
        yield kind.export_row(part, lookups)


def stock_exports(request, data):
    filters = _valid(StockFilterForm(data))
    params = _params(data)
    location = location_for_code(filters["location"])
    items = stock_search(
        query=params["q"],
        location=location,
        category=filters["category"],
        expires_before=filters["expires_before"],
        zero_or_negative=filters["zero"],
    )
    if filters["location"] and location is None:
        items = items.none()
    part_id = _id(data, "part")
    if part_id is not None:
        # The part page's stock tab: its records by location, then batch, like the tab.
        items = stock_rows(items.filter(part_id=part_id))
        items = (
            ordered(items, params["sort"], STOCK_SORTS, "location")
            if params.get("sort")
            else items.order_by("location_key", "batch", "pk")
        )
    else:
        items = ordered(stock_rows(items), params.get("sort"), STOCK_SORTS, "sku")
    kind = KINDS["stock"]
    yield kind.headers()
    for item in items.iterator(chunk_size=CHUNK):
        yield kind.export_row(item)


def movement_rows(request, data):
    params = _params(data)
    form = MovementFilterForm(data)
    filters = _valid(form)
    part_model = StockMovement._meta.get_field("part").related_model
    part = (
        part_model.objects.filter(sku__iexact=filters["part"]).first() if filters["part"] else None
    )
    location = location_for_code(filters["location"])
    date_from, date_to = form.date_range()
    movements = movement_search(
        query=params["q"],
        kind=filters["kind"],
        part=part,
        location=location,
        user=filters["user"],
        date_from=date_from,
        date_to=date_to,
    )
    if (filters["part"] and part is None) or (filters["location"] and location is None):
        movements = movements.none()
    movements = ordered(movements, params.get("sort"), {"when": "created_at"}, "-when")
    movements = movements.select_related("part", "location", "other_location", "stock_item", "user")
    yield MOVEMENT_HEADER
    for line in movements.iterator(chunk_size=CHUNK):
        yield [
            line.created_at,
            line.get_kind_display(),
            line.part.sku,
            line.location.code,
            line.other_location.code if line.other_location_id else "",
            line.stock_item.batch,
            line.quantity,
            line.quantity_after,
            line.user.get_username() if line.user_id else "",
            line.reference,
            line.note,
        ]


def supplier_rows(request, data):
    params = _params(data)
    status = _valid(SupplierFilterForm(data))["status"] or "active"
    suppliers = ordered(
        supplier_selectors.supplier_list(query=params["q"], status=status),
        params.get("sort"),
        supplier_selectors.SUPPLIER_SORTS,
        "name",
    )
    kind = KINDS["suppliers"]
    yield kind.headers()
    for supplier in suppliers.iterator(chunk_size=CHUNK):
        yield kind.export_row(supplier)


def price_list_rows(request, data):
    """Every price-list line, or one supplier's (`supplier=<id>`, the supplier page's list)
    in the supplier's catalogue order, or one part's (`part=<id>`, the part page's
    Suppliers tab) preferred first, as the tab shows them."""
    lines = SupplierPart.objects.select_related("supplier", "part")
    if data.get("supplier"):
        try:
            supplier = Supplier.objects.get(pk=int(data["supplier"]))
        except (ValueError, Supplier.DoesNotExist):
            raise BadRequest("Unknown supplier.") from None
        lines = lines.filter(supplier=supplier)
    part_id = _id(data, "part")
    if part_id is not None:
        lines = lines.filter(part_id=part_id).order_by("-is_preferred", "supplier__name", "pk")
    else:
        lines = lines.order_by("supplier__name", "supplier_sku", "pk")
    kind = KINDS["price_lists"]
    yield kind.headers()
    for line in lines.iterator(chunk_size=CHUNK):
        yield kind.export_row(line)


def order_rows(request, data):
    params = _params(data)
    filter_form = OrderFilterForm(data)
    form = _valid(filter_form)
    filters = order_selectors.OrderFilters(
        query=params["q"],
        status=form["status"],
        supplier=form["supplier"],
        **filter_form.day_ranges(),
    )
    orders = ordered(
        order_selectors.purchase_order_list(filters),
        params.get("sort"),
        order_selectors.ORDER_SORTS,
        "-number",
    )
    yield from order_selectors.purchase_order_line_rows(orders, chunk_size=CHUNK)


STOCKTAKE_HEADER = [
    "Stocktake",
    "Location",
    "Status",
    "Started",
    "Started by",
    "Lines",
    "Counted",
    "Closed",
    "Closed by",
]


def stocktake_rows_export(request, data):
    """The stocktake list as filtered (`status`), newest first like the page."""
    status = data.get("status", "")
    if status and status not in StocktakeStatus.values:
        raise BadRequest("Unknown status.")
    yield STOCKTAKE_HEADER
    for stocktake in (
        stocktake_rows(status=status).order_by("-started_at", "-id").iterator(chunk_size=CHUNK)
    ):
        yield [
            stocktake.pk,
            stocktake.location.code,
            stocktake.get_status_display(),
            stocktake.started_at,
            stocktake.started_by.get_username() if stocktake.started_by_id else "",
            stocktake.line_count,
            stocktake.counted_count,
            stocktake.closed_at,
            stocktake.closed_by.get_username() if stocktake.closed_by_id else "",
        ]


REORDER_HEADER = [
    "SKU",
    "Part",
    "On hand",
    "Reorder point",
    "Shortfall",
    "On order",
    "On draft",
    "Preferred supplier",
    "Supplier SKU",
    "Unit price",
    "Currency",
    "Suggested",
]
REORDER_BATCH = 500


def reorder_rows_export(request, data):
    """The reorder list as filtered (`q`), biggest shortfall first like the page, with the
    page's suggestion; in batches of parts (reorder_groups: three queries a batch)."""
    params = _params(data)
    yield REORDER_HEADER
    batch: list = []
    for part in reorder_selectors.reorder_parts(query=params["q"]).iterator(chunk_size=CHUNK):
        batch.append(part)
        if len(batch) == REORDER_BATCH:
            yield from _reorder_batch(batch)
            batch = []
    if batch:
        yield from _reorder_batch(batch)


def _reorder_batch(parts):
    rows = {
        row.part.pk: row
        for group in reorder_selectors.reorder_groups(parts=parts)
        for row in group.rows
    }
    for part in parts:
        row = rows[part.pk]
        offer = row.supplier_part
        yield [
            part.sku,
            part.name,
            part.quantity_on_hand,
            part.reorder_point,
            part.shortfall,
            row.on_order,
            row.on_draft,
            offer.supplier.name if offer else "",
            offer.supplier_sku if offer else "",
            offer.unit_price if offer else "",
            offer.currency if offer else "",
            row.suggested,
        ]


IMPORT_HEADER = [
    "Import",
    "What",
    "File",
    "Status",
    "Rows",
    "Errors",
    "By",
    "Started",
    "Committed",
    "Undone",
]
IMPORT_SORTS = {"created": "created_at", "kind": "kind", "status": "status"}


def import_job_rows(request, data):
    """The imports list: the imports of the kinds this user may import, in its sort."""
    if not kinds_for(request.user):
        raise PermissionDenied
    params = _params(data)
    jobs = ordered(
        import_selectors.import_list(request.user),
        params.get("sort"),
        IMPORT_SORTS,
        "-created",
    ).defer("preview", "headers", "notices", "mapping", "defaults", "sheet_names", "message")
    yield IMPORT_HEADER
    for job in jobs.iterator(chunk_size=CHUNK):
        yield [
            job.pk,
            job.get_kind_display(),
            job.original_name,
            job.get_status_display(),
            job.total_rows or "",
            job.counts.get("error", 0) if job.checked_at else "",
            job.created_by.get_username() if job.created_by_id else "",
            job.created_at,
            job.committed_at,
            job.undone_at,
        ]


def tree_paths(nodes, ancestors: list[str]):
    """(node, its path of names from the root) for `nodes` ordered by `path`, parents
    before their children: only the names of the current branch are kept, whatever the
    size of the tree. `ancestors`: the names above the first node's level."""
    names = list(ancestors)
    for node in nodes:
        del names[node.depth :]
        names.append(node.name)
        yield node, PATH_SEPARATOR.join(names)


def _subtree(model, data: QueryDict):
    """The tree's nodes in depth-first order: all, or those below `parent=<id>` (the
    subcategories page), and the names above them."""
    nodes = model.objects.order_by("path")
    parent_id = _id(data, "parent")
    if parent_id is None:
        return nodes, []
    parent = model.objects.filter(pk=parent_id).first()
    if parent is None:
        raise BadRequest("Unknown parent.")
    above = list(
        model.objects.filter(pk__in=[*parent.ancestor_ids(), parent.pk])
        .order_by("depth")
        .values_list("name", flat=True)
    )
    return nodes.filter(path__startswith=parent.path).exclude(pk=parent.pk), above


def _tree_rows(model, kind_name: str, data):
    """A tree (or the subtree of `parent`) in its importer's columns."""
    nodes, above = _subtree(model, data)
    kind = KINDS[kind_name]
    yield kind.headers()
    for node, path in tree_paths(nodes.iterator(chunk_size=CHUNK), above):
        yield kind.export_row(node, path)


def category_rows(request, data):
    return _tree_rows(Category, "categories", data)


def location_rows(request, data):
    return _tree_rows(Location, "locations", data)


def unit_rows(request, data):
    yield ["Code", "Name", "Fractions", "Parts"]
    for unit in unit_list().iterator(chunk_size=CHUNK):
        yield [unit.code, unit.name, unit.allows_fractions, unit.part_count]


# list name → (permission, file name, rows)
LISTS = {
    "parts": ("catalog.export_parts", "parts", parts_rows),
    "stock": ("inventory.view_stockitem", "stock", stock_exports),
    "movements": ("inventory.view_stockmovement", "movements", movement_rows),
    "suppliers": ("purchasing.view_supplier", "suppliers", supplier_rows),
    "price_lists": ("purchasing.view_supplierpart", "price-lists", price_list_rows),
    "orders": ("purchasing.view_purchaseorder", "purchase-orders", order_rows),
    "stocktakes": ("inventory.count_stock", "stocktakes", stocktake_rows_export),
    "reorder": ("purchasing.add_purchaseorder", "reorder", reorder_rows_export),
    "imports": ("imports.add_importjob", "imports", import_job_rows),
    "categories": ("catalog.view_category", "categories", category_rows),
    "locations": ("inventory.view_location", "locations", location_rows),
    "units": ("catalog.view_unit", "units", unit_rows),
}


@require_http_methods(["GET", "POST"])
@permission_required()
def list_export(request, list_name):
    """GET with the list's query string (and `format=csv|xlsx`); POST from a list's bulk
    form for the selected rows (`ids`)."""
    if list_name not in LISTS:
        raise Http404("No such list.")
    permission, filename, rows = LISTS[list_name]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    file_format = data.get("format") or "csv"
    if file_format not in FORMATS:
        raise BadRequest("Choose csv or xlsx.")
    generator = rows(request, data)
    header = next(generator)  # runs the validation before the response starts
    return export_response(_prepend(header, generator), filename=filename, file_format=file_format)


def _prepend(first, rest):
    yield first
    yield from rest
