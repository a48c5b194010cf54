"""Compact markup for the parts list: its fragment must stay a small share of the page."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()

ARROWS = {"ascending": "▲", "descending": "▼", "none": "↕"}


@register.simple_tag(takes_context=True)
def sort_th(context, listing, column: str, label: str, numeric: bool = False):
    """A sortable column header (the same links as components/sort_header.html, denser)."""
    current = listing.sort
    if current == column:
        next_sort, state = f"-{column}", "ascending"
    elif current == f"-{column}":
        next_sort, state = column, "descending"
    else:
        next_sort, state = column, "none"
    params = context["request"].GET.copy()
    params["sort"] = next_sort
    params.pop("page", None)
    url = f"?{params.urlencode()}"
    # The link carries the list's parameters for a new tab or no JavaScript; htmx takes
    # them from the filter form instead (hx-include on the thead), so a header rendered
    # before a search still sorts what the search found.
    vals = '{"sort": "%s"}' % next_sort
    template = '<th scope="col" aria-sort="{}"%s><a href="{}" hx-get="{}" hx-vals=\'{}\'>{}<span aria-hidden="true">{}</span></a></th>'
    return format_html(
        template % (' class="n"' if numeric else ""),
        state, url, reverse("part_list"), vals, label, ARROWS[state],
    )
