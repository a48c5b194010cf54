"""Read-side queries for the catalog pages."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from apps.catalog.models import Part


def part_search(*, query: str = "") -> QuerySet[Part]:
    parts = Part.objects.select_related("category")
    query = query.strip()
    if not query:
        return parts.order_by("sku")
    matches = parts.filter(
        Q(sku__icontains=query)
        | Q(name__icontains=query)
        | Q(description__icontains=query)
        | Q(barcode=query)
    )
    # An exact SKU or barcode match is always the first row.
    exact_first = Case(
        When(Q(sku__iexact=query) | Q(barcode=query), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return matches.order_by(exact_first, "sku")
