from django.conf import settings
from django.urls import path

from apps.core import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("baseline/", views.baseline, name="baseline"),
    # Uploaded files behind sign-in; stored URLs keep their MEDIA_URL (/media/...).
    path(settings.MEDIA_URL.lstrip("/") + "<path:path>", views.media_file, name="media_file"),
]
