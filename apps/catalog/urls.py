from django.urls import path

from apps.catalog import views

urlpatterns = [
    path("parts/", views.part_list, name="part_list"),
]
