from django.urls import path

from apps.audit.views import history

app_name = "audit"

urlpatterns = [
    path("history/<str:label>/<str:pk>/", history.record_history, name="record_history"),
    path(
        "history/<str:label>/<str:pk>/export/",
        history.record_history_export,
        name="record_history_export",
    ),
]
