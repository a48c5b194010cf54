"""Template tags for list pages: sortable column headers that keep the other params."""

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


@register.simple_tag(takes_context=True)
def page_url(context, page_number: int) -> str:
    params = context["request"].GET.copy()
    params["page"] = page_number
    return f"?{params.urlencode()}"


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
