from django.urls import path

from apps.attachments.views import attachments

app_name = "attachments"

urlpatterns = [
    path(
        "attachments/<str:label>/<int:pk>/",
        attachments.record_attachments,
        name="record_attachments",
    ),
    path(
        "attachments/<int:pk>/download/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path("attachments/<int:pk>/delete/", attachments.attachment_delete, name="attachment_delete"),
]
