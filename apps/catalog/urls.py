from django.urls import path

from apps.catalog.views import categories, part_list, part_rows, parts, units

app_name = "catalog"

urlpatterns = [
    path("parts/", part_list.part_list, name="part_list"),
    path("parts/export/", part_list.part_export, name="part_export"),
    path("parts/bulk/", part_list.part_bulk, name="part_bulk"),
    path("parts/new/", parts.part_create, name="part_create"),
    path("parts/validate/", parts.part_validate, name="part_validate"),
    path("parts/<int:pk>/", parts.part_detail, name="part_detail"),
    path("parts/<int:pk>/edit/", parts.part_edit, name="part_edit"),
    path("parts/<int:pk>/validate/", parts.part_validate_existing, name="part_validate_existing"),
    path("parts/<int:pk>/archive/", parts.part_archive, name="part_archive"),
    path("parts/<int:pk>/delete/", parts.part_delete, name="part_delete"),
    path("parts/<int:pk>/row/", part_rows.part_row, name="part_row"),
    path("parts/<int:pk>/reorder-point/", part_rows.part_reorder_point, name="part_reorder_point"),
    path("categories/", categories.category_list, name="category_list"),
    path("categories/new/", categories.category_create, name="category_create"),
    path("categories/<int:pk>/children/", categories.category_children, name="category_children"),
    path("categories/<int:pk>/edit/", categories.category_edit, name="category_edit"),
    path("categories/<int:pk>/archive/", categories.category_archive, name="category_archive"),
    path("categories/<int:pk>/delete/", categories.category_delete, name="category_delete"),
    path("units/", units.unit_list, name="unit_list"),
    path("units/new/", units.unit_create, name="unit_create"),
    path("units/<int:pk>/edit/", units.unit_edit, name="unit_edit"),
]
