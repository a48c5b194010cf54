"""Categories: the tree, level by level or searched, and one category."""

from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Query, Router

from apps.api.access import permission
from apps.api.endpoints._lists import by_ids, list_page, sort_values
from apps.api.page_cache import cached_read
from apps.api.paging import MAX_PAGE_SIZE, SortKey
from apps.api.schemas.catalog import CategoryOut, CategoryPage
from apps.api.schemas.common import ERRORS_READ, Cursor, Id, Text
from apps.catalog.models import Category

router = Router(tags=["catalog"])

CATEGORY_SORTS = {"path": SortKey("path"), "name": SortKey("name")}
CategorySort = Literal[sort_values(CATEGORY_SORTS)]


@router.get(
    "/categories/",
    response={200: CategoryPage, **ERRORS_READ},
    auth=permission("catalog.view_category"),
)
@cached_read
def category_list(
    request,
    q: Text(100) = "",
    parent: Id | None = None,
    roots: bool = False,
    sort: CategorySort = "path",
    cursor: Cursor | None = None,
    per_page: int = Query(25, ge=1, le=MAX_PAGE_SIZE),
):
    """Categories in tree order (`path`) or by name; `parent` gives one level (the
    children of that category), `roots=true` the top level, `q` searches names."""
    categories = Category.objects.all()
    if parent is not None:
        categories = categories.filter(parent_id=parent)
    elif roots:
        categories = categories.filter(parent__isnull=True)
    if q:
        categories = categories.filter(name__icontains=q)
    return list_page(
        request,
        categories,
        sorts=CATEGORY_SORTS,
        sort=sort,
        cursor=cursor,
        per_page=per_page,
        fetch=by_ids(Category.objects.all()),
    )


@router.get(
    "/categories/{pk}/",
    response={200: CategoryOut, **ERRORS_READ},
    auth=permission("catalog.view_category"),
)
@cached_read
def category_detail(request, pk: Id):
    return get_object_or_404(Category, pk=pk)
