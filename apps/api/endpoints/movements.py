"""The ledger: every stock movement, newest first, with the ledger page's filters."""

from datetime import date
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Query, Router

from apps.api.access import permission
from apps.api.endpoints._lists import form_data, list_page, sort_values, valid
from apps.api.page_cache import cached_read
from apps.api.paging import MAX_PAGE_SIZE, SortKey
from apps.api.schemas.common import ERRORS_READ, Cursor, Id, Text
from apps.api.schemas.inventory import MovementOut, MovementPage
from apps.catalog.models import Part
from apps.inventory.forms.filters import MovementFilterForm
from apps.inventory.models import MovementKind, StockMovement
from apps.inventory.selectors.locations import location_for_code
from apps.inventory.selectors.movements import movement_search

router = Router(tags=["inventory"])

MOVEMENT_SORTS = {"when": SortKey("created_at")}
MovementSort = Literal[sort_values(MOVEMENT_SORTS)]
Kind = Literal[tuple(MovementKind.values)]
RELATED = ("part", "location", "other_location", "user")


def _movements(ids):
    rows = StockMovement.objects.select_related(*RELATED).in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


@router.get(
    "/movements/",
    response={200: MovementPage, **ERRORS_READ},
    auth=permission("inventory.view_stockmovement"),
)
@cached_read
def movement_list(
    request,
    q: Text(100) = "",
    kind: Kind | None = None,
    part: Text(64) | None = None,
    location: Text(32) | None = None,
    user: Text(150) | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    sort: MovementSort = "-when",
    cursor: Cursor | None = None,
    per_page: int = Query(25, ge=1, le=MAX_PAGE_SIZE),
):
    """Ledger lines as on the ledger page: reference prefix (`q`), kind, part SKU,
    location code (and below), user name, date range (inclusive). Never counted: follow
    `next` page by page."""
    form = MovementFilterForm(
        form_data(
            kind=kind,
            part=part,
            location=location,
            user=user,
            date_from=date_from,
            date_to=date_to,
        )
    )
    filters = valid(form)
    found_part = (
        Part.objects.filter(sku__iexact=filters["part"]).first() if filters["part"] else None
    )
    place = location_for_code(filters["location"])
    date_from_, date_to_ = form.date_range()
    movements = movement_search(
        query=q,
        kind=filters["kind"],
        part=found_part,
        location=place,
        user=filters["user"],
        date_from=date_from_,
        date_to=date_to_,
    )
    if (filters["part"] and found_part is None) or (filters["location"] and place is None):
        movements = movements.none()
    return list_page(
        request,
        movements.select_related(None),
        sorts=MOVEMENT_SORTS,
        sort=sort,
        cursor=cursor,
        per_page=per_page,
        fetch=_movements,
    )


@router.get(
    "/movements/{pk}/",
    response={200: MovementOut, **ERRORS_READ},
    auth=permission("inventory.view_stockmovement"),
)
@cached_read
def movement_detail(request, pk: Id):
    return get_object_or_404(StockMovement.objects.select_related(*RELATED), pk=pk)
