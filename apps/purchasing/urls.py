from django.urls import path

from apps.purchasing import views

app_name = "purchasing"

urlpatterns = [
    path("suppliers/", views.supplier_list, name="supplier_list"),
    path("suppliers/new/", views.supplier_create, name="supplier_create"),
    path("suppliers/<int:pk>/", views.supplier_detail, name="supplier_detail"),
    path("suppliers/<int:pk>/edit/", views.supplier_edit, name="supplier_edit"),
    path("suppliers/<int:pk>/archive/", views.supplier_archive, name="supplier_archive"),
    path("suppliers/<int:pk>/parts/new/", views.supplier_part_create, name="supplier_part_create"),
    path("supplier-parts/<int:pk>/", views.supplier_part_row, name="supplier_part_row"),
    path("supplier-parts/<int:pk>/edit/", views.supplier_part_edit, name="supplier_part_edit"),
    path("supplier-parts/<int:pk>/delete/", views.supplier_part_delete, name="supplier_part_delete"),
    path("parts/<int:pk>/suppliers/", views.part_suppliers, name="part_suppliers"),
    path("parts/<int:pk>/suppliers/new/", views.part_supplier_create, name="part_supplier_create"),
    path("purchase-orders/", views.purchase_order_list, name="purchase_order_list"),
    path("purchase-orders/export.csv", views.purchase_order_export, name="purchase_order_export"),
    path("purchase-orders/new/", views.purchase_order_create, name="purchase_order_create"),
    path("purchase-orders/lines/", views.purchase_order_lines, name="purchase_order_lines"),
    path("purchase-orders/totals/", views.purchase_order_totals, name="purchase_order_totals"),
    path("purchase-orders/part-suggestions/", views.part_suggestions, name="purchase_order_part_suggestions"),
    path("purchase-orders/reorder/", views.reorder, name="purchase_order_reorder"),
    path("purchase-orders/<int:pk>/", views.purchase_order_detail, name="purchase_order_detail"),
    path("purchase-orders/<int:pk>/place/", views.purchase_order_place, name="purchase_order_place"),
    path("purchase-orders/<int:pk>/cancel/", views.purchase_order_cancel, name="purchase_order_cancel"),
    path("purchase-orders/<int:pk>/receive/", views.purchase_order_receive, name="purchase_order_receive"),
    path("purchase-orders/<int:pk>/print/", views.purchase_order_print, name="purchase_order_print"),
]
