"""What every list endpoint does: validate the filters with the page's own form, pick a
page of ids with a cursor, fetch those rows, link the next page."""

import hashlib

from django.http import QueryDict

from apps.api.errors import FieldErrors
from apps.api.paging import SortKey, keys_for_sort, keyset_page

IGNORED_IN_SIGNATURE = ("cursor", "per_page")


def form_data(**values) -> QueryDict:
    """Query-string-like data for a page's filter form from typed parameters (None and
    False left out, True as "on", as a browser would send a ticked box)."""
    data = QueryDict(mutable=True)
    for name, value in values.items():
        if value is None or value is False or value == "":
            continue
        data[name] = "on" if value is True else str(value)
    return data


def valid(form) -> dict:
    if not form.is_valid():
        raise FieldErrors({k: [str(m) for m in v] for k, v in form.errors.items()})
    return form.cleaned_data


def list_page(
    request,
    queryset,
    *,
    sorts: dict,
    sort: str,
    cursor: str | None,
    per_page: int,
    fetch,
    first: list[SortKey] = (),
) -> dict:
    """{results, next_cursor, next} for one page of `queryset` sorted by `sort` (a name
    from `sorts`, `-` for descending), `first` keys ahead of it (an exact match first)."""
    keys = [*first, *keys_for_sort(sorts, sort)]
    filters = sorted(
        (k, v) for k, values in request.GET.lists() for v in values if k not in IGNORED_IN_SIGNATURE
    )
    signature = hashlib.sha256(f"{request.path}|{sort}|{filters}".encode()).hexdigest()[:16]
    page = keyset_page(queryset, keys=keys, cursor=cursor, limit=per_page, signature=signature)
    next_url = None
    if page.next_cursor:
        params = request.GET.copy()
        params["cursor"] = page.next_cursor
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return {"results": fetch(page.ids), "next_cursor": page.next_cursor, "next": next_url}


def by_ids(queryset):
    """A `fetch` for list_page: the rows of `queryset` with these ids, in their order."""

    def fetch(ids):
        rows = queryset.in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]

    return fetch


def sort_values(sorts: dict):
    """The `sort` values a list accepts: each name, and `-name` for descending."""
    return tuple(f"{d}{name}" for name in sorts for d in ("", "-"))
