from django.core.paginator import Paginator
from django.views.decorators.http import require_GET

from apps.accounts.access import permission_required
from apps.catalog import selectors
from apps.core.htmx import render_page_or_fragment


@require_GET
@permission_required("catalog.view_part")
def part_list(request):
    query = request.GET.get("q", "")[:100]
    page = Paginator(selectors.part_search(query=query), 25).get_page(request.GET.get("page"))
    context = {"page": page, "query": query}
    return render_page_or_fragment(request, "catalog/part_list.html", context, fragment="results")
