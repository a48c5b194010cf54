"""Template tags for list pages: sortable column headers that keep the other params, and
the pagination under a list (components/pagination.html)."""

from django import template
from django.utils.html import format_html

register = template.Library()


def next_sort_of(listing, column: str) -> tuple[str, str]:
    """What a click on `column`'s header sorts by, and the column's aria-sort state now."""
    if listing.sort == column:
        return f"-{column}", "ascending"
    if listing.sort == f"-{column}":
        return column, "descending"
    return column, "none"


@register.inclusion_tag("components/sort_header.html", takes_context=True)
def sort_header(context, listing, column: str, label: str, align: str = "left"):
    next_sort, state = next_sort_of(listing, column)
    url = f"?{query_with(context, sort=next_sort)}"
    return {"url": url, "label": label, "state": state, "align": align}


def page_url(context, page_number: int) -> str:
    """The query string of another page of an offset list (the other parameters kept)."""
    params = context["request"].GET.copy()
    params["page"] = page_number
    return f"?{params.urlencode()}"


@register.inclusion_tag("components/pagination.html", takes_context=True)
def pagination(
    context,
    listing,
    *,
    layout: str = "bar",
    absolute: bool = False,
    push_url: bool = False,
    noun: str = "Rows",
    previous_label: str = "Previous",
    next_label: str = "Next",
    label: str = "Pagination",
    extra_class: str = "",
    page_size_urls=None,
    page_size_target: str = "",
):
    """The row range ("Rows 26–50 of 10,000+"), Previous/Next and the page number under a
    list, for any Listing (apps/core/listing): offset pages link by number, keyset pages
    by their cursors (`listing.previous_url` / `next_url`).

    layout: "bar", a bar of its own under the list; "foot", bare links in a table's
    <tfoot> or a box styled by its container (`[&_nav]:…`). absolute: the links carry
    the request's path (a fragment shown inside another page, e.g. a tab). push_url: the
    links push their URL even where the container says not to. page_size_urls: (size,
    url) pairs for a "Per page:" choice, swapping `page_size_target`."""
    prefix = context["request"].path if absolute else ""
    previous_url, next_url = listing.previous_url, listing.next_url
    if listing.has_previous and previous_url is None:
        previous_url = prefix + page_url(context, listing.page_number - 1)
    if listing.has_next and next_url is None:
        next_url = prefix + page_url(context, listing.page_number + 1)
    return {
        "listing": listing,
        "layout": layout,
        "previous_url": previous_url if listing.has_previous else None,
        "next_url": next_url if listing.has_next else None,
        "push_url": push_url,
        "noun": noun,
        "previous_label": previous_label,
        "next_label": next_label,
        "label": label,
        "extra_class": extra_class,
        "page_size_urls": page_size_urls,
        "page_size_target": page_size_target,
    }


ARROWS = {"ascending": "▲", "descending": "▼", "none": "↕"}


@register.simple_tag(takes_context=True)
def sort_th(
    context, listing, column: str, label: str, list_url: str, numeric: bool = False, hint: str = ""
):
    """A compact sortable column header for lists whose rows are swapped without their
    header (a search swaps <tbody> only). The link carries the list's parameters for a
    new tab or no JavaScript; htmx takes them from the filter form instead (hx-include on
    the <thead>), so a header rendered before a search still sorts what the search found.
    `hint` is read to screen readers after the label (e.g. what a click in the column does)."""
    next_sort, state = next_sort_of(listing, column)
    template = '<th scope="col" aria-sort="{}"%s><a href="?{}" hx-get="{}" hx-vals=\'{{"sort": "{}"}}\'>{}<span aria-hidden="true">{}</span></a>{}</th>'
    return format_html(
        template % (' class="n"' if numeric else ""),
        state,
        query_with(context, sort=next_sort),
        list_url,
        next_sort,
        label,
        ARROWS[state],
        format_html('<span class="sr-only">{}</span>', hint) if hint else "",
    )


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The request's query string with `changes` applied and the page dropped (a
    changed view starts at its first page); an empty value removes the parameter."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    for name, value in changes.items():
        if value in ("", None):
            params.pop(name, None)
        else:
            params[name] = value
    return params.urlencode()
