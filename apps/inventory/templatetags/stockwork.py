"""Template helpers of stock work: quantities as people write them, open counts."""

from decimal import Decimal

from django import template

from apps.core.trees import path_step
from apps.inventory.models import Stocktake, StocktakeStatus

register = template.Library()


@register.filter
def qty(value) -> str:
    """12.500 → "12.5", 100.000 → "100" (Decimal.normalize would say "1E+2")."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except Exception:  # noqa: BLE001 - show what we were given
            return str(value)
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def signed_qty(value) -> str:
    text = qty(value)
    return f"+{text}" if value is not None and value > 0 else text


@register.simple_tag
def open_stocktake_for(location):
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
