"""Template helpers of stock work: quantities as people write them, open counts."""

from django import template

from apps.core.templatetags import quantities

from apps.core.trees import path_step
from apps.inventory.models import Stocktake, StocktakeStatus

register = template.Library()


# Quantities are formatted by core's filters; re-registered so {% load stockwork %} has them.
register.filter("qty", quantities.qty)
register.filter("signed_qty", quantities.signed_qty)


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
