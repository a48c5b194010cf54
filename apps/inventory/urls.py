from django.urls import path

from apps.inventory.browsing import locations as location_views
from apps.inventory.browsing import movements as movement_views
from apps.inventory.browsing import part_tabs
from apps.inventory.browsing import stock as stock_views
from apps.inventory.stockwork import actions as stock_actions
from apps.inventory.stockwork import scan as scan_views
from apps.inventory.stockwork import stocktakes as stocktake_views

app_name = "inventory"

urlpatterns = [
    # Browsing (docs/inventory-browsing.md)
    path("locations/", location_views.location_tree, name="location_tree"),
    path("locations/new/", location_views.location_create, name="location_create"),
    path("locations/check-code/", location_views.location_code_check, name="location_code_check"),
    path("locations/<int:pk>/", location_views.location_detail, name="location_detail"),
    path("locations/<int:pk>/children/", location_views.location_children, name="location_children"),
    path("locations/<int:pk>/edit/", location_views.location_edit, name="location_edit"),
    path("locations/<int:pk>/archive/", location_views.location_archive, name="location_archive"),
    path("locations/<int:pk>/delete/", location_views.location_delete, name="location_delete"),
    path("stock/", stock_views.stock_list, name="stock_list"),
    path("movements/", movement_views.movement_list, name="movement_list"),
    path("parts/<int:pk>/stock/", part_tabs.part_stock_tab, name="part_stock_tab"),
    path("parts/<int:pk>/movements/", movement_views.part_movements_tab, name="part_movements_tab"),
    # Stock work (docs/stock-work.md)
    path("stock/receive/", stock_actions.stock_receive_view, name="stock_receive"),
    path("stock/issue/", stock_actions.stock_issue_view, name="stock_issue"),
    path("stock/transfer/", stock_actions.stock_transfer_view, name="stock_transfer"),
    path("stock/adjust/", stock_actions.stock_adjust_view, name="stock_adjust"),
    path("stock/move-selected/", stock_actions.stock_move_selected_view, name="stock_move_selected"),
    path("stock/<int:pk>/count/", stock_actions.stock_count_view, name="stock_count"),
    path("movements/<int:pk>/reverse/", stock_actions.movement_reverse_view, name="movement_reverse"),
    path("stocktakes/", stocktake_views.stocktake_list, name="stocktake_list"),
    path("stocktakes/new/", stocktake_views.stocktake_start_view, name="stocktake_start"),
    path("stocktakes/<int:pk>/", stocktake_views.stocktake_detail, name="stocktake_detail"),
    path("stocktakes/<int:pk>/count/", stocktake_views.stocktake_count, name="stocktake_count"),
    path("stocktakes/<int:pk>/lines/new/", stocktake_views.stocktake_line_add_view, name="stocktake_line_add"),
    path("stocktakes/<int:pk>/commit/", stocktake_views.stocktake_commit_view, name="stocktake_commit"),
    path("stocktakes/<int:pk>/cancel/", stocktake_views.stocktake_cancel_view, name="stocktake_cancel"),
    path("scan/", scan_views.scan, name="scan"),
]
