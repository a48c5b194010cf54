from django.urls import path

from apps.inventory.views import (
    locations,
    movements,
    part_tabs,
    scan,
    stock,
    stock_actions,
    stocktakes,
)

app_name = "inventory"

urlpatterns = [
    # Browsing (docs/inventory-browsing.md)
    path("locations/", locations.location_tree, name="location_tree"),
    path("locations/new/", locations.location_create, name="location_create"),
    path("locations/check-code/", locations.location_code_check, name="location_code_check"),
    path("locations/<int:pk>/", locations.location_detail, name="location_detail"),
    path("locations/<int:pk>/children/", locations.location_children, name="location_children"),
    path("locations/<int:pk>/edit/", locations.location_edit, name="location_edit"),
    path("locations/<int:pk>/archive/", locations.location_archive, name="location_archive"),
    path("locations/<int:pk>/delete/", locations.location_delete, name="location_delete"),
    path("stock/", stock.stock_list, name="stock_list"),
    path("movements/", movements.movement_list, name="movement_list"),
    path("parts/<int:pk>/stock/", part_tabs.part_stock_tab, name="part_stock_tab"),
    path("parts/<int:pk>/movements/", movements.part_movements_tab, name="part_movements_tab"),
    # Stock work (docs/stock-work.md)
    path("stock/receive/", stock_actions.stock_receive_view, name="stock_receive"),
    path("stock/issue/", stock_actions.stock_issue_view, name="stock_issue"),
    path("stock/transfer/", stock_actions.stock_transfer_view, name="stock_transfer"),
    path("stock/adjust/", stock_actions.stock_adjust_view, name="stock_adjust"),
    path(
        "stock/move-selected/", stock_actions.stock_move_selected_view, name="stock_move_selected"
    ),
    path("stock/<int:pk>/count/", stock_actions.stock_count_view, name="stock_count"),
    path(
        "movements/<int:pk>/reverse/", stock_actions.movement_reverse_view, name="movement_reverse"
    ),
    path("stocktakes/", stocktakes.stocktake_list, name="stocktake_list"),
    path("stocktakes/new/", stocktakes.stocktake_start_view, name="stocktake_start"),
    path("stocktakes/<int:pk>/", stocktakes.stocktake_detail, name="stocktake_detail"),
    path("stocktakes/<int:pk>/count/", stocktakes.stocktake_count, name="stocktake_count"),
    path(
        "stocktakes/<int:pk>/lines/new/",
        stocktakes.stocktake_line_add_view,
        name="stocktake_line_add",
    ),
    path("stocktakes/<int:pk>/commit/", stocktakes.stocktake_commit_view, name="stocktake_commit"),
    path("stocktakes/<int:pk>/cancel/", stocktakes.stocktake_cancel_view, name="stocktake_cancel"),
    path("scan/", scan.scan, name="scan"),
]
