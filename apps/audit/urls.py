from django.urls import path

from apps.audit.views import history

app_name = "audit"

urlpatterns = [
    path("history/<str:label>/<str:pk>/", history.record_history, name="record_history"),
]
