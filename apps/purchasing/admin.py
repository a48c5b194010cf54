from django.contrib import admin

from apps.purchasing.models import (
    SUPPLIER_PART_PACK,
    SUPPLIER_PART_TERMS,
    LineReceipt,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
    SupplierPart,
)


class SupplierPartInline(admin.TabularInline):
    model = SupplierPart
    extra = 0
    raw_id_fields = ["part"]
    fields = ["part", *SUPPLIER_PART_TERMS, *SUPPLIER_PART_PACK]


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "contact_name", "email", "currency", "is_active"]
    list_filter = ["is_active", "currency"]
    search_fields = ["name", "code", "contact_name", "email"]
    inlines = [SupplierPartInline]


@admin.register(SupplierPart)
class SupplierPartAdmin(admin.ModelAdmin):
    list_display = [
        "supplier",
        "part",
        "supplier_sku",
        "unit_price",
        "currency",
        "minimum_order_quantity",
        "lead_time_days",
        "is_preferred",
    ]
    list_filter = ["is_preferred", "currency", "supplier"]
    search_fields = ["supplier__name", "part__sku", "part__name", "supplier_sku"]
    list_select_related = ["supplier", "part"]
    raw_id_fields = ["part"]
    autocomplete_fields = ["supplier"]


class PurchaseOrderLineInline(admin.TabularInline):
    model = PurchaseOrderLine
    extra = 0
    raw_id_fields = ["part"]
    fields = ["position", "part", "quantity", "unit_price", "received_quantity"]


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(admin.ModelAdmin):
    list_display = ["number", "supplier", "status", "expected_date", "created_at", "created_by"]
    list_filter = ["status", "supplier"]
    search_fields = ["number", "supplier__name", "notes"]
    list_select_related = ["supplier", "created_by"]
    readonly_fields = [
        "number",
        "created_at",
        "updated_at",
        "ordered_at",
        "received_at",
        "cancelled_at",
    ]
    raw_id_fields = ["created_by"]
    date_hierarchy = "created_at"
    inlines = [PurchaseOrderLineInline]


@admin.register(PurchaseOrderLine)
class PurchaseOrderLineAdmin(admin.ModelAdmin):
    list_display = ["order", "part", "quantity", "unit_price", "received_quantity"]
    list_filter = ["order__status"]
    search_fields = ["order__number", "part__sku", "part__name"]
    list_select_related = ["order", "part"]
    raw_id_fields = ["order", "part"]


@admin.register(LineReceipt)
class LineReceiptAdmin(admin.ModelAdmin):
    """Which ledger movement received which order line: written by receiving only."""

    list_display = ["line", "movement"]
    search_fields = ["line__order__number", "line__part__sku"]
    list_select_related = ["line", "movement"]
    raw_id_fields = ["line", "movement"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
