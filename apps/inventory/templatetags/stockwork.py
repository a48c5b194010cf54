"""Template helpers of stock work: quantities as people write them, open counts."""

from django import template

from apps.core.templatetags import quantities
from apps.inventory.selectors.stocktakes import open_stocktake_covering

register = template.Library()


# Quantities are formatted by core's filters; re-registered so {% load stockwork %} has them.
register.filter("qty", quantities.qty)
register.filter("signed_qty", quantities.signed_qty)


@register.simple_tag
def open_stocktake_for(location):
    """The open count covering `location` (on it or on a location above it), or None."""
    return open_stocktake_covering(location)
