"""Read-side queries for the dashboard."""

from django.db.models import Count, F, Q, Sum

from apps.catalog.models import Part
from apps.inventory.models import Location, StockMovement


def dashboard_summary() -> dict:
    parts = Part.objects.aggregate(
        total=Count("id"),
        active=Count("id", filter=Q(is_active=True)),
        below_reorder=Count(
            "id", filter=Q(is_active=True, quantity_on_hand__lt=F("reorder_point"))
        ),
        stock_value=Sum(F("quantity_on_hand") * F("unit_cost")),
    )
    return {
        "parts": parts["total"],
        "active_parts": parts["active"],
        "below_reorder": parts["below_reorder"],
        "stock_value": parts["stock_value"] or 0,
        "locations": Location.objects.count(),
        "recent_movements": list(
            StockMovement.objects.select_related("part", "location", "user")[:10]
        ),
    }
