from django.urls import path

from apps.catalog import views

app_name = "catalog"

urlpatterns = [
    path("parts/", views.part_list, name="part_list"),
    path("parts/export/", views.part_export, name="part_export"),
    path("parts/bulk/", views.part_bulk, name="part_bulk"),
    path("parts/new/", views.part_create, name="part_create"),
    path("parts/validate/", views.part_validate, name="part_validate"),
    path("parts/<int:pk>/", views.part_detail, name="part_detail"),
    path("parts/<int:pk>/edit/", views.part_edit, name="part_edit"),
    path("parts/<int:pk>/validate/", views.part_validate_existing, name="part_validate_existing"),
    path("parts/<int:pk>/archive/", views.part_archive, name="part_archive"),
    path("parts/<int:pk>/delete/", views.part_delete, name="part_delete"),
    path("parts/<int:pk>/row/", views.part_row, name="part_row"),
    path("parts/<int:pk>/reorder-point/", views.part_reorder_point, name="part_reorder_point"),
    path("categories/", views.category_list, name="category_list"),
    path("categories/new/", views.category_create, name="category_create"),
    path("categories/<int:pk>/children/", views.category_children, name="category_children"),
    path("categories/<int:pk>/edit/", views.category_edit, name="category_edit"),
    path("categories/<int:pk>/archive/", views.category_archive, name="category_archive"),
    path("categories/<int:pk>/delete/", views.category_delete, name="category_delete"),
]
