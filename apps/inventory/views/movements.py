"""The ledger: every stock movement, newest first, paged without counting a million rows.

Next/Previous links carry a keyset cursor (`after` / `before`: the boundary row's
created_at and id) so a deep page costs the same as the first: the query walks the
(created_at, id) index from the cursor instead of skipping OFFSET rows. A plain `page`
without a cursor still works (bookmarks, hand-edited URLs) with OFFSET.
"""

from datetime import UTC, datetime

from django.core.exceptions import BadRequest
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from apps.catalog.models import Part
from apps.core.access import permission_required
from apps.core.htmx import is_fragment_request, render_page_or_fragment
from apps.core.listing import PAGE_SIZES, Listing, parse_list_params
from apps.core.response_cache import cached_page
from apps.inventory.forms.filters import MovementFilterForm, focus_results
from apps.inventory.selectors.locations import location_for_code
from apps.inventory.selectors.movements import movement_search, part_movements

MOVEMENT_SORTS = {"when": "created_at"}


def encode_cursor(movement) -> str:
    moment = movement.created_at.astimezone(UTC)
    micros = int(moment.timestamp()) * 1_000_000 + moment.microsecond
    return f"{micros}_{movement.pk}"


def decode_cursor(value: str) -> tuple[datetime, int]:
    try:
        micros, pk = (int(part) for part in value.split("_"))
        seconds, rest = divmod(micros, 1_000_000)
        moment = datetime.fromtimestamp(seconds, tz=UTC).replace(microsecond=rest)
    except (ValueError, OverflowError, OSError) as error:
        raise BadRequest("Malformed page cursor.") from error
    return moment, pk


def keyset_page(request, queryset, *, params: dict) -> tuple[Listing, dict]:
    """One page of `queryset` ordered by (created_at, id); returns the listing and the
    query strings of the previous and next pages."""
    sort = params.get("sort") or "-when"
    if sort.removeprefix("-") not in MOVEMENT_SORTS:
        raise BadRequest(f"Unknown sort column: {sort!r}")
    descending = sort.startswith("-")
    per_page = params.get("per_page") or PAGE_SIZES[0]
    page_number = params.get("page") or 1
    after, before = request.GET.get("after"), request.GET.get("before")
    if after and before:
        raise BadRequest("Give either after or before, not both.")
    forward = ("-created_at", "-pk") if descending else ("created_at", "pk")
    backward = ("created_at", "pk") if descending else ("-created_at", "-pk")
    if after or before:
        moment, pk = decode_cursor(after or before)
        # "after" in the list's own order means older rows when it runs newest first.
        older = descending == bool(after)
        if older:
            queryset = queryset.filter(created_at__lte=moment).exclude(
                Q(created_at=moment) & Q(pk__gte=pk)
            )
        else:
            queryset = queryset.filter(created_at__gte=moment).exclude(
                Q(created_at=moment) & Q(pk__lte=pk)
            )
        if after:
            rows = list(queryset.order_by(*forward)[: per_page + 1])
            has_next, has_previous = len(rows) > per_page, True
            rows = rows[:per_page]
        else:
            rows = list(queryset.order_by(*backward)[: per_page + 1])
            has_previous, has_next = len(rows) > per_page, True
            rows = list(reversed(rows[:per_page]))
    else:
        start = (page_number - 1) * per_page
        rows = list(queryset.order_by(*forward)[start : start + per_page + 1])
        has_next, has_previous = len(rows) > per_page, page_number > 1
        rows = rows[:per_page]
    listing = Listing(
        query=params.get("q") or "",
        sort=sort,
        per_page=per_page,
        page_number=page_number,
        rows=rows,
        has_next=has_next and bool(rows),
        has_previous=has_previous and page_number > 1,
        sort_options=MOVEMENT_SORTS,
    )
    links = {}
    base = request.GET.copy()
    for key in ("after", "before", "page"):
        base.pop(key, None)
    if listing.has_next:
        params_next = base.copy()
        params_next["page"] = page_number + 1
        params_next["after"] = encode_cursor(rows[-1])
        links["next"] = f"{request.path}?{params_next.urlencode()}"
    if listing.has_previous:
        params_prev = base.copy()
        if page_number - 1 > 1:
            params_prev["page"] = page_number - 1
            if rows:
                params_prev["before"] = encode_cursor(rows[0])
        links["previous"] = f"{request.path}?{params_prev.urlencode()}"
    return listing, links


@require_GET
@permission_required("inventory.view_stockmovement")
@cached_page
def movement_list(request):
    params = parse_list_params(request)
    form = MovementFilterForm(request.GET)
    if not form.is_valid():
        return _invalid_filters(request, form, params)
    filters = form.cleaned_data
    part = Part.objects.filter(sku__iexact=filters["part"]).first() if filters["part"] else None
    location = location_for_code(filters["location"])
    unknown = []
    if filters["part"] and part is None:
        unknown.append(f"no part with SKU “{filters['part']}”")
    if filters["location"] and location is None:
        unknown.append(f"no location with code “{filters['location']}”")
    date_from, date_to = form.date_range()
    movements = movement_search(
        query=params.get("q") or "",
        kind=filters["kind"],
        part=part,
        location=location,
        user=filters["user"],
        date_from=date_from,
        date_to=date_to,
    )
    if unknown:
        movements = movements.none()
    listing, links = keyset_page(request, movements, params=params)
    context = {
        "listing": listing,
        "links": links,
        "form": form,
        "unknown": unknown,
        "filtered": any(filters.values()) or bool(listing.query),
        "focus_results": focus_results(request),
    }
    return render_page_or_fragment(
        request, "inventory/movement_list.html", context, fragment="results"
    )


def _invalid_filters(request, form, params):
    """A filter the form refuses (a malformed or out-of-range date, an unknown kind):
    its message in place of the rows; 422 for the list's own request (htmx swaps it in),
    400 for a page."""
    listing = Listing(
        query=params.get("q") or "",
        sort=params.get("sort") or "-when",
        per_page=params.get("per_page") or PAGE_SIZES[0],
        page_number=1,
        rows=[],
        has_next=False,
        has_previous=False,
        sort_options=MOVEMENT_SORTS,
    )
    errors = [
        f"{form.fields[name].label if name in form.fields else 'Filter'}: {message}"
        for name, messages in form.errors.items()
        for message in messages
    ]
    context = {
        "listing": listing,
        "links": {},
        "form": form,
        "unknown": [],
        "filter_errors": errors,
        "filtered": True,
        "focus_results": False,
    }
    return render_page_or_fragment(
        request,
        "inventory/movement_list.html",
        context,
        fragment="results",
        status=422 if is_fragment_request(request) else 400,
    )


@require_GET
@permission_required("catalog.view_part", "inventory.view_stockmovement")
@cached_page
def part_movements_tab(request, pk):
    part = get_object_or_404(Part, pk=pk)
    params = parse_list_params(request)
    listing, links = keyset_page(request, part_movements(part), params=params)
    context = {
        "part": part,
        "listing": listing,
        "links": links,
        "focus_results": focus_results(request),
    }
    return render_page_or_fragment(
        request, "inventory/part_movements_tab.html", context, fragment="movements"
    )
