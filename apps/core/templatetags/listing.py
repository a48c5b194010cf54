"""Template tags for list pages: sortable column headers that keep the other params."""

from django import template

register = template.Library()


@register.inclusion_tag("components/sort_header.html", takes_context=True)
def sort_header(context, listing, column: str, label: str, align: str = "left"):
    request = context["request"]
    current = listing.sort
    if current == column:
        next_sort, state = f"-{column}", "ascending"
    elif current == f"-{column}":
        next_sort, state = column, "descending"
    else:
        next_sort, state = column, "none"
    params = request.GET.copy()
    params["sort"] = next_sort
    params.pop("page", None)
    return {"url": f"?{params.urlencode()}", "label": label, "state": state, "align": align}


@register.simple_tag(takes_context=True)
def page_url(context, page_number: int) -> str:
    params = context["request"].GET.copy()
    params["page"] = page_number
    return f"?{params.urlencode()}"
