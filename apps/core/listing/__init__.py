"""Paging of list pages: one module, three ways, one `Listing` for the template.

Search, sort, page and page size live in the query string (`parse_list_params`: a bad
value is a 400). An app passes its queryset and its sort map (public column name →
ORM ordering); every way returns a `Listing` that `{% pagination listing %}`
(components/pagination.html) shows.

- `offset_page` (offset.py): rows (page − 1) × size onwards; an exact count
  (Paginator) or one capped at COUNT_CAP ("10,000+", exact on the last page).
- `ids_first_page` (ids_first.py): the same over the bare matches' ids, then only the
  page's rows with their joins and figures (a deferred join); optionally the page and
  its count in one pass over the matches (`one_pass`, the parts search).
- `keyset_page` (keyset.py): a cursor of the boundary row instead of an offset, no
  count; a deep page of a million rows costs what the first does (the ledger).

    listing = offset_page(request, queryset, sorts={"sku": "sku", "name": "name"},
                          default_sort="sku")
    context = {"listing": listing, ...}
"""

from apps.core.listing.base import (
    COUNT_CAP,
    MAX_PAGE,
    PAGE_SIZES,
    Listing,
    ListParamsForm,
    Sorts,
    capped_count,
    ordering_for,
    parse_list_params,
    sort_column,
)
from apps.core.listing.ids_first import ids_first_page
from apps.core.listing.keyset import decode_cursor, encode_cursor, keyset_page
from apps.core.listing.offset import offset_page

__all__ = [
    "COUNT_CAP",
    "MAX_PAGE",
    "PAGE_SIZES",
    "ListParamsForm",
    "Listing",
    "Sorts",
    "capped_count",
    "decode_cursor",
    "encode_cursor",
    "ids_first_page",
    "keyset_page",
    "offset_page",
    "ordering_for",
    "parse_list_params",
    "sort_column",
]
