"""Reads of stocktakes: the list, a count's lines in shelf order and its review."""

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce

from apps.core.trees import path_step
from apps.inventory.models import Location, Stocktake, StocktakeLine, StocktakeStatus


def stocktake_rows(*, status: str = "") -> QuerySet[Stocktake]:
    """The stocktake list: each count with its number of lines and of counted lines."""
    stocktakes = Stocktake.objects.select_related("location", "started_by", "closed_by").annotate(
        line_count=Count("lines"),
        counted_count=Count("lines", filter=Q(lines__counted__isnull=False)),
    )
    if status in StocktakeStatus.values:
        stocktakes = stocktakes.filter(status=status)
    return stocktakes


def stocktake_lines(stocktake: Stocktake) -> QuerySet[StocktakeLine]:
    """Lines in shelf order; found lines (part and location on the line) among the others."""
    return stocktake.lines.select_related(
        "stock_item__part", "stock_item__location", "part", "location", "counted_by"
    ).order_by(
        Coalesce("stock_item__location__path", "location__path"),
        Coalesce("stock_item__part__sku", "part__sku"),
        Coalesce("stock_item__batch", "batch"),
        "pk",
    )


def with_differences(lines) -> list[StocktakeLine]:
    """Each line's difference against the record now (what a commit would book), as `diff`."""
    lines = list(lines)
    for line in lines:
        line.diff = None if line.counted is None else line.counted - line.on_record
    return lines


def stocktake_summary(stocktake: Stocktake) -> dict:
    """The review: how many lines are counted, and the lines whose count differs."""
    figures = stocktake.lines.aggregate(
        total=Count("pk"), counted=Count("counted")
    )  # Count skips NULLs
    return {
        "total": figures["total"],
        "counted": figures["counted"],
        "uncounted": figures["total"] - figures["counted"],
        "differences": [
            line
            for line in stocktake_lines(stocktake).filter(counted__isnull=False)
            if line.counted != line.on_record
        ],
    }


def open_stocktake_covering(location: Location | None) -> Stocktake | None:
    """The open count covering `location` (on it or on a location above it), or None."""
    if location is None or not getattr(location, "path", ""):
        return None
    step = len(path_step(0))
    paths = [location.path[:end] for end in range(step, len(location.path) + 1, step)]
    return (
        Stocktake.objects.filter(status=StocktakeStatus.OPEN, location__path__in=paths)
        .select_related("location", "started_by")
        .first()
    )
