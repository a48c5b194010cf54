"""Reads of the ledger: the movement list, a part's movements, one operation's lines."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from apps.catalog.models import Part
from apps.inventory.models import Location, StockMovement


def movement_search(
    *,
    query: str = "",
    kind: str = "",
    part: Part | None = None,
    location: Location | None = None,
    user=None,
    date_from=None,
    date_to=None,
) -> QuerySet[StockMovement]:
    """Ledger lines with everything the list shows; filters map to indexed columns.

    `is_reversed`: a reversal line points at this one (the unique index of `reverses`
    answers it for the page's rows only), so the list offers "Reverse" only where it can
    still be done."""
    movements = StockMovement.objects.select_related(
        "part", "location", "other_location", "user"
    ).annotate(is_reversed=Exists(StockMovement.objects.filter(reverses=OuterRef("pk"))))
    if kind:
        movements = movements.filter(kind=kind)
    if part is not None:
        movements = movements.filter(part=part)
    if location is not None:
        # The ids are fetched first: for a single bin the planner then sees one value
        # and walks movement_location_recent_idx instead of the whole ledger.
        subtree = list(location.descendants_and_self().values_list("pk", flat=True))
        movements = movements.filter(location_id__in=subtree)
    if user is not None:
        movements = movements.filter(user=user)
    if date_from is not None:
        movements = movements.filter(created_at__gte=date_from)
    if date_to is not None:
        movements = movements.filter(created_at__lt=date_to)
    query = query.strip()
    if query:
        # Prefix search: wants the index on Upper(reference) (docs/inventory-browsing.md).
        movements = movements.filter(reference__istartswith=query)
    return movements


def part_movements(part: Part) -> QuerySet[StockMovement]:
    return StockMovement.objects.filter(part=part).select_related(
        "location", "other_location", "user"
    )


def operation_lines(movement: StockMovement) -> list[StockMovement]:
    """Every line of the operation `movement` belongs to (a transfer has two)."""
    return list(
        StockMovement.objects.filter(operation=movement.operation)
        .select_related("part", "location", "other_location", "user")
        .order_by("pk")
    )


def operation_is_reversed(lines: list[StockMovement]) -> bool:
    return StockMovement.objects.filter(reverses__in=lines).exists()


def movement_totals(movements) -> dict:
    """What the filtered ledger adds up to, one aggregate: the number of lines, and the
    quantity in, out and net (meaningful for one part: the lines then share its unit)."""
    return movements.order_by().aggregate(
        lines=Count("pk"),
        quantity_in=Sum("quantity", filter=Q(quantity__gt=0)),
        quantity_out=Sum("quantity", filter=Q(quantity__lt=0)),
        net=Sum("quantity"),
    )
