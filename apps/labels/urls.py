from django.urls import path

from apps.labels.views import labels

app_name = "labels"

urlpatterns = [
    path("labels/", labels.label_options, name="label_options"),
    path("labels/sheet/", labels.label_sheet, name="label_sheet"),
    path("labels/sheet.pdf", labels.label_pdf, name="label_pdf"),
]
