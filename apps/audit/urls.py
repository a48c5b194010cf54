from django.urls import path

from apps.audit import views

app_name = "audit"

urlpatterns = [
    path("history/<str:label>/<str:pk>/", views.record_history, name="record_history"),
]
