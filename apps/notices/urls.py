from django.urls import path

from apps.notices.views import notices, unsubscribe

app_name = "notices"

urlpatterns = [
    path("notices/", notices.notice_list, name="notice_list"),
    path("notices/export/", notices.notice_export, name="notice_export"),
    path("notices/send-now/", notices.notice_send_now, name="notice_send_now"),
    path("notices/preview/", notices.notice_preview, name="notice_preview"),
    path("notices/unsubscribe/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
]
