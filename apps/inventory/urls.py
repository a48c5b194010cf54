from django.urls import path

from apps.inventory.browsing import locations as location_views
from apps.inventory.browsing import movements as movement_views
from apps.inventory.browsing import part_tabs
from apps.inventory.browsing import stock as stock_views

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
]
