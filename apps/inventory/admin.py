from django.contrib import admin

from apps.core.admin import ViewOnlyAdminMixin
from apps.inventory.models import Location, StockItem, StockMovement


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "depth", "allow_negative_stock", "is_active"]
    list_filter = ["is_active", "allow_negative_stock", "depth"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path", "depth"]


@admin.register(StockItem)
class StockItemAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: stock changes only through the stock services (and so the ledger)."""

    list_display = ["part", "location", "batch", "expiry_date", "quantity"]
    list_filter = ["location__depth"]
    search_fields = ["part__sku", "location__code", "batch"]
    list_select_related = ["part", "location"]
    show_full_result_count = False


@admin.register(StockMovement)
class StockMovementAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """The ledger is immutable: visible here, never edited or deleted."""

    list_display = [
        "created_at",
        "kind",
        "part",
        "location",
        "quantity",
        "quantity_after",
        "user",
        "reference",
    ]
    list_filter = ["kind", "created_at"]
    search_fields = ["part__sku", "location__code", "reference"]
    list_select_related = ["part", "location", "user"]
    date_hierarchy = "created_at"
    show_full_result_count = False
