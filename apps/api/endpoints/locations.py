"""Locations: the tree, level by level or searched, and one location."""

from typing import Literal

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from apps.api.access import permission
from apps.api.endpoints._lists import by_ids, list_page, sort_values
from apps.api.page_cache import cached_read
from apps.api.paging import MAX_PAGE_SIZE, SortKey
from apps.api.schemas.common import ERRORS_READ, Cursor, Id, Text
from apps.api.schemas.inventory import LocationOut, LocationPage
from apps.inventory.models import Location

router = Router(tags=["inventory"])

LOCATION_SORTS = {"path": SortKey("path"), "code": SortKey("code"), "name": SortKey("name")}
LocationSort = Literal[sort_values(LOCATION_SORTS)]


@router.get(
    "/locations/",
    response={200: LocationPage, **ERRORS_READ},
    auth=permission("inventory.view_location"),
)
@cached_read
def location_list(
    request,
    q: Text(100) = "",
    parent: Id | None = None,
    roots: bool = False,
    status: Literal["active", "archived", "all"] = "all",
    sort: LocationSort = "path",
    cursor: Cursor | None = None,
    per_page: int = Query(25, ge=1, le=MAX_PAGE_SIZE),
):
    """Locations in tree order (`path`), by code or by name; `parent` gives one level,
    `roots=true` the sites, `q` matches the start of the code or part of the name."""
    locations = Location.objects.all()
    if parent is not None:
        locations = locations.filter(parent_id=parent)
    elif roots:
        locations = locations.filter(parent__isnull=True)
    if status != "all":
        locations = locations.filter(is_active=status == "active")
    if q:
        locations = locations.filter(Q(code__istartswith=q) | Q(name__icontains=q))
    return list_page(
        request,
        locations,
        sorts=LOCATION_SORTS,
        sort=sort,
        cursor=cursor,
        per_page=per_page,
        fetch=by_ids(Location.objects.all()),
    )


@router.get(
    "/locations/{pk}/",
    response={200: LocationOut, **ERRORS_READ},
    auth=permission("inventory.view_location"),
)
@cached_read
def location_detail(request, pk: Id):
    return get_object_or_404(Location, pk=pk)
