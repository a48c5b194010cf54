"""Reads of the receiving page."""

from django.db.models import Q

from apps.inventory.models import Location


def active_locations_by_code(codes) -> dict:
    """The active locations with these codes (any case), by lower-cased code."""
    wanted = {c.strip().lower() for c in codes if c and c.strip()}
    if not wanted:
        return {}
    query = Q()
    for code in wanted:
        query |= Q(code__iexact=code)
    return {loc.code.lower(): loc for loc in Location.objects.filter(query, is_active=True)}
