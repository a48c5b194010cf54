from django.urls import path

from apps.reports.views import index, movements, purchasing, usage, value

app_name = "reports"

urlpatterns = [
    path("", index.index, name="index"),
    path("stock-value/categories/", value.value_by_category, name="value_by_category"),
    path("stock-value/locations/", value.value_by_location, name="value_by_location"),
    path("movements/", movements.movements, name="movements"),
    path("usage/", usage.usage, name="usage"),
    path("dead-stock/", usage.dead_stock, name="dead_stock"),
    path("purchasing/", purchasing.purchasing, name="purchasing"),
]
