"""Parts: the list (the parts page's search, filters and sorts) and one part."""

from typing import Literal

from django.http import Http404
from ninja import Query, Router

from apps.api.access import permission
from apps.api.endpoints._lists import form_data, list_page, valid
from apps.api.page_cache import cached_read
from apps.api.paging import MAX_PAGE_SIZE, SortKey
from apps.api.schemas.catalog import PartDetailOut, PartPage
from apps.api.schemas.common import ERRORS_READ, Cursor, Id, Text
from apps.catalog.forms.parts import PartFilterForm
from apps.catalog.models import Part
from apps.catalog.selectors import parts as selectors
from apps.core.listing import ListParamsForm

router = Router(tags=["catalog"])

PART_SORTS = {name: SortKey(path) for name, path in selectors.PART_SORTS.items()}
PartSort = Literal[tuple(f"{d}{s}" for s in PART_SORTS for d in ("", "-"))]


@router.get(
    "/parts/", response={200: PartPage, **ERRORS_READ}, auth=permission("catalog.view_part")
)
@cached_read
def part_list(
    request,
    q: Text(100) = "",
    category: Id | None = None,
    location: Text(32) | None = None,
    below: bool = False,
    status: Literal["active", "archived", "all"] = "active",
    sort: PartSort = "sku",
    cursor: Cursor | None = None,
    per_page: int = Query(25, ge=1, le=MAX_PAGE_SIZE),
):
    """Parts as on the parts page: search (SKU, name, description, exact barcode; an
    exact SKU or barcode match first), category (and its subcategories), stocked under a
    location code, below the reorder point, status; sorted by `sort`."""
    valid(ListParamsForm(form_data(q=q)))
    form = PartFilterForm(
        form_data(
            category=category,
            location=location,
            below=below,
            status="" if status == "active" else status,
        )
    )
    valid(form)
    filters = form.filters(q)
    first = [SortKey(selectors.exact_match_first(q))] if q else []
    return list_page(
        request,
        selectors.part_matches(filters, sort=sort),
        sorts=PART_SORTS,
        sort=sort,
        cursor=cursor,
        per_page=per_page,
        fetch=_part_rows,
        first=first,
    )


def _part_rows(ids: list[int]) -> list:
    """The page's parts in the page's order (one query)."""
    found = selectors.parts_by_id(ids)
    return [found[pk] for pk in ids if pk in found]


@router.get(
    "/parts/{pk}/",
    response={200: PartDetailOut, **ERRORS_READ},
    auth=permission("catalog.view_part"),
)
@cached_read
def part_detail(request, pk: Id):
    try:
        return selectors.part_detail(pk)
    except Part.DoesNotExist:
        raise Http404 from None
