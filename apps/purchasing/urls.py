from django.urls import path

from apps.purchasing.views import order_form, orders, receiving, reorder, supplier_parts, suppliers

app_name = "purchasing"

urlpatterns = [
    path("suppliers/", suppliers.supplier_list, name="supplier_list"),
    path("suppliers/new/", suppliers.supplier_create, name="supplier_create"),
    path("suppliers/<int:pk>/", suppliers.supplier_detail, name="supplier_detail"),
    path("suppliers/<int:pk>/edit/", suppliers.supplier_edit, name="supplier_edit"),
    path("suppliers/<int:pk>/archive/", suppliers.supplier_archive, name="supplier_archive"),
    path(
        "suppliers/<int:pk>/parts/new/",
        supplier_parts.supplier_part_create,
        name="supplier_part_create",
    ),
    path("supplier-parts/<int:pk>/", supplier_parts.supplier_part_row, name="supplier_part_row"),
    path(
        "supplier-parts/<int:pk>/edit/",
        supplier_parts.supplier_part_edit,
        name="supplier_part_edit",
    ),
    path(
        "supplier-parts/<int:pk>/delete/",
        supplier_parts.supplier_part_delete,
        name="supplier_part_delete",
    ),
    path("parts/<int:pk>/suppliers/", supplier_parts.part_suppliers, name="part_suppliers"),
    path(
        "parts/<int:pk>/suppliers/new/",
        supplier_parts.part_supplier_create,
        name="part_supplier_create",
    ),
    path("purchase-orders/", orders.purchase_order_list, name="purchase_order_list"),
    path("purchase-orders/export.csv", orders.purchase_order_export, name="purchase_order_export"),
    path("purchase-orders/new/", order_form.purchase_order_create, name="purchase_order_create"),
    path("purchase-orders/lines/", order_form.purchase_order_lines, name="purchase_order_lines"),
    path("purchase-orders/totals/", order_form.purchase_order_totals, name="purchase_order_totals"),
    path(
        "purchase-orders/part-suggestions/",
        order_form.part_suggestions,
        name="purchase_order_part_suggestions",
    ),
    path("purchase-orders/reorder/", reorder.reorder, name="purchase_order_reorder"),
    path("purchase-orders/<int:pk>/", orders.purchase_order_detail, name="purchase_order_detail"),
    path(
        "purchase-orders/<int:pk>/place/", orders.purchase_order_place, name="purchase_order_place"
    ),
    path(
        "purchase-orders/<int:pk>/cancel/",
        orders.purchase_order_cancel,
        name="purchase_order_cancel",
    ),
    path(
        "purchase-orders/<int:pk>/receive/",
        receiving.purchase_order_receive,
        name="purchase_order_receive",
    ),
    path(
        "purchase-orders/<int:pk>/print/", orders.purchase_order_print, name="purchase_order_print"
    ),
]
