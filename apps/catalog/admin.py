from django.contrib import admin

from apps.catalog.models import Category, Part, Unit


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "depth", "is_active"]
    list_filter = ["is_active", "depth"]
    search_fields = ["name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path", "depth"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "allows_fractions"]
    list_filter = ["allows_fractions"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        # The code is the key parts, imports, exports and the API use: fixed once created.
        return ["code"] if obj is not None else []


@admin.register(Part)
class PartAdmin(admin.ModelAdmin):
    list_display = [
        "sku",
        "name",
        "category",
        "unit",
        "quantity_on_hand",
        "reorder_point",
        "is_active",
    ]
    list_filter = ["is_active", "unit", "tracks_batches"]
    search_fields = ["sku", "name", "barcode"]
    list_select_related = ["category"]
    autocomplete_fields = ["category", "default_location", "unit"]
    readonly_fields = ["quantity_on_hand", "created_at", "updated_at"]
    show_full_result_count = False
